package org.jpasta.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;

import org.jpasta.it.pasta.PastaUnderTest;
import org.jpasta.it.sandbox.Await;
import org.jpasta.it.sandbox.CommandContext;
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
 * Spliced UDP between loopbacks (pasta's spliced UDP flows): {@code -U} from the namespace's loopback to the
 * host's, and {@code -u} from the host's loopback into the namespace; a zero-length datagram goes through and
 * comes back like any other, and the reply comes from the port the client sent to. As in pasta, the server
 * sees the client's own source port (pasta's {@code fwd_nat_from_splice()}/{@code fwd_nat_from_host()} keep
 * it for UDP), and when that port is taken on the other side the datagram still goes through, from another.
 */
@ExtendWith(SandboxExtension.class)
@Timeout(90)
class SpliceUdpIT {
    private static final int PORT = 10082;
    private static final int CLIENT_PORT = 40124;
    private static PastaUnderTest pasta;

    @BeforeAll
    static void findPasta() {
        pasta = PastaUnderTest.get().requireExecutable();
    }

    private static Proc echoServer(CommandContext where, String address) {
        Proc server = where.start("python3", "-c", UdpTools.ECHO_SERVER, address, Integer.toString(PORT));
        assertTrue(Await.until(Duration.ofSeconds(10), () -> server.stdout().contains("listening")),
                () -> "echo server did not start: " + server.snapshot().describe());
        return server;
    }

    @ParameterizedTest(name = "-U to [{0}], payload ''{1}''")
    @CsvSource({"127.0.0.1, ''", "127.0.0.1, hello", "::1, ''", "::1, hello"})
    void outboundDatagramsReachTheHostLoopbackAndReplyBack(String loopback, String payload, Sandbox sandbox) {
        SpliceAttach a = SpliceAttach.start(sandbox, pasta, "-U", Integer.toString(PORT));
        Proc server = echoServer(a.host(), loopback);

        Result client = a.ns().run("python3", "-c", UdpTools.CLIENT, loopback, Integer.toString(PORT),
                Integer.toString(CLIENT_PORT), payload);

        assertEquals(0, client.exitCode(), client::describe);
        assertEquals((payload.length() + " " + payload + " " + loopback + " " + PORT).replace("  ", " "),
                client.stdout().strip().replace("  ", " "), client::describe);
        assertTrue(server.stdout().lines().anyMatch(
                        l -> l.equals(payload.length() + " " + loopback + " " + CLIENT_PORT)),
                () -> "host server got the datagram from loopback, client's port " + CLIENT_PORT + ": "
                        + server.stdout());
    }

    @ParameterizedTest(name = "-u from [{0}], payload ''{2}''")
    @CsvSource({"127.0.0.1, 0.0.0.0, ''", "127.0.0.1, 0.0.0.0, hello", "::1, ::, ''", "::1, ::, hello"})
    void inboundLoopbackDatagramsReachTheNamespaceAndReplyBack(String loopback, String nsAny, String payload,
                                                                Sandbox sandbox) {
        SpliceAttach a = SpliceAttach.start(sandbox, pasta, "-u", Integer.toString(PORT));
        Proc server = echoServer(a.ns(), nsAny);

        Result client = a.host().run("python3", "-c", UdpTools.CLIENT, loopback, Integer.toString(PORT),
                Integer.toString(CLIENT_PORT), payload);

        assertEquals(0, client.exitCode(), client::describe);
        assertEquals((payload.length() + " " + payload + " " + loopback + " " + PORT).replace("  ", " "),
                client.stdout().strip().replace("  ", " "), client::describe);
        assertTrue(server.stdout().lines().anyMatch(
                        l -> l.startsWith(payload.length() + " ") && l.endsWith(" " + CLIENT_PORT)),
                () -> "namespace server got the datagram from the client's port " + CLIENT_PORT + ": "
                        + server.stdout());
    }

