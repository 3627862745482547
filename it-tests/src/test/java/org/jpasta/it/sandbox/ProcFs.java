package org.jpasta.it.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Process facts read straight from {@code /proc}, for processes the test did not start itself (daemons).
 *
 * <p>A daemonised pasta is not our child, so {@link Process} cannot wait for it. On this machine PID 1 reaps
 * orphans only lazily, so a daemon that has exited may linger as a zombie: "gone" therefore means "no such
 * PID, or a zombie", never just "{@code kill -0} fails".
 */
public final class ProcFs {
    private ProcFs() {
    }

    /** The one-letter state from {@code /proc/PID/stat} ('R', 'S', 'Z', ...), empty if there is no such PID. */
    public static Optional<Character> state(long pid) {
        return read(Path.of("/proc", Long.toString(pid), "stat")).map(stat -> {
            int afterCommand = stat.lastIndexOf(')');
            return stat.charAt(afterCommand + 2);
        });
    }

    /** Whether the PID exists and is not a zombie. */
    public static boolean isRunning(long pid) {
        return state(pid).map(state -> state != 'Z' && state != 'X').orElse(false);
    }

    /** Polls until the PID is gone or a zombie; false if it is still running after {@code timeout}. */
    public static boolean awaitGone(long pid, Duration timeout) {
        return Await.until(timeout, () -> !isRunning(pid));
    }

    /** Polls until {@code /proc/PID/comm} is {@code comm}: a process that execs a chain reaches its last program. */
    public static boolean awaitCommand(long pid, String comm, Duration timeout) {
        return Await.until(timeout, () -> command(pid).map(comm::equals).orElse(false));
    }

    public static Optional<String> command(long pid) {
        return read(Path.of("/proc", Long.toString(pid), "comm")).map(String::strip);
    }

    /** The real UID from {@code /proc/PID/status}. */
    public static OptionalInt realUid(long pid) {
        Optional<String> status = read(Path.of("/proc", Long.toString(pid), "status"));
        if (status.isEmpty()) {
            return OptionalInt.empty();
        }
        for (String line : status.get().split("\n")) {
            if (line.startsWith("Uid:")) {
                return OptionalInt.of(Integer.parseInt(line.substring(4).strip().split("\\s+")[0]));
            }
        }
        return OptionalInt.empty();
    }

    /** One line for diagnostics: PID, state, uid and command line. */
    public static String describe(long pid) {
        String cmdline = read(Path.of("/proc", Long.toString(pid), "cmdline"))
                .map(raw -> raw.replace('\0', ' ').strip()).orElse("?");
        return pid + " state=" + state(pid).map(String::valueOf).orElse("gone")
                + " uid=" + (realUid(pid).isPresent() ? realUid(pid).getAsInt() : "?") + " " + cmdline;
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
