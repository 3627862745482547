package org.jpasta.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

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
 * {@code -u auto}: pasta scans the namespace's {@code /proc/net/udp{,6}} (and {@code tcp{,6}}) about once a
 * second and binds host UDP sockets for the ports bound there, closing them when the namespace lets go.
 * Whether the host side is bound is observed from the host itself, with {@code ss}. An upstream client then
 * talks through the auto-forwarded port to the namespace.
 */
@ExtendWith(SandboxExtension.class)
@Timeout(90)
class UdpAutoIT {
    private static final Duration SPAWN_TIMEOUT = Duration.ofSeconds(30);
    /** The scan runs every second: allow a few. */
    private static final Duration SCAN_TIMEOUT = Duration.ofSeconds(10);
    private static final int UDP_PORT = 7788, RELEASED_PORT = 7787, TCP_PORT = 7789, CLIENT_PORT = 40124;
    private static PastaUnderTest pasta;

    /**
     * Namespace side: a UDP echo server on argv[1] and a UDP socket on argv[2] that sees no traffic; on "stop"
     * the latter is closed, then TCP port argv[3] is listened on. (Only a port without flows is expected to be
     * released at once: pasta keeps a flow's own socket on the port until the flow expires.)
     */
    private static final String NAMESPACE_PROGRAM = String.join("\n",
            "import socket, sys, time",
            "u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
            "u.bind(('0.0.0.0', int(sys.argv[1])))",
            "quiet = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
            "quiet.bind(('0.0.0.0', int(sys.argv[2])))",
            "print('listening', flush=True)",
            "while True:",
            "    d, peer = u.recvfrom(65535)",
            "    u.sendto(d, peer)",
            "    if d == b'stop':",
            "        break",
            "quiet.close()",
            "print('closed', flush=True)",
            "t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)",
            "t.bind(('0.0.0.0', int(sys.argv[3])))",
            "t.listen(1)",
            "print('tcp-listening', flush=True)",
            "time.sleep(60)");

    /** Host side: holds IPv4 UDP port argv[1] until killed. */
    private static final String HOLD_V4 = String.join("\n",
            "import socket, sys, time",
            "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
            "s.bind(('0.0.0.0', int(sys.argv[1])))",
            "print('holding', flush=True)",
            "time.sleep(120)");

    @BeforeAll
    static void findPasta() {
        pasta = PastaUnderTest.get().requireExecutable();
    }

    /**
     * Whether any UDP socket on the host has {@code port} as its local port. Asked with {@code ss}, not by
     * binding a probe socket: a probe holds the port for a moment, and a scan that tries to bind it then fails
     * and waits for the next second (a rare timeout in CI before this).
     */
    private static boolean hostPortInUse(Sandbox sandbox, int port) {
        return hostHasUdpSocket(sandbox, "-Huan", port);
    }

    /** As {@link #hostPortInUse}, for the sockets {@code ss} lists with {@code options}. */
    private static boolean hostHasUdpSocket(Sandbox sandbox, String options, int port) {
        return !sandbox.hostRoot().run("ss", options, "sport = :" + port).stdout().isBlank();
    }

    private static Result echo(Sandbox sandbox, String payload) {
        return sandbox.upstream().run("python3", "-c", UdpTools.CLIENT, Sandbox.HOST_V4,
                Integer.toString(UDP_PORT), Integer.toString(CLIENT_PORT), payload);
    }

    @Test
    void hostSocketsFollowTheNamespacesBoundPorts(Sandbox sandbox) {
        assertTrue(!hostPortInUse(sandbox, UDP_PORT) && !hostPortInUse(sandbox, RELEASED_PORT)
                && !hostPortInUse(sandbox, TCP_PORT), "ports free at first");
        Proc ns = sandbox.hostUser().start(pasta.command("--config-net", "-u", "auto", "-t", "none", "--",
                "python3", "-c", NAMESPACE_PROGRAM, Integer.toString(UDP_PORT), Integer.toString(RELEASED_PORT),
                Integer.toString(TCP_PORT)));
        assertTrue(Await.until(SPAWN_TIMEOUT, () -> ns.stdout().contains("listening")),
                () -> "server in the namespace did not start: " + ns.snapshot().describe());

        assertTrue(Await.until(SCAN_TIMEOUT, () -> hostPortInUse(sandbox, UDP_PORT)
                        && hostPortInUse(sandbox, RELEASED_PORT)),
                () -> "UDP ports bound in the namespace are not bound on the host: " + ns.snapshot().describe());
        Result client = echo(sandbox, "auto");
        assertEquals(0, client.exitCode(), client::describe);
        assertEquals("4 auto " + Sandbox.HOST_V4 + " " + UDP_PORT, client.stdout().strip(), client::describe);

        Result stop = echo(sandbox, "stop");
        assertEquals(0, stop.exitCode(), stop::describe);
        assertTrue(Await.until(SPAWN_TIMEOUT, () -> ns.stdout().contains("tcp-listening")),
                () -> "namespace program did not go on: " + ns.snapshot().describe());
        assertTrue(Await.until(SCAN_TIMEOUT, () -> !hostPortInUse(sandbox, RELEASED_PORT)),
                () -> "UDP port released in the namespace is still bound on the host");
        // pasta: "UDP auto also forwards UDP ports whose numbers match bound TCP ports"
        assertTrue(Await.until(SCAN_TIMEOUT, () -> hostPortInUse(sandbox, TCP_PORT)),
                () -> "UDP port matching a listening TCP port is not bound on the host");
        ns.kill();
    }

    /**
     * ({@code -U none}: by default {@code -U auto} would mirror the holder's port into the namespace.)
     * The scan finds a port whose IPv4 number is taken on the host just then: it binds IPv6, and binds IPv4 at a
     * later scan once the host lets go, rather than forwarding IPv6 only for good.
     */
    @Test
    void aFamilyTakenOnTheHostIsBoundOnceFreed(Sandbox sandbox) {
        Proc holder = sandbox.hostRoot().start("python3", "-c", HOLD_V4, Integer.toString(UDP_PORT));
        assertTrue(Await.until(SPAWN_TIMEOUT, () -> holder.stdout().contains("holding")),
                () -> "host holder did not start: " + holder.snapshot().describe());
        Proc ns = sandbox.hostUser().start(pasta.command("--config-net", "-u", "auto", "-t", "none", "-U", "none",
                "-T", "none", "--",
                "python3", "-c", NAMESPACE_PROGRAM, Integer.toString(UDP_PORT), Integer.toString(RELEASED_PORT),
                Integer.toString(TCP_PORT)));
        assertTrue(Await.until(SPAWN_TIMEOUT, () -> ns.stdout().contains("listening")),
                () -> "server in the namespace did not start: " + ns.snapshot().describe());
        assertTrue(Await.until(SCAN_TIMEOUT, () -> hostHasUdpSocket(sandbox, "-Hua6n", UDP_PORT)),
                () -> "the IPv6 socket of the auto port was not bound: " + ns.snapshot().describe());
        holder.kill();
        assertTrue(Await.until(SCAN_TIMEOUT, () -> echo(sandbox, "again").exitCode() == 0),
                () -> "IPv4 never bound after the host let go: " + echo(sandbox, "again").describe());
        ns.kill();
    }
}