    /**
     * {@code --host-lo-to-ns-lo}: a datagram sent to the host's 127.0.0.2 reaches a server bound to the
     * namespace's 127.0.0.2 only, and its reply comes back from 127.0.0.2, the address the client sent to.
     */
    @Test
    void hostLoToNsLoKeepsTheLoopbackAddressTheClientSentTo(Sandbox sandbox) {
        SpliceAttach a = SpliceAttach.start(sandbox, pasta, "--host-lo-to-ns-lo", "-u", Integer.toString(PORT));
        assertExchangeKeeps127002(a.host(), a.ns());
    }

    /**
     * A client on {@code clientSide} sends to 127.0.0.2, where only an echo server on {@code serverSide} bound to
     * 127.0.0.2 can get it: the reply must come back from 127.0.0.2, and the server see a loopback client on the
     * client's own port.
     */
    private static void assertExchangeKeeps127002(CommandContext clientSide, CommandContext serverSide) {
        Proc server = echoServer(serverSide, "127.0.0.2");

        Result client = clientSide.run("python3", "-c", UdpTools.CLIENT, "127.0.0.2", Integer.toString(PORT),
                Integer.toString(CLIENT_PORT), "hello");

        assertEquals(0, client.exitCode(), client::describe);
        assertEquals("5 hello 127.0.0.2 " + PORT, client.stdout().strip(), client::describe);
        assertTrue(server.stdout().lines().anyMatch(l -> l.startsWith("5 127.") && l.endsWith(" " + CLIENT_PORT)),
                () -> "server got the datagram from the loopback, client's port: " + server.stdout());
    }

    /**
     * {@code --host-lo-to-ns-lo} with one client port sending to the host's 127.0.0.1 and 127.0.0.2 in turn:
     * two flows, each datagram reaches the server on the address it was sent to, and each echo comes back from
     * that address.
     */
    @Test
    void hostLoToNsLoKeepsOneFlowPerLoopbackAddressOfAClientPort(Sandbox sandbox) {
        SpliceAttach a = SpliceAttach.start(sandbox, pasta, "--host-lo-to-ns-lo", "-u", Integer.toString(PORT));
        echoServer(a.ns(), "127.0.0.1");
        echoServer(a.ns(), "127.0.0.2");

        Result client = a.host().run("python3", "-c", String.join("\n",
                "import socket, sys, time",
                "p, sp, n = int(sys.argv[1]), int(sys.argv[2]), 20",
                "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
                "s.bind(('0.0.0.0', sp))",
                "for i in range(n):",
                "    a = '127.0.0.%d' % (1 + i % 2)",
                "    s.sendto(('%s %d' % (a, i)).encode(), (a, p))",
                "s.settimeout(0.5)",
                "right = wrong = 0",
                "end = time.time() + 3",
                "while time.time() < end and right + wrong < n:",
                "    try:",
                "        d, peer = s.recvfrom(100)",
                "    except socket.timeout:",
                "        continue",
                "    if d.decode().split()[0] == peer[0]:",
                "        right += 1",
                "    else:",
                "        wrong += 1",
                "print('right', right, 'wrong', wrong)"), Integer.toString(PORT), Integer.toString(CLIENT_PORT));

        assertEquals(0, client.exitCode(), client::describe);
        assertEquals("right 20 wrong 0", client.stdout().strip(), client::describe);
    }

    /**
     * {@code -U} keeps the loopback address the namespace's client sent to, as pasta does: a datagram to the
     * namespace's 127.0.0.2 reaches a server bound to the host's 127.0.0.2 only, and the reply comes back from
     * 127.0.0.2.
     */
    @Test
    void outboundDatagramsKeepTheLoopbackAddressTheClientSentTo(Sandbox sandbox) {
        SpliceAttach a = SpliceAttach.start(sandbox, pasta, "-U", Integer.toString(PORT));
        assertExchangeKeeps127002(a.ns(), a.host());
    }

