package org.jpasta.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

import org.jpasta.it.iproute.IpLink;
import org.jpasta.it.pasta.KnownDifference;
import org.jpasta.it.pasta.PastaUnderTest;
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
 * Attach mode by PID ({@code pasta --config-net -P FILE PID}), the way RootlessKit and the upstream tests run
 * pasta: an unprivileged {@code unshare -rUn} holder owns the user+net namespace, pasta joins both.
 *
 * <p>The readiness contract is Podman's {@code CombinedOutput()}: the invoked process exits 0 once the
 * namespace is fully configured, and the daemon it leaves behind must not hold the caller's stdout/stderr
 * pipes, or the caller would wait forever.
 */
@ExtendWith(SandboxExtension.class)
@Timeout(60)
class AttachByPidIT {
    /** Start-to-EOF budget for the invoked pasta: exit and both pipes closed. */
    private static final Duration READY_AND_DETACHED = Duration.ofSeconds(10);
    /** pasta polls procfs-bound namespaces every second. */
    private static final Duration GONE_AFTER_NAMESPACE = Duration.ofSeconds(2);
    private static final Duration GONE_AFTER_SIGTERM = Duration.ofSeconds(2);
    private static final Duration HOLDER_START = Duration.ofSeconds(10);

    private static PastaUnderTest pasta;

    @BeforeAll
    static void findPasta() {
        pasta = PastaUnderTest.get().requireExecutable();
    }

    /** A running attach: the namespace holder, the invoked pasta's result and the daemon it left. */
    private record Attached(Proc holder, Result invocation, long launcherPid, long daemonPid) {
    }

    private static Attached attach(Sandbox sandbox) {
        Proc holder = sandbox.hostUser().start("unshare", "-rUn", "sleep", "600");
        assertTrue(ProcFs.awaitCommand(holder.pid(), "sleep", HOLDER_START),
                () -> "namespace holder did not start: " + holder.snapshot().describe());
        Path pidFile = sandbox.userDir().resolve("pasta.pid");

        Proc invoked = sandbox.hostUser().start(pasta.command(
                "--config-net", "-P", pidFile.toString(), Long.toString(holder.pid())));
        Result invocation = invoked.await(READY_AND_DETACHED);

        assertEquals(0, invocation.exitCode(), invocation::describe);
        long daemon = PidFile.read(pidFile).orElseThrow(() -> new AssertionError(
                "pid file " + pidFile + " holds no PID after exit 0: " + PidFile.rawContent(pidFile)));
        sandbox.adoptDaemon(daemon);
        return new Attached(holder, invocation, invoked.pid(), daemon);
    }

    @Test
    void exitsZeroWhenReadyAndReleasesTheCallersPipes(Sandbox sandbox) {
        Attached attached = attach(sandbox);

        // attach() already required exit 0 and EOF on both pipes within the budget
        assertEquals(0, attached.invocation().exitCode());
    }

    @Test
    void pidFileNamesTheRunningDaemonNotTheLauncher(Sandbox sandbox) {
        Attached attached = attach(sandbox);

        long daemon = attached.daemonPid();
        OptionalInt uid = ProcFs.realUid(daemon);
        assertAll(
                () -> assertNotEquals(attached.launcherPid(), daemon, "pid file names the invoked process"),
                () -> assertTrue(ProcFs.isRunning(daemon), () -> "daemon not running: " + ProcFs.describe(daemon)),
                () -> assertEquals(OptionalInt.of(Sandbox.UNPRIVILEGED_UID), uid,
                        () -> "daemon runs as the invoking user: " + ProcFs.describe(daemon)));
    }

    @Test
    void namespaceIsConfiguredWhenTheInvocationReturns(Sandbox sandbox) {
        Attached attached = attach(sandbox);

        Result view = sandbox.hostUserIn(attached.holder().pid(), "-U", "-n").run("ip", "-j", "addr");
        assertEquals(0, view.exitCode(), view::describe);
        List<IpLink> links = IpLink.listFrom(view.stdout());
        IpLink tap = IpLink.named(links, Sandbox.UPLINK).orElseThrow(
                () -> new AssertionError("no tap named " + Sandbox.UPLINK + " in the holder's netns: " + links));
        assertAll(
                () -> assertTrue(tap.isUp(), () -> "tap up: " + tap),
                () -> assertEquals(65520, tap.mtu(), () -> "tap MTU: " + tap),
                () -> assertTrue(tap.hasAddress(Sandbox.HOST_V4 + "/" + Sandbox.HOST_V4_PREFIX), tap::toString),
                () -> assertTrue(tap.hasAddress(Sandbox.HOST_V6 + "/" + Sandbox.HOST_V6_PREFIX), tap::toString));
    }

    @Test
    void daemonExitsWhenTheNamespaceHolderDies(Sandbox sandbox) {
        Attached attached = attach(sandbox);

        attached.holder().kill();

        long daemon = attached.daemonPid();
        pasta.expectCurrentBehaviour(KnownDifference.NETNS_QUIT_ON_PROCFS, () -> assertTrue(
                ProcFs.awaitGone(daemon, GONE_AFTER_NAMESPACE),
                () -> "daemon still running " + GONE_AFTER_NAMESPACE + " after the holder died: "
                        + ProcFs.describe(daemon)));
    }

    @Test
    void daemonExitsOnSigterm(Sandbox sandbox) {
        Attached attached = attach(sandbox);

        long daemon = attached.daemonPid();
        ProcessHandle.of(daemon).ifPresent(ProcessHandle::destroy);

        assertTrue(ProcFs.awaitGone(daemon, GONE_AFTER_SIGTERM),
                () -> "daemon ignored SIGTERM: " + ProcFs.describe(daemon));
    }
}
