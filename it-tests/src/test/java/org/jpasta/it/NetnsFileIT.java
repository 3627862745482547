package org.jpasta.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.jpasta.it.iproute.IpLink;
import org.jpasta.it.pasta.PastaUnderTest;
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
 * Attach mode on a bind-mounted netns file ({@code pasta --config-net --netns FILE -P PIDFILE}), Podman style.
 *
 * <p>Podman runs pasta inside its rootless user+mount namespace, on a netns bind-mounted onto a file under
 * {@code /run/user/UID/netns} (a tmpfs), and never stops it: it unmounts ({@code MNT_DETACH}) and removes
 * the file, and pasta must notice (inotify on the directory) and exit. Here an unprivileged
 * {@code unshare --user --map-root-user --mount} holder plays Podman's namespace; everything else joins it
 * with {@code nsenter --preserve-credentials -U -m}, so the tmpfs and the bind mount exist only in there.
 */
@ExtendWith(SandboxExtension.class)
@Timeout(60)
class NetnsFileIT {
    private static final Duration READY_AND_DETACHED = Duration.ofSeconds(10);
    /** Podman's own system test allows 5 s; pasta's inotify watch reacts at once. */
    private static final Duration GONE_AFTER_REMOVAL = Duration.ofSeconds(2);
    private static final Duration HOLDER_START = Duration.ofSeconds(10);

    private static PastaUnderTest pasta;

    @BeforeAll
    static void findPasta() {
        pasta = PastaUnderTest.get().requireExecutable();
    }

    /** Podman's side: a user+mount namespace holding a netns bound to a file on a tmpfs. */
    private record PodmanLikeNamespace(CommandContext inside, Path netnsFile) {
    }

    private record Attached(PodmanLikeNamespace namespace, Result invocation, long daemonPid) {
    }

    private static PodmanLikeNamespace createNetnsFile(Sandbox sandbox) {
        Proc holder = sandbox.hostUser().start("unshare", "--user", "--map-root-user", "--mount", "sleep", "600");
        assertTrue(ProcFs.awaitCommand(holder.pid(), "sleep", HOLDER_START),
                () -> "user+mount namespace holder did not start: " + holder.snapshot().describe());
        CommandContext inside = sandbox.hostUserIn(holder.pid(), "-U", "-m");
        Path directory = sandbox.userDir().resolve("netns");
        Path netnsFile = directory.resolve("netns-jpt");

        inside.run("sh", "-c", "mkdir \"$1\" && mount -t tmpfs jpt-netns \"$1\" && touch \"$2\""
                + " && unshare --net=\"$2\" true", "sh", directory.toString(), netnsFile.toString())
                .requireSuccess();
        return new PodmanLikeNamespace(inside, netnsFile);
    }

    private static Attached attach(Sandbox sandbox) {
        PodmanLikeNamespace namespace = createNetnsFile(sandbox);
        Path pidFile = sandbox.userDir().resolve("pasta.pid");

        Result invocation = namespace.inside().start(pasta.command("--config-net", "--netns",
                namespace.netnsFile().toString(), "-P", pidFile.toString())).await(READY_AND_DETACHED);

        assertEquals(0, invocation.exitCode(), invocation::describe);
        long daemon = PidFile.read(pidFile).orElseThrow(() -> new AssertionError(
                "pid file " + pidFile + " holds no PID after exit 0: " + PidFile.rawContent(pidFile)));
        sandbox.adoptDaemon(daemon);
        return new Attached(namespace, invocation, daemon);
    }

    @Test
    void configuresTheNamespaceBehindTheFileBeforeExitingZero(Sandbox sandbox) {
        Attached attached = attach(sandbox);

        Result view = attached.namespace().inside().run(
                "nsenter", "--net=" + attached.namespace().netnsFile(), "ip", "-j", "addr");
        assertEquals(0, view.exitCode(), view::describe);
        List<IpLink> links = IpLink.listFrom(view.stdout());
        IpLink tap = IpLink.named(links, Sandbox.UPLINK).orElseThrow(
                () -> new AssertionError("no tap named " + Sandbox.UPLINK + " behind the netns file: " + links));
        IpLink loopback = IpLink.named(links, "lo").orElseThrow(() -> new AssertionError("no lo: " + links));
        assertAll(
                () -> assertTrue(tap.isUp(), () -> "tap up: " + tap),
                () -> assertEquals(65520, tap.mtu(), () -> "tap MTU: " + tap),
                () -> assertTrue(tap.hasAddress(Sandbox.HOST_V4 + "/" + Sandbox.HOST_V4_PREFIX), tap::toString),
                () -> assertTrue(tap.hasAddress(Sandbox.HOST_V6 + "/" + Sandbox.HOST_V6_PREFIX), tap::toString),
                () -> assertTrue(loopback.isUp(), () -> "lo up: " + loopback),
                () -> assertTrue(ProcFs.isRunning(attached.daemonPid()), () -> ProcFs.describe(attached.daemonPid())));
    }

    @Test
    void daemonExitsWhenTheNetnsFileIsUnmountedAndRemoved(Sandbox sandbox) {
        Attached attached = attach(sandbox);
        long daemon = attached.daemonPid();
        assertTrue(ProcFs.isRunning(daemon), () -> "daemon not running before the removal: " + ProcFs.describe(daemon));

        // as Podman's netns.UnmountNS(): umount2(MNT_DETACH), then remove the file
        attached.namespace().inside().run("sh", "-c", "umount -l \"$1\" && rm \"$1\"", "sh",
                attached.namespace().netnsFile().toString()).requireSuccess();

        assertTrue(ProcFs.awaitGone(daemon, GONE_AFTER_REMOVAL),
                () -> "daemon still running " + GONE_AFTER_REMOVAL + " after the netns file was removed: "
                        + ProcFs.describe(daemon));
    }
}