    /**
     * A burst through {@code -u} from the host's loopback: the listener is read in {@code recvmmsg} batches and
     * each batch goes on in one {@code sendmmsg} per flow, the echoes come back the same way; every datagram
     * must still arrive as itself. (Bursts stay within the receivers' default socket buffers: this is about
     * boundaries, not loss.)
     */
    @ParameterizedTest(name = "-u burst of {2} x {3} B from [{0}]")
    @CsvSource({"127.0.0.1, 0.0.0.0, 40, 1000", "::1, ::, 40, 1000", "127.0.0.1, 0.0.0.0, 12, 8192"})
    void inboundLoopbackBurstsKeepTheirBoundaries(String loopback, String nsAny, int count, int size,
                                                  Sandbox sandbox) {
        SpliceAttach a = SpliceAttach.start(sandbox, pasta, "-u", Integer.toString(PORT));
        echoServer(a.ns(), nsAny);

        Result burst = a.host().run("python3", "-c", UdpTools.BURST_CLIENT, loopback, Integer.toString(PORT),
                Integer.toString(count), Integer.toString(size));

        assertEquals(0, burst.exitCode(), burst::describe);
        assertEquals("intact " + (count + 1), burst.stdout().strip(), burst::describe);
    }

    /**
     * One {@code -u} listener with a loopback client and an upstream one at the same time: the loopback
     * datagrams are spliced, the upstream ones go through the tap, and the two kinds share the listener's
     * batches; both bursts must arrive whole and the upstream client's address must reach the server.
     */
    @Test
    void loopbackAndUpstreamClientsShareAListener(Sandbox sandbox) {
        SpliceAttach a = SpliceAttach.start(sandbox, pasta, "-u", Integer.toString(PORT));
        Proc server = echoServer(a.ns(), "0.0.0.0");

        Proc local = a.host().start("python3", "-c", UdpTools.BURST_CLIENT, "127.0.0.1", Integer.toString(PORT),
                "40", "1000");
        Result upstream = sandbox.upstream().run("python3", "-c", UdpTools.BURST_CLIENT, Sandbox.HOST_V4,
                Integer.toString(PORT), "40", "1000");
        Result loopbackBurst = local.await(Duration.ofSeconds(10));

        assertEquals("intact 41", upstream.stdout().strip(), upstream::describe);
        assertEquals("intact 41", loopbackBurst.stdout().strip(), loopbackBurst::describe);
        assertTrue(server.stdout().lines().anyMatch(l -> l.startsWith("1000 " + Sandbox.GATEWAY_V4 + " ")),
                () -> "namespace server saw the upstream client's address: " + server.stdout());
    }

    /**
     * jpasta only: where the client's port is taken on the host, pasta drops the flow (its bind fails); jpasta
     * sends from another port, so the exchange still works.
     */
    @ParameterizedTest(name = "-U to [{0}] with the client's port taken on the host")
    @CsvSource({"127.0.0.1", "::1"})
    void outboundDatagramsGoThroughWhenTheClientPortIsTakenOnTheHost(String loopback, Sandbox sandbox) {
        assumeTrue(pasta.versionLine().contains("jpasta"), "falling back to another port is jpasta's");
        SpliceAttach a = SpliceAttach.start(sandbox, pasta, "-U", Integer.toString(PORT));
        Proc server = echoServer(a.host(), loopback);
        Proc holder = a.host().start("python3", "-c", String.join("\n",
                "import socket, sys, time",
                "a, p = sys.argv[1], int(sys.argv[2])",
                "s = socket.socket(socket.AF_INET6 if ':' in a else socket.AF_INET, socket.SOCK_DGRAM)",
                "s.bind((a, p))",
                "print('bound', flush=True)",
                "time.sleep(60)"), loopback, Integer.toString(CLIENT_PORT));
        assertTrue(Await.until(Duration.ofSeconds(10), () -> holder.stdout().contains("bound")),
                () -> "port holder did not start: " + holder.snapshot().describe());

        Result client = a.ns().run("python3", "-c", UdpTools.CLIENT, loopback, Integer.toString(PORT),
                Integer.toString(CLIENT_PORT), "hello");

        assertEquals(0, client.exitCode(), client::describe);
        assertEquals("5 hello " + loopback + " " + PORT, client.stdout().strip(), client::describe);
        assertTrue(server.stdout().lines().anyMatch(
                        l -> l.startsWith("5 " + loopback + " ") && !l.endsWith(" " + CLIENT_PORT)),
                () -> "host server got the datagram from another port: " + server.stdout());
    }
}
