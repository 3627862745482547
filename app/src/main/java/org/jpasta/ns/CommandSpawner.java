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
    private static final String PROLOGUE =
            "hostname \"$1\" 2>/dev/null || { printf %s \"$1\" > /proc/sys/kernel/hostname; } 2>/dev/null;"
            + " { echo '0 0' > /proc/sys/net/ipv4/ping_group_range; } 2>/dev/null"
            + " || echo 'Cannot set ping_group_range, ICMP requests might fail' >&2;"
            + " shift; exec \"$@\" || { echo 'Failed to start command or shell' >&2; exit 1; }";

    private CommandSpawner() {}

    /** The full argv: unshare, the prologue, then the command (or a login shell). */
    static List<String> argv(List<String> command, String hostname) {
        List<String> argv = new ArrayList<>(List.of("unshare", "--uts", "--ipc", "--mount", "--pid", "--fork",
                "--kill-child", "--mount-proc", "--", "/bin/sh", "-c", PROLOGUE, "pasta-spawn", hostname));
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
