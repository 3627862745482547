package org.jpasta.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jpasta.it.pasta.PastaUnderTest;
import org.jpasta.it.sandbox.Await;
import org.jpasta.it.sandbox.Proc;
import org.jpasta.it.sandbox.Result;
import org.jpasta.it.sandbox.Sandbox;
import org.jpasta.it.sandbox.SandboxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code -c PATH}, pasta's configuration socket, driven the way {@code pesto} drives it (Podman's
 * {@code rootless_port_forwarder = "pasta"}, RootlessKit's pesto port driver): read the greeting and the current
 * tables, send complete new tables. The client here is a separate Python implementation of the protocol
 * ({@link #CLIENT}), so the test does not share the daemon's encoder; it passes against pasta 2026 as well.
 */
@ExtendWith(SandboxExtension.class)
@Timeout(120)
class ControlSocketIT {
    private static final int INBOUND_PORT = 10093, OUTBOUND_PORT = 10094, KEPT_PORT = 10095, UDP_PORT = 10096,
            AUTO_PORT = 10097, UDP_CLIENT_PORT = 40127;
    private static final int TCP = 6, UDP = 17, DUAL_STACK = 1, WEAK_SCAN = 2 | 4;
    private static final Duration TAKES_EFFECT_WITHIN = Duration.ofSeconds(3);
    private static PastaUnderTest pasta;

    /**
     * {@code python3 -c CLIENT SOCKET show}: prints the greeting, then a line per table ("table PIF NAME CAPS
     * COUNT") and per rule ("rule HEX"). {@code python3 -c CLIENT SOCKET set PIF:RULE,RULE... ...}: reads the
     * same, then sends the given tables (rules as hex), and prints "sent". A rule is built with
     * {@code rule(proto, first, last, to, flags, ifname, addr)} semantics in {@link #rule}.
     */
    static final String CLIENT = String.join("\n",
            "import socket, struct, sys",
            "s = socket.socket(socket.AF_UNIX)",
            "s.connect(sys.argv[1])",
            "def rd(n):",
            "    b = b''",
            "    while len(b) < n:",
            "        x = s.recv(n - len(b))",
            "        if not x: raise SystemExit('EOF')",
            "        b += x",
            "    return b",
            "h = rd(20)",
            "print('hello', h[:8], *struct.unpack('>III', h[8:]))",
            "while True:",
            "    pif = rd(1)[0]",
            "    if pif == 0: break",
            "    info = rd(136)",
            "    caps, count = struct.unpack('>II', info[128:])",
            "    print('table', pif, info[:128].rstrip(b'\\0').decode(), caps, count)",
            "    for i in range(count): print('rule', rd(56).hex())",
            "if sys.argv[2] == 'set':",
            "    out = b''",
            "    for t in sys.argv[3:]:",
            "        pif, rules = t.split(':')",
            "        rules = [bytes.fromhex(r) for r in rules.split(',') if r]",
            "        out += bytes([int(pif)]) + struct.pack('>I', len(rules)) + b''.join(rules)",
            "    s.sendall(out + b'\\0')",
            "    s.shutdown(socket.SHUT_WR)",
            "    try: s.recv(1)  # the server closes once it is done with the tables",
            "    except ConnectionResetError: pass  # it refused them before reading all of them",
            "    print('sent')",
            "");

    @BeforeAll
    static void findPasta() {
        pasta = PastaUnderTest.get().requireExecutable();
    }

    /**
     * pasta's {@code struct fwd_rule}: listening address (16 bytes, {@code ::} here: any address of both IP
     * versions with flag 1), target address (none), interface name (16 bytes), first, last and target port in
     * network order, protocol, flags.
     */
    private static String rule(int protocol, int port, String ifname) {
        return rule(protocol, port, port, ifname, DUAL_STACK);
    }

    private static String rule(int protocol, int first, int last, String ifname, int flags) {
        StringBuilder hex = new StringBuilder("00".repeat(32));
        byte[] name = ifname.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i < 16; i++) {
            hex.append(String.format("%02x", i < name.length ? name[i] : 0));
        }
        hex.append(String.format("%04x%04x%04x%02x%02x", first, last, first, protocol, flags));
        return hex.toString();
    }

    private static Result client(SpliceAttach a, String... args) {
        List<String> argv = new ArrayList<>(List.of("python3", "-c", CLIENT, a.file("control.sock")));
        argv.addAll(List.of(args));
        Result r = a.host().run(Duration.ofSeconds(30), argv.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r::describe);
        return r;
    }

    @Test
    void tcpRulesAddedAndRemovedAtRunTime(Sandbox sandbox) {
        SpliceAttach a = SpliceAttach.start(sandbox, pasta, "-c", sandbox.userDir().resolve("control.sock").toString(),
                "-t", "none", "-u", "none", "-T", "none", "-U", "none");
        String shown = client(a, "show").stdout();
        assertTrue(shown.startsWith("hello b'basil:s\\x00' 2 128 16"), shown);
        assertTrue(shown.contains("table 1 HOST 63 0") || shown.contains("table 1 HOST 31 0"), shown);
        assertTrue(shown.contains("table 3 SPLICE"), shown);

        SpliceAttach.startServer(a.ns(), "0.0.0.0", INBOUND_PORT, "echo");
        SpliceAttach.startServer(a.host(), "127.0.0.1", OUTBOUND_PORT, "echo");
        assertTrue(refused(a, true) && refused(a, false), "nothing forwarded before the new tables");

        client(a, "set", "1:" + rule(TCP, INBOUND_PORT, ""), "3:" + rule(TCP, OUTBOUND_PORT, "lo"));
        assertTrue(Await.until(TAKES_EFFECT_WITHIN, () -> echoes(a, true)), "-t rule added through the socket");
        assertTrue(Await.until(TAKES_EFFECT_WITHIN, () -> echoes(a, false)), "-T rule added through the socket");
        String after = client(a, "show").stdout();
        assertTrue(after.contains("rule " + rule(TCP, INBOUND_PORT, "")), after);
        assertTrue(after.contains("rule " + rule(TCP, OUTBOUND_PORT, "lo")), after);

        client(a, "set", "1:", "3:");
        assertTrue(Await.until(TAKES_EFFECT_WITHIN, () -> refused(a, true)), "-t rule removed");
        assertTrue(Await.until(TAKES_EFFECT_WITHIN, () -> refused(a, false)), "-T rule removed");
        assertTrue(client(a, "show").stdout().contains("table 1 HOST"), "the socket still answers");
    }

    /**
     * A {@code -u} rule and a {@code -T ...auto} rule through the socket: datagrams from the host's loopback reach
     * a server in the namespace and its replies come back; a port the host binds afterwards is forwarded from
     * the namespace's loopback once the scan sees it. Both stop once the tables are emptied.
     */
    @Test
    void udpAndAutoRulesAtRunTime(Sandbox sandbox) {
        SpliceAttach a = SpliceAttach.start(sandbox, pasta, "-c", sandbox.userDir().resolve("control.sock").toString(),
                "-t", "none", "-u", "none", "-T", "none", "-U", "none");
        Proc udpServer = a.ns().start("python3", "-c", UdpTools.ECHO_SERVER, "0.0.0.0", Integer.toString(UDP_PORT));
        assertTrue(Await.until(Duration.ofSeconds(10), () -> udpServer.stdout().contains("listening")),
                udpServer::command);

        client(a, "set", "1:" + rule(UDP, UDP_PORT, ""),
                "3:" + rule(TCP, AUTO_PORT - 1, AUTO_PORT + 1, "lo", DUAL_STACK | WEAK_SCAN));
        assertTrue(Await.until(TAKES_EFFECT_WITHIN, () -> datagramEchoes(a, UDP_CLIENT_PORT)),
                "-u rule added through the socket");
        SpliceAttach.startServer(a.host(), "127.0.0.1", AUTO_PORT, "echo");
        assertTrue(Await.until(Duration.ofMillis(2500), () -> SpliceAttach.client(a.ns(), "127.0.0.1", AUTO_PORT,
                "many", "1", "1000").stdout().contains("ok 1")), "-T auto rule added through the socket");

        client(a, "set", "1:", "3:");
        // a new client: a flow already set up may go on (pasta keeps it on a socket of its own; jpasta's flows
        // answer through the listener's socket, so they end with it)
        assertTrue(Await.until(TAKES_EFFECT_WITHIN, () -> !datagramEchoes(a, UDP_CLIENT_PORT + 1)),
                "-u rule removed");
        assertTrue(Await.until(TAKES_EFFECT_WITHIN, () -> SpliceAttach.client(a.ns(), "127.0.0.1", AUTO_PORT,
                "many", "1", "10").stdout().contains("refused")), "-T auto rule removed");
    }

    private static boolean datagramEchoes(SpliceAttach a, int clientPort) {
        return a.host().run("python3", "-c", UdpTools.CLIENT, "127.0.0.1", Integer.toString(UDP_PORT),
                Integer.toString(clientPort), "ctl").stdout().startsWith("3 ctl 127.0.0.1 " + UDP_PORT);
    }

    /** A table with a rule pasta refuses (port 0) changes nothing: the running rule stays and keeps working. */
    @Test
    void refusedTablesLeaveTheRunningOnes(Sandbox sandbox) {
        SpliceAttach a = SpliceAttach.start(sandbox, pasta, "-c", sandbox.userDir().resolve("control.sock").toString(),
                "-t", Integer.toString(KEPT_PORT), "-u", "none", "-T", "none", "-U", "none");
        SpliceAttach.startServer(a.ns(), "0.0.0.0", KEPT_PORT, "echo");
        String before = client(a, "show").stdout();
        assertTrue(before.contains("rule " + rule(TCP, KEPT_PORT, "")), before);

        String portZero = rule(TCP, KEPT_PORT, "").substring(0, 96) + "0000" + rule(TCP, KEPT_PORT, "").substring(100);
        client(a, "set", "1:" + portZero, "3:");

        assertEquals(before, client(a, "show").stdout(), "tables after the refused ones");
        assertTrue(echoesAt(a, KEPT_PORT), "the running rule still forwards");
    }

    /**
     * Spawn mode with {@code -d}: the command itself is the client, and pasta still reports it on stderr after
     * the command started (pasta keeps debug output on stderr when there is no log file).
     */
    @Test
    void spawnedCommandIsAClientAndDebugOutputGoesOn(Sandbox sandbox) {
        String path = sandbox.userDir().resolve("control.sock").toString();
        Result r = sandbox.hostUser().start(pasta.path(), "-d", "-c", path, "-t", "none", "-u", "none", "-T", "none",
                "-U", "none", "--", "python3", "-c", CLIENT, path, "show").await(Duration.ofSeconds(60));
        assertEquals(0, r.exitCode(), r::describe);
        assertTrue(r.stdout().contains("table 1 HOST"), r::describe);
        assertTrue(r.stderr().contains("Accepted configuration client"), r::describe);
    }

    /** A path another pasta serves is refused at start-up with pasta's message and exit status. */
    @Test
    void pathInUseIsAStartUpError(Sandbox sandbox) {
        String path = sandbox.userDir().resolve("control.sock").toString();
        SpliceAttach.start(sandbox, pasta, "-c", path, "-t", "none", "-u", "none", "-T", "none", "-U", "none");
        Result second = sandbox.hostUser().start(pasta.path(), "-c", path, "-t", "none", "-u", "none",
                "--netns-only", "--", "true").await(Duration.ofSeconds(30));
        assertEquals(1, second.exitCode(), second::describe);
        assertTrue(second.stderr().contains("Socket path " + path + " already in use"), second::describe);
    }

    private static boolean echoes(SpliceAttach a, boolean inbound) {
        return inbound ? echoesAt(a, INBOUND_PORT)
                : SpliceAttach.client(a.ns(), "127.0.0.1", OUTBOUND_PORT, "many", "1", "1000").stdout()
                        .contains("ok 1");
    }

    private static boolean echoesAt(SpliceAttach a, int port) {
        return SpliceAttach.client(a.host(), "127.0.0.1", port, "many", "1", "1000").stdout().contains("ok 1");
    }

    private static boolean refused(SpliceAttach a, boolean inbound) {
        return inbound
                ? SpliceAttach.client(a.host(), "127.0.0.1", INBOUND_PORT, "many", "1", "10").stdout()
                        .contains("refused")
                : SpliceAttach.client(a.ns(), "127.0.0.1", OUTBOUND_PORT, "many", "1", "10").stdout()
                        .contains("refused");
    }
}
