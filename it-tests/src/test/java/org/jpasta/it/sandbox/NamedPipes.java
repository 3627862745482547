package org.jpasta.it.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes FIFOs for capturing a process's stdout and stderr.
 *
 * <p>Why not {@link Process}'s own pipes: when a process exits, the JDK's reaper drains and closes the
 * parent's end of those pipes, so a reader sees EOF even while a forked daemon still holds the write end.
 * That would hide exactly the bug the readiness tests look for (a daemon keeping the caller's pipes open).
 * With a FIFO the JDK only passes the write end to the child; EOF comes when the last writer closes it.
 */
final class NamedPipes {
    private static final AtomicLong COUNTER = new AtomicLong();
    private static Path directory;

    private NamedPipes() {
    }

    /** Creates a new FIFO (mode 0600, root-owned) and returns its path. */
    static Path create() {
        Path fifo = directory().resolve("p" + COUNTER.incrementAndGet());
        run("mkfifo", "-m", "0600", fifo.toString());
        return fifo;
    }

    static void delete(Path fifo) {
        try {
            Files.deleteIfExists(fifo);
        } catch (IOException ignored) {
            // removed with the directory at exit
        }
    }

    private static synchronized Path directory() {
        if (directory == null) {
            try {
                directory = Files.createTempDirectory("jpt-fifos-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path created = directory;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteDirectory(created)));
        }
        return directory;
    }

    private static void deleteDirectory(Path dir) {
        try (var entries = Files.list(dir)) {
            entries.forEach(NamedPipes::delete);
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // best effort at JVM exit
        }
    }

    private static void run(String... argv) {
        try {
            Process process = new ProcessBuilder(List.of(argv)).redirectErrorStream(true).start();
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", argv) + " failed: "
                        + new String(process.getInputStream().readAllBytes()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", argv), e);
        }
    }
}
