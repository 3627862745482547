package org.jpasta.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jpasta.it.pasta.PastaUnderTest;
import org.jpasta.it.sandbox.Await;
import org.jpasta.it.sandbox.CommandContext;
import org.jpasta.it.sandbox.PidFile;
import org.jpasta.it.sandbox.Proc;
import org.jpasta.it.sandbox.ProcFs;
import org.jpasta.it.sandbox.Result;
import org.jpasta.it.sandbox.Sandbox;
import org.jpasta.it.sandbox.SandboxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The guest sees the real MAC addresses of the host's LAN neighbours (pasta since 2025-10: {@code fwd_neigh_*}):
 * in ARP replies and neighbour advertisements, in the source of frames from them, and in announcements when the
 * host's table changes. The neighbours here are static entries on the sandbox's {@code eth0} (pointing at MACs
 * nobody has, so the guest's pings to them go nowhere) or a second address of the upstream router.
 */
@ExtendWith(SandboxExtension.class)
@Timeout(120)
class NeighbourMacIT {
    private static final Duration RUN = Duration.ofSeconds(40);
    private static final String OUR_MAC = "9a:55:9a:55:9a:55";
    private static final String LAN4 = "198.51.100.7", LAN6 = "2001:db8:100::7";
    private static final String LAN4_MAC = "02:00:00:00:07:07", LAN6_MAC = "02:00:00:00:07:17";
    private static final String LATER4 = "198.51.100.8", LATER6 = "2001:db8:100::8";
    private static final String LATER4_MAC = "02:00:00:00:08:08", LATER6_MAC = "02:00:00:00:08:18";
    private static PastaUnderTest pasta;

    @BeforeAll
    static void findPasta() {
        pasta = PastaUnderTest.get().requireExecutable();
    }

    private static void hostRoot(Sandbox sandbox, String script) {
        Result r = sandbox.hostRoot().run("sh", "-c", script);
        assertEquals(0, r.exitCode(), r::describe);
    }

    /** The lladdr of {@code address} in an {@code ip neigh show} listing, or "none". */
    private static String macOf(String neighbours, String address) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(address) + " dev \\S+ lladdr (\\S+)").matcher(neighbours);
        return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : "none";
    }

    @Test
    void arpAndNdpAnswersCarryTheNeighboursMacAndOursForEveryoneElse(Sandbox sandbox) {
        hostRoot(sandbox, "ip neigh replace " + LAN4 + " lladdr " + LAN4_MAC + " dev eth0 nud permanent && "
                + "ip neigh replace " + LAN6 + " lladdr " + LAN6_MAC + " dev eth0 nud permanent");

        Result r = sandbox.hostUser().run(RUN, pasta.command("--config-net", "--", "sh", "-c",
                "for a in " + LAN4 + " 198.51.100.9 " + Sandbox.GATEWAY_V4 + " " + LAN6 + " 2001:db8:100::9; do "
                        + "ping -c1 -W1 $a >/dev/null 2>&1; done; ip neigh show"));

        assertEquals(0, r.exitCode(), r::describe);
        String n = r.stdout();
        assertEquals(LAN4_MAC, macOf(n, LAN4), n);
        assertEquals(LAN6_MAC, macOf(n, LAN6), n);
        assertEquals(OUR_MAC, macOf(n, "198.51.100.9"), "not in the host's table: " + n);
        assertEquals(OUR_MAC, macOf(n, "2001:db8:100::9"), "not in the host's table: " + n);
        assertEquals(OUR_MAC, macOf(n, Sandbox.GATEWAY_V4), "the gateway address maps to the host: " + n);
    }

    @Test
    void framesFromANeighbourComeFromItsMac(Sandbox sandbox) {
        Result add = sandbox.upstream().run("sh", "-c", "ip addr add " + LAN4 + "/24 dev uplink && "
                + "cat /sys/class/net/uplink/address");
        assertEquals(0, add.exitCode(), add::describe);
        String routerMac = add.stdout().trim().toLowerCase(Locale.ROOT);
        sandbox.upstream().start("socat", "TCP-LISTEN:7007,bind=" + LAN4 + ",reuseaddr,fork", "SYSTEM:echo hello");
        hostRoot(sandbox, "for i in $(seq 50); do ping -c1 -W1 " + LAN4 + " >/dev/null && break; sleep 0.1; done; "
                + "ip neigh show " + LAN4 + " | grep -q lladdr");

        String capture = sandbox.userDir().resolve("frames.pcap").toString();
        Result r = sandbox.hostUser().run(RUN, pasta.command("--config-net", "-p", capture, "--", "socat", "-T", "5",
                "-", "TCP:" + LAN4 + ":7007"));
        assertEquals(0, r.exitCode(), r::describe);
        assertTrue(r.stdout().contains("hello"), r::describe);

        Result frames = sandbox.hostRoot().run("tcpdump", "-e", "-nn", "-r", capture, "src host " + LAN4 + " and tcp");
        assertEquals(0, frames.exitCode(), frames::describe);
        assertTrue(frames.stdout().contains(LAN4 + ".7007 > "), frames::describe);
        for (String line : frames.stdout().split("\n")) {
            assertTrue(line.isBlank() || line.toLowerCase(Locale.ROOT).contains(" " + routerMac + " > "),
                    () -> "every frame from " + LAN4 + " comes from " + routerMac + ": " + frames.describe());
        }
    }

    @Test
    void theGuestIsToldWhenTheHostLearnsOrForgetsAnIpv4Neighbour(Sandbox sandbox) {
        learnAndForget(sandbox, LATER4, LATER4_MAC);
    }

    /**
     * The unsolicited neighbour advertisement goes to all nodes without the solicited flag: pasta 2026 sets it,
     * and Linux drops a multicast advertisement that has it, so against pasta the guest keeps the old MAC.
     */
    @Test
    void theGuestIsToldWhenTheHostLearnsOrForgetsAnIpv6Neighbour(Sandbox sandbox) {
        learnAndForget(sandbox, LATER6, LATER6_MAC);
    }

    /**
     * Attached to a namespace whose guest has already resolved {@code address} (to our MAC), the host learns
     * {@code address} at {@code mac}: the guest's entry follows within 2 s, as announced. When the host forgets
     * it, a fresh resolution gives our MAC again.
     */
    private static void learnAndForget(Sandbox sandbox, String address, String mac) {
        Proc holder = sandbox.hostUser().start("unshare", "-rUn", "sleep", "600");
        assertTrue(ProcFs.awaitCommand(holder.pid(), "sleep", Duration.ofSeconds(10)), holder.snapshot()::describe);
        Path pidFile = sandbox.userDir().resolve("pasta.pid");
        Result started = sandbox.hostUser().run(RUN, pasta.command("--config-net", "-P", pidFile.toString(),
                Long.toString(holder.pid())));
        assertEquals(0, started.exitCode(), started::describe);
        sandbox.adoptDaemon(PidFile.read(pidFile).orElseThrow());
        CommandContext guest = sandbox.hostUserIn(holder.pid(), "-U", "-n");
        String resolve = "ping -c1 -W1 " + address + " >/dev/null 2>&1; ip neigh show";

        String before = guest.run(RUN, "sh", "-c", resolve).stdout();
        assertEquals(OUR_MAC, macOf(before, address), before);

        hostRoot(sandbox, "ip neigh replace " + address + " lladdr " + mac + " dev eth0 nud permanent");
        String announced = awaitNeighbours(guest, address, mac);
        assertEquals(mac, macOf(announced, address), "announced: " + announced);

        hostRoot(sandbox, "ip neigh del " + address + " dev eth0");
        String after = guest.run(RUN, "sh", "-c", "ip neigh flush dev eth0; " + resolve).stdout();
        assertEquals(OUR_MAC, macOf(after, address), "forgotten: " + after);
    }

    /** Polls the guest's table for 2 s until {@code address} is at {@code mac}; returns the last listing. */
    private static String awaitNeighbours(CommandContext guest, String address, String mac) {
        String[] listing = {""};
        Await.until(Duration.ofSeconds(2), () -> {
            listing[0] = guest.run(RUN, "ip", "neigh", "show").stdout();
            return mac.equals(macOf(listing[0], address));
        });
        return listing[0];
    }
}
