package org.jpasta.ns;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the spawn-mode command in the new namespaces (pasta's {@code pasta_spawn_cmd()}).
 *
 * <p>pasta clones the child with new network, UTS, mount, IPC and PID namespaces, mounts a fresh
 * {@code /proc}, sets the host name ({@code -H}, else {@code pasta-<host name>}), lets root in the namespace
 * use ping sockets ({@code ping_group_range = "0 0"}) and execs the command once everything is ready. A
 * JVM cannot clone, so this is done by util-linux {@code unshare} started <em>from the namespace thread</em>
 * (a child inherits its creating thread's network namespace) and a three-line shell prologue. We start it
 * only after set-up is complete, which is pasta's SIGUSR1 handshake without the signal.
 */
public final class CommandSpawner {
    /**
     * Runs outside the new PID namespace (unshare without {@code --fork}), so that its child, the command,
     * is PID 1 there, as in pasta, and so that a command killed by a signal still gives 128 + signal:
     * util-linux 2.38's {@code unshare --fork} cannot re-raise SIGKILL and would exit 1 instead.
     */
    private static final String OUTER =
            "exec 3>&2 2>/dev/null; /bin/sh -c \"$0\" pasta-command \"$@\" 2>&3 3>&-; exit $?";
    /**
     * Runs as PID 1 of the new PID namespace. The outer shell's first child becomes PID 1 and the namespace
     * dies with it, so everything external (hostname, mount) runs here, not in the outer shell.
     */
    private static final String INNER =
            "hostname \"$1\" 2>/dev/null || { printf %s \"$1\" > /proc/sys/kernel/hostname; } 2>/dev/null;"
            + " { echo '0 0' > /proc/sys/net/ipv4/ping_group_range; } 2>/dev/null"
            + " || echo 'Cannot set ping_group_range, ICMP requests might fail' >&2;"
            + " mount -t proc proc /proc 2>/dev/null; shift;"
            + " exec \"$@\" || { echo 'Failed to start command or shell' >&2; exit 127; }";

    private CommandSpawner() {}

    /** The full argv: unshare, the prologue, then the command (or a login shell). */
    static List<String> argv(List<String> command, String hostname) {
        List<String> argv = new ArrayList<>(List.of("unshare", "--uts", "--ipc", "--mount", "--pid",
                "--propagation", "private", "--", "/bin/sh", "-c", OUTER, INNER, hostname));
        if (command.isEmpty()) {
            String shell = System.getenv().getOrDefault("SHELL", "/bin/sh");
            argv.add(shell.isEmpty() ? "/bin/sh" : shell);
            argv.add("-l");
        } else {
            argv.addAll(command);
        }
        return argv;
    }

    /** Starts the command; call on the namespace thread. Its stdio is ours. */
    public static Process start(List<String> command, String hostname) throws IOException {
        return new ProcessBuilder(argv(command, hostname)).inheritIO().start();
    }
}
