package org.jpasta.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.jpasta.it.pasta.PastaUnderTest;
import org.jpasta.it.sandbox.Result;
import org.jpasta.it.sandbox.Sandbox;
import org.jpasta.it.sandbox.SandboxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bad input never takes pasta down: from inside the namespace a raw packet socket writes thousands of
 * malformed frames into the tap (random bytes behind plausible Ethernet, ARP, IPv4 and IPv6 headers, with
 * every protocol pasta parses: ICMP, ICMPv6/NDP, TCP, UDP, DHCP, DHCPv6; truncated at every length, lying
 * length fields, runt frames), then ICMP and ICMPv6 through pasta must still work.
 */
@ExtendWith(SandboxExtension.class)
@Timeout(120)
class MalformedFramesIT {
    private static final String FUZZ = String.join("\n",
            "import os, random, socket, struct",
            "random.seed(20261122)",
            "s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)",
            "s.bind(('eth0', 0))",
            "ours = bytes.fromhex('9a559a559a55')",
            "me = s.getsockname()[4]",
            "def rnd(n): return os.urandom(n)",
            "def ipv4(proto, body):",
            "    tl = random.choice([20 + len(body), random.randrange(0, 65536)])",
            "    ihl = random.choice([5, 5, 5, random.randrange(0, 16)])",
            "    h = struct.pack('!BBHHHBBH4s4s', 0x40 | ihl, 0, tl & 0xffff, 0, random.choice([0x4000, 0x2000, 0]), 64, proto, 0,",
            "        bytes([198, 51, 100, 2]), random.choice([bytes([198, 51, 100, 1]), rnd(4), bytes([255] * 4)]))",
            "    return h + body",
            "def ipv6(nh, body):",
            "    pl = random.choice([len(body), random.randrange(0, 65536)])",
            "    return struct.pack('!IHBB', 0x60000000, pl & 0xffff, nh, 255) + rnd(16) + random.choice([rnd(16), bytes.fromhex('ff020000000000000000000000000001'), bytes.fromhex('20010db8010000000000000000000001')]) + body",
            "def udp(sport, dport, body):",
            "    return struct.pack('!HHHH', sport, dport, random.choice([8 + len(body), random.randrange(0, 65536)]) & 0xffff, 0) + body",
            "def tcp(body):",
            "    return struct.pack('!HHIIBBHHH', random.randrange(65536), random.choice([80, 8088, random.randrange(65536)]), random.randrange(2**32), random.randrange(2**32), random.randrange(256), random.randrange(256), random.randrange(65536), 0, 0) + body",
            "count = 0",
            "for i in range(6000):",
            "    kind = random.randrange(12)",
            "    body = rnd(random.choice([0, 1, 7, 40, 300, 1400]))",
            "    if kind == 0: frame = rnd(random.randrange(0, 80))",
            "    elif kind == 1: frame = ours + me + b'\\x08\\x06' + rnd(random.randrange(0, 40))",
            "    elif kind == 2: frame = ours + me + b'\\x08\\x00' + ipv4(1, bytes([8, 0]) + body)",
            "    elif kind == 3: frame = ours + me + b'\\x08\\x00' + ipv4(6, tcp(body))",
            "    elif kind == 4: frame = ours + me + b'\\x08\\x00' + ipv4(17, udp(68, 67, bytes([1, 1, 6, 0]) + body))",
            "    elif kind == 5: frame = ours + me + b'\\x08\\x00' + ipv4(17, udp(random.randrange(65536), 53, body))",
            "    elif kind == 6: frame = ours + me + b'\\x86\\xdd' + ipv6(58, bytes([random.choice([128, 133, 135, 136, 1])]) + body)",
            "    elif kind == 7: frame = ours + me + b'\\x86\\xdd' + ipv6(6, tcp(body))",
            "    elif kind == 8: frame = ours + me + b'\\x86\\xdd' + ipv6(17, udp(546, 547, bytes([random.choice([1, 3, 5, 6, 11])]) + body))",
            "    elif kind == 9: frame = ours + me + b'\\x86\\xdd' + ipv6(random.choice([0, 43, 44, 60]), body)",
            "    elif kind == 10: frame = ours + me + b'\\x08\\x00' + ipv4(random.randrange(256), body)",
            "    else: frame = ours + me + rnd(2) + body",
            "    frame = frame[:random.choice([len(frame), len(frame), random.randrange(0, len(frame) + 1)])]",
            "    if len(frame) < 1: continue",
            "    try:",
            "        s.send(frame); count += 1",
            "    except OSError:",
            "        pass",
            "print('sent', count)");

    private static PastaUnderTest pasta;

    @BeforeAll
    static void findPasta() {
        pasta = PastaUnderTest.get().requireExecutable();
    }

    @Test
    void survivesThousandsOfMalformedFramesAndKeepsWorking(Sandbox sandbox) {
        Result r = sandbox.hostUser().run(Duration.ofSeconds(90), pasta.command("--config-net", "--", "sh", "-c",
                "python3 -c \"$1\" && sleep 0.5 && ping -c1 -W2 " + Sandbox.GATEWAY_V4
                        + " >/dev/null && echo ping-ok && ping -6 -c1 -W2 " + Sandbox.GATEWAY_V6
                        + " >/dev/null && echo ping6-ok", "sh", FUZZ));
        assertEquals(0, r.exitCode(), r::describe);
        assertTrue(r.stdout().contains("sent ") && r.stdout().contains("ping-ok") && r.stdout().contains("ping6-ok"),
                r::describe);
    }
}
