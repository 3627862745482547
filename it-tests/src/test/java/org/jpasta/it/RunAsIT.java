package org.jpasta.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;

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
 * The user pasta runs as ({@code --runas}, pasta's conf_ugid() and isolate_user()): started as root in the
 * initial user namespace it becomes nobody, with a warning, unless {@code --runas} says otherwise, and only then
 * joins the target's namespaces, with that user's rights. Root callers attach (rootful Podman, pelagos with
 * {@code --runas 0}) to a named namespace or to a process; pasta 2026's spawn mode as root does not work on this kernel at all (it cannot write its
 * uid_map once it is nobody), so spawn mode is not tested here. An unprivileged user cannot switch users.
 */
@ExtendWith(SandboxExtension.class)
@Timeout(60)
class RunAsIT {
    private static final String STARTED_AS_ROOT = "Started as root, will change to nobody.";
    private static final Duration READY = Duration.ofSeconds(20);
    private static PastaUnderTest pasta;

    @BeforeAll
    static void findPasta() {
        pasta = PastaUnderTest.get().requireExecutable();
    }

    /** A process of the unprivileged user holding a fresh user and network namespace. */
    private static Proc holder(Sandbox sandbox) {
        Proc holder = sandbox.hostUser().start("unshare", "-rUn", "sleep", "60");
        assertTrue(ProcFs.awaitCommand(holder.pid(), "sleep", Duration.ofSeconds(10)),
                () -> "namespace holder did not start: " + holder.snapshot().describe());
        return holder;
    }

    /** Attaches as root with {@code options} and the target; returns the invocation and the daemon's uid. */
    private static Attached attachAsRoot(Sandbox sandbox, String... argv) {
        Path pidFile = sandbox.userDir().resolve("runas.pid");
        String[] full = new String[argv.length + 2];
        full[0] = "-P";
        full[1] = pidFile.toString();
        System.arraycopy(argv, 0, full, 2, argv.length);
        Result result = sandbox.hostRootWithTun().start(pasta.command(full)).await(READY);
        OptionalInt uid = OptionalInt.empty();
        if (PidFile.read(pidFile).isPresent()) {
            long daemon = PidFile.read(pidFile).getAsLong();
            sandbox.adoptDaemon(daemon);
            uid = ProcFs.realUid(daemon);
        }
        return new Attached(result, uid);
    }

    private record Attached(Result result, OptionalInt daemonUid) {
    }

    @Test
    void rootBecomesNobodyWithAWarningAndJoinsANamespaceNobodyOwns(Sandbox sandbox) {
        Proc target = holder(sandbox);

        Attached attached = attachAsRoot(sandbox, "--config-net", Long.toString(target.pid()));

        assertEquals(0, attached.result().exitCode(), attached.result()::describe);
        assertTrue(attached.result().stderr().contains(STARTED_AS_ROOT), attached.result()::describe);
        assertEquals(OptionalInt.of(Sandbox.UNPRIVILEGED_UID), attached.daemonUid(), attached.result()::describe);
    }

    @Test
    void asNobodyRootCannotJoinARootNamespace(Sandbox sandbox) {
        String netns = sandbox.newNamedNamespace();

        Attached attached = attachAsRoot(sandbox, "--config-net", "--netns", netns);

        assertEquals(1, attached.result().exitCode(), attached.result()::describe);
        assertTrue(attached.result().stderr().startsWith(STARTED_AS_ROOT + "\n"), attached.result()::describe);
        assertTrue(attached.result().stderr().contains("Couldn't switch to pasta namespaces: Operation not permitted"),
                attached.result()::describe);
    }

    @Test
    void runasZeroKeepsRootForARootNamespace(Sandbox sandbox) {
        String netns = sandbox.newNamedNamespace();

        Attached attached = attachAsRoot(sandbox, "--runas", "0", "--config-net", "--netns", netns);

        assertEquals(0, attached.result().exitCode(), attached.result()::describe);
        assertFalse(attached.result().stderr().contains(STARTED_AS_ROOT), attached.result()::describe);
        assertEquals(OptionalInt.of(0), attached.daemonUid(), attached.result()::describe);
    }

    @Test
    void runasLoginAndGroupNamesAreLookedUp(Sandbox sandbox) {
        Proc target = holder(sandbox);

        Attached attached = attachAsRoot(sandbox, "--runas=nobody:nogroup", "--config-net",
                Long.toString(target.pid()));

        assertEquals(0, attached.result().exitCode(), attached.result()::describe);
        assertFalse(attached.result().stderr().contains(STARTED_AS_ROOT), attached.result()::describe);
        assertEquals(OptionalInt.of(Sandbox.UNPRIVILEGED_UID), attached.daemonUid(), attached.result()::describe);
    }

    @Test
    void anUnprivilegedUserCannotBecomeRoot(Sandbox sandbox) {
        Result result = sandbox.hostUser().run(Duration.ofSeconds(30),
                pasta.command("--runas", "0", "--config-net", "--", "true"));

        assertEquals(1, result.exitCode(), result::describe);
        assertEquals("Can't set GID to 0: Operation not permitted", result.stderr().strip(), result::describe);
    }

    @Test
    void aLoginNameThatIsRootIsInvalid(Sandbox sandbox) {
        Result result = sandbox.hostRootWithTun().run(Duration.ofSeconds(30),
                pasta.command("--runas", "root", "--", "true"));

        assertEquals(1, result.exitCode(), result::describe);
        assertTrue(result.stderr().contains("Invalid --runas option: root"), result::describe);
    }
}
