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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * UDP through pasta, spawn mode with {@code --config-net}: datagrams from the namespace reach a server that
 * exists only upstream, keep their source address (the host's, which the namespace shares) and source port,
 * and the answers come back from the server's address; empty datagrams are datagrams too; {@code -u}
 * forwards datagrams from an upstream client into the namespace with the client's address as source.
 */
@ExtendWith(SandboxExtension.class)
@Timeout(90)
class UdpIT {
    private static final Duration SPAWN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration SERVER_START = Duration.ofSeconds(10);
    private static final int ECHO_PORT = 7777;
    private static final int CLIENT_PORT = 40123;
    private static PastaUnderTest pasta;

    @BeforeAll
    static void findPasta() {
        pasta = PastaUnderTest.get().requireExecutable();
    }

    private static Proc startEchoServer(Sandbox sandbox, String address) {
        Proc server = sandbox.upstream().start("python3", "-c", UdpTools.ECHO_SERVER, address,
                Integer.toString(ECHO_PORT));
        assertTrue(Await.until(SERVER_START, () -> server.stdout().contains("listening")),
                () -> "echo server did not start: " + server.snapshot().describe());
        return server;
    }

    @ParameterizedTest(name = "echo via {0}, source {1}")
    @CsvSource({Sandbox.UPSTREAM_ONLY_V4 + ", " + Sandbox.HOST_V4, Sandbox.UPSTREAM_ONLY_V6 + ", " + Sandbox.HOST_V6})
    void echoWithUpstreamServerKeepsSourceAddressAndPort(String server, String hostAddress, Sandbox sandbox) {
        Proc echo = startEchoServer(sandbox, server);

        Result result = sandbox.hostUser().run(SPAWN_TIMEOUT, pasta.command("--config-net", "--", "python3", "-c",
                UdpTools.CLIENT, server, Integer.toString(ECHO_PORT), Integer.toString(CLIENT_PORT), "hello"));

        assertEquals(0, result.exitCode(), result::describe);
        assertEquals("5 hello " + server + " " + ECHO_PORT, result.stdout().strip(), result::describe);
        assertTrue(echo.stdout().contains("5 " + hostAddress + " " + CLIENT_PORT),
                () -> "server saw the host's address and the namespace's source port: " + echo.stdout());
    }

    /**
     * A burst of equal-size datagrams and a short one: pasta batches a tap wake-up's datagrams (jpasta also
     * hands equal sizes to the kernel as one segmented message), and each must still arrive as itself. 1000 B
     * fits the uplink's MTU; 3000 B does not, so those go out as IP fragments, one datagram at a time. (Bursts are
     * kept small enough for the receivers' default socket buffers: this is about boundaries, not loss.)
     */
    @ParameterizedTest(name = "burst of {2} x {3} B via {0}")
    @CsvSource({Sandbox.UPSTREAM_ONLY_V4 + ", upstream, 40, 1000", Sandbox.UPSTREAM_ONLY_V4 + ", upstream, 20, 3000",
            Sandbox.UPSTREAM_ONLY_V6 + ", upstream, 40, 1000", Sandbox.GATEWAY_V4 + ", host, 12, 8192"})
    void burstsOfDatagramsKeepTheirBoundaries(String server, String where, int count, int size, Sandbox sandbox) {
        if (where.equals("host")) {
            Proc local = sandbox.hostRoot().start("python3", "-c", UdpTools.ECHO_SERVER, "127.0.0.1",
                    Integer.toString(ECHO_PORT));
            assertTrue(Await.until(SERVER_START, () -> local.stdout().contains("listening")),
                    () -> "echo server did not start: " + local.snapshot().describe());
        } else {
            startEchoServer(sandbox, server);
        }

        Result result = sandbox.hostUser().run(SPAWN_TIMEOUT, pasta.command("--config-net", "--", "python3", "-c",
                UdpTools.BURST_CLIENT, server, Integer.toString(ECHO_PORT), Integer.toString(count),
                Integer.toString(size)));

        assertEquals(0, result.exitCode(), result::describe);
        assertEquals("intact " + (count + 1), result.stdout().strip(), result::describe);
    }

    @ParameterizedTest(name = "empty datagram via {0}")
    @CsvSource({Sandbox.UPSTREAM_ONLY_V4, Sandbox.UPSTREAM_ONLY_V6})
    void zeroLengthDatagramArrivesAndComesBack(String server, Sandbox sandbox) {
        Proc echo = startEchoServer(sandbox, server);

        Result result = sandbox.hostUser().run(SPAWN_TIMEOUT, pasta.command("--config-net", "--", "python3", "-c",
                UdpTools.CLIENT, server, Integer.toString(ECHO_PORT), Integer.toString(CLIENT_PORT), ""));

        assertEquals(0, result.exitCode(), result::describe);
        assertTrue(result.stdout().startsWith("0 "), result::describe);
        assertTrue(echo.stdout().lines().anyMatch(l -> l.startsWith("0 ")),
                () -> "server got an empty datagram: " + echo.stdout());
    }

    /** Nothing listens upstream: the port unreachable comes back as an ICMP error, i.e. ECONNREFUSED. */
    @ParameterizedTest(name = "port unreachable from {0}")
    @CsvSource({Sandbox.UPSTREAM_ONLY_V4, Sandbox.UPSTREAM_ONLY_V6})
    void portUnreachableBecomesAnIcmpErrorInTheNamespace(String server, Sandbox sandbox) {
        Result result = sandbox.hostUser().run(SPAWN_TIMEOUT, pasta.command("--config-net", "--", "python3", "-c",
                "import socket,sys\n"
                        + "a=sys.argv[1]\n"
                        + "s=socket.socket(socket.AF_INET6 if ':' in a else socket.AF_INET, socket.SOCK_DGRAM)\n"
                        + "s.connect((a, 9))\ns.settimeout(3)\ns.send(b'x')\n"
                        + "try:\n    s.recv(10)\nexcept ConnectionRefusedError:\n    print('refused')\n",
                server));

        assertEquals(0, result.exitCode(), result::describe);
        assertEquals("refused", result.stdout().strip(), result::describe);
    }

    /** {@code -u}: an upstream client reaches a server in the namespace, which sees the client's address. */
    @ParameterizedTest(name = "-u inbound over {0}")
    @CsvSource({Sandbox.HOST_V4 + ", " + "0.0.0.0, 198.51.100.1", Sandbox.HOST_V6 + ", ::, 2001:db8:100::1"})
    void inboundForwardingPreservesTheSource(String hostAddress, String bindAny, String upstreamAddress,
                                             Sandbox sandbox) {
        Proc ns = sandbox.hostUser().start(pasta.command("--config-net", "-u", Integer.toString(ECHO_PORT), "--",
                "python3", "-c", UdpTools.ECHO_SERVER, bindAny, Integer.toString(ECHO_PORT)));
        assertTrue(Await.until(SPAWN_TIMEOUT, () -> ns.stdout().contains("listening")),
                () -> "server in the namespace did not start: " + ns.snapshot().describe());

        Result client = sandbox.upstream().run("python3", "-c", UdpTools.CLIENT, hostAddress,
                Integer.toString(ECHO_PORT), Integer.toString(CLIENT_PORT), "inbound");

        assertEquals(0, client.exitCode(), client::describe);
        assertEquals("7 inbound " + hostAddress + " " + ECHO_PORT, client.stdout().strip(), client::describe);
        assertTrue(ns.stdout().contains("7 " + upstreamAddress + " " + CLIENT_PORT),
                () -> "namespace server saw the upstream client's address and port: " + ns.stdout());
        ns.kill();
    }
}
