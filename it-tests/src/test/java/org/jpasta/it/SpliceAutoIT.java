package org.jpasta.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.jpasta.it.pasta.PastaUnderTest;
import org.jpasta.it.sandbox.Await;
import org.jpasta.it.sandbox.Proc;
import org.jpasta.it.sandbox.Sandbox;
import org.jpasta.it.sandbox.SandboxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code -T auto} and {@code -U auto} (explicit, and as pasta's default when no option is given): a port bound
 * on the host after pasta started is reachable from the namespace's loopback within 2.5 s (pasta scans every
 * second), and stops being forwarded within 2.5 s of being closed.
 */
@ExtendWith(SandboxExtension.class)
@Timeout(90)
class SpliceAutoIT {
    private static final int PORT = 10083;
    /** One scan interval plus one for the namespace thread and the client's own start-up. */
    private static final Duration FOLLOWS_WITHIN = Duration.ofMillis(2500);
    private static PastaUnderTest pasta;

    @BeforeAll
    static void findPasta() {
        pasta = PastaUnderTest.get().requireExecutable();
    }

    @ParameterizedTest(name = "options: {0}")
    @ValueSource(strings = {"-T auto", ""})
    void tcpAutoFollowsTheHostsListeningPorts(String options, Sandbox sandbox) {
        SpliceAttach a = SpliceAttach.start(sandbox, pasta, options.isEmpty() ? new String[0] : options.split(" "));
        Proc server = SpliceAttach.startServer(a.host(), "127.0.0.1", PORT, "echo");

        assertTrue(Await.until(FOLLOWS_WITHIN, () -> echoWorks(a)), "port forwarded after the host bound it");

        server.kill();
        server.waitForExit(Duration.ofSeconds(5));
        assertTrue(Await.until(FOLLOWS_WITHIN, () -> !echoWorks(a) && refused(a)),
                "port no longer forwarded after the host closed it");
    }

    /** {@code -U auto}: the same for a UDP port bound on the host (pasta also forwards TCP-bound numbers). */
    @ParameterizedTest(name = "options: {0}")
    @ValueSource(strings = {"-U auto", ""})
    void udpAutoFollowsTheHostsBoundPorts(String options, Sandbox sandbox) {
        SpliceAttach a = SpliceAttach.start(sandbox, pasta, options.isEmpty() ? new String[0] : options.split(" "));
        Proc server = a.host().start("python3", "-c", UdpTools.ECHO_SERVER, "127.0.0.1", Integer.toString(PORT));
        assertTrue(Await.until(Duration.ofSeconds(10), () -> server.stdout().contains("listening")),
                server::command);

        assertTrue(Await.until(FOLLOWS_WITHIN, () -> datagramEchoes(a)), "port forwarded after the host bound it");

        server.kill();
        server.waitForExit(Duration.ofSeconds(5));
        assertTrue(Await.until(FOLLOWS_WITHIN, () -> !datagramEchoes(a)),
                "port no longer forwarded after the host closed it");
    }

    private static boolean datagramEchoes(SpliceAttach a) {
        return a.ns().run("python3", "-c", UdpTools.CLIENT, "127.0.0.1", Integer.toString(PORT), "40125", "auto")
                .stdout().startsWith("4 auto");
    }

    private static boolean echoWorks(SpliceAttach a) {
        return SpliceAttach.client(a.ns(), "127.0.0.1", PORT, "many", "1", "1000").stdout().contains("ok 1");
    }

    private static boolean refused(SpliceAttach a) {
        return SpliceAttach.client(a.ns(), "127.0.0.1", PORT, "many", "1", "10").stdout().contains("refused");
    }
}
