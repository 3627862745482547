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
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Spliced UDP between loopbacks (pasta's spliced UDP flows): {@code -U} from the namespace's loopback to the
 * host's, and {@code -u} from the host's loopback into the namespace; a zero-length datagram goes through and
 * comes back like any other, and the reply comes from the port the client sent to.
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

    private static Proc echoServer(org.jpasta.it.sandbox.CommandContext where, String address) {
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
        assertTrue(server.stdout().lines().anyMatch(l -> l.startsWith(payload.length() + " " + loopback + " ")),
                () -> "host server got the datagram from loopback: " + server.stdout());
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
        assertTrue(server.stdout().lines().anyMatch(l -> l.startsWith(payload.length() + " ")),
                () -> "namespace server got the datagram: " + server.stdout());
    }
}
