package org.jpasta.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Spliced TCP between the host's loopback and the namespace (pasta's {@code tcp_splice.c}), attached by PID:
 * {@code -t} from the host's 127.0.0.1/::1 into the namespace's address, {@code -T} from the namespace's
 * loopback to the host's. Every transfer is checked with {@code cmp}; the client half-closes before it reads
 * the reply, so "EOF with data still in the pipe" and half-close are exercised by every transfer.
 */
@ExtendWith(SandboxExtension.class)
@Timeout(180)
class SpliceTcpIT {
    private static final int PORT = 10081;
    private static final long TEN_MIB = 10L << 20;
    private static PastaUnderTest pasta;

    @BeforeAll
    static void findPasta() {
        pasta = PastaUnderTest.get().requireExecutable();
    }

    @ParameterizedTest(name = "-t from [{0}]")
    @CsvSource({"127.0.0.1, 0.0.0.0", "::1, ::"})
    void inboundTenMiBEachWayAndHalfClose(String hostLoopback, String nsAny, Sandbox sandbox) {
        SpliceAttach a = SpliceAttach.start(sandbox, pasta, "-t", Integer.toString(PORT));
        swapTenMiBEachWay(a, a.ns(), nsAny, a.host(), hostLoopback);
    }

    @ParameterizedTest(name = "-T to [{0}]")
    @CsvSource({"127.0.0.1", "::1"})
    void outboundTenMiBEachWayAndHalfClose(String loopback, Sandbox sandbox) {
        SpliceAttach a = SpliceAttach.start(sandbox, pasta, "-T", Integer.toString(PORT));
        swapTenMiBEachWay(a, a.host(), loopback, a.ns(), loopback);
    }

    /**
     * A server on {@code serverAddress} and a client to {@code clientAddress} swap 10 MiB each way through the
     * splice path, each half-closing after sending; both received files must match what was sent.
     */
    private static void swapTenMiBEachWay(SpliceAttach a, CommandContext serverSide, String serverAddress,
                                          CommandContext clientSide, String clientAddress) {
        String up = a.randomFile("up", TEN_MIB), down = a.randomFile("down", TEN_MIB);
        Proc server = SpliceAttach.startServer(serverSide, serverAddress, PORT, "swap", down, a.file("up.received"));

        Result client = SpliceAttach.client(clientSide, clientAddress, PORT, "swap", up, a.file("down.received"));

        assertEquals("done", client.stdout().strip(), client::describe);
        assertTrue(Await.until(Duration.ofSeconds(10), () -> server.stdout().contains("done")), server::command);
        a.assertSameContent(up, a.file("up.received"));
        a.assertSameContent(down, a.file("down.received"));
    }

    /** 200 at once, random sizes up to 512 KiB, echoed and compared; then no descriptor or pipe remains. */
    @ParameterizedTest(name = "200 concurrent through {0}")
    @CsvSource({"-t", "-T"})
    void concurrentConnectionsAllVerifiedAndNothingLeftBehind(String option, Sandbox sandbox) {
        boolean inbound = option.equals("-t");
        SpliceAttach a = SpliceAttach.start(sandbox, pasta, onlyThisForward(option));
        SpliceAttach.startServer(inbound ? a.ns() : a.host(), inbound ? "0.0.0.0" : "127.0.0.1", PORT, "echo");
        int[] before = a.descriptors();
        String targetsBefore = a.descriptorTargets();

        Result client = SpliceAttach.client(inbound ? a.host() : a.ns(), "127.0.0.1", PORT, "many", "200",
                Integer.toString(512 << 10));

        assertEquals("ok 200", client.stdout().strip(), client::describe);
        assertNothingLeftBehind(a, before, targetsBefore);
    }

    /** A reset from the client reaches the server as a reset, not as a clean end of data. */
    @Test
    void resetIsPassedOnAndReleasesTheConnection(Sandbox sandbox) {
        SpliceAttach a = SpliceAttach.start(sandbox, pasta, onlyThisForward("-T"));
        Proc server = SpliceAttach.startServer(a.host(), "127.0.0.1", PORT, "count");
        int[] before = a.descriptors();
        String targetsBefore = a.descriptorTargets();

        Result client = SpliceAttach.client(a.ns(), "127.0.0.1", PORT, "reset", "100000");

        assertEquals("reset", client.stdout().strip(), client::describe);
        assertTrue(Await.until(Duration.ofSeconds(5), () -> server.stdout().contains("got")), server::command);
        assertTrue(server.stdout().contains("got -1"), () -> "server saw a reset: " + server.stdout());
        assertNothingLeftBehind(a, before, targetsBefore);
    }

    /**
     * A server that does not read for 4 s: the sender fills every buffer and blocks; meanwhile pasta must not
     * spin (under 0.2 s of CPU in 2 s), and afterwards everything arrives.
     */
    @Test
    void slowReaderLosesNothingAndCostsNoCpuWhileBlocked(Sandbox sandbox) {
        SpliceAttach a = SpliceAttach.start(sandbox, pasta, "-T", Integer.toString(PORT));
        String up = a.randomFile("up", TEN_MIB);
        Proc server = SpliceAttach.startServer(a.host(), "127.0.0.1", PORT, "slow", a.file("up.received"), "4");
        Proc client = a.ns().start("python3", "-c", SpliceTools.CLIENT, "127.0.0.1", Integer.toString(PORT), "send",
                up);
        assertTrue(Await.until(Duration.ofSeconds(5), () -> server.stdout().contains("accepted")), server::command);
        TcpTools.sleep(1000);

        long cpuBefore = a.cpuTicks();
        TcpTools.sleep(2000);
        long cpuSpent = a.cpuTicks() - cpuBefore;

        assertTrue(cpuSpent < 20, "pasta used " + cpuSpent + " ticks while both sides were blocked");
        assertTrue(Await.until(Duration.ofSeconds(30), () -> server.stdout().contains("done")), server::command);
        assertEquals(0, client.waitForExit(Duration.ofSeconds(10)));
        a.assertSameContent(up, a.file("up.received"));
    }

    /**
     * {@code option PORT} with every other direction {@code none}, for the tests that count descriptors. Left at
     * their default, {@code auto}, the UDP scans also forward the ports of TCP listeners (pasta's
     * {@code fwd_scan_ports_udp()}, for iperf3): the test server's listener on {@link #PORT} gets a UDP socket
     * pair within a second, which would land in the count whenever it came after {@code before} was read.
     */
    private static String[] onlyThisForward(String option) {
        return new String[] {option, Integer.toString(PORT), option.equals("-t") ? "-T" : "-t", "none",
                "-u", "none", "-U", "none"};
    }

    /**
     * Within 5 s the daemon holds no more descriptors than {@code before} and no pipe at all (every pipe belongs
     * to a connection). Fewer is fine: the namespace socket pool may end below its start-up fill (it refills
     * under half), never above. A failure lists what the descriptors point to, before and after.
     */
    private static void assertNothingLeftBehind(SpliceAttach a, int[] before, String targetsBefore) {
        assertTrue(Await.until(Duration.ofSeconds(5), () -> noMoreThan(before, a.descriptors())),
                () -> "descriptors and pipes before " + java.util.Arrays.toString(before) + ", after "
                        + java.util.Arrays.toString(a.descriptors()) + "\nbefore:\n" + targetsBefore + "after:\n"
                        + a.descriptorTargets());
    }

    private static boolean noMoreThan(int[] before, int[] after) {
        return after[0] <= before[0] && after[1] == 0;
    }
}
