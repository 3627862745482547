package org.jpasta.it.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A started process whose stdout and stderr are drained continuously on their own threads.
 *
 * <p>Draining on threads keeps a chatty process from blocking on a full pipe, lets a test look at the output
 * of a process that is still running, and makes "both pipes reached EOF" observable on its own, separately
 * from "the process exited": that is the difference between a daemon that closes its inherited stdio and one
 * that keeps it open (Podman's {@code CombinedOutput()} hangs on the latter). The streams are FIFOs, not the
 * JDK's pipes, for the reason given in {@link NamedPipes}. Stdin is {@code /dev/null}.
 */
public final class Proc implements AutoCloseable {
    private static final int SHOWN_OUTPUT_CHARS = 8000;

    private final String command;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final CountDownLatch streamsClosed = new CountDownLatch(2);
    private Process process;

    private Proc(String command) {
        this.command = command;
    }

    /** Starts {@code argv} with exactly the environment {@code env} (nothing is inherited). */
    public static Proc start(List<String> argv, Map<String, String> env) {
        return start(String.join(" ", argv), argv, env);
    }

    /** As {@link #start(List, Map)}, naming the process {@code description} in all reports. */
    public static Proc start(String description, List<String> argv, Map<String, String> env) {
        Proc proc = new Proc(description);
        Path out = NamedPipes.create();
        Path err = NamedPipes.create();
        try {
            proc.drain(out, proc.stdout);
            proc.drain(err, proc.stderr);
            ProcessBuilder builder = new ProcessBuilder(argv)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().clear();
            builder.environment().putAll(env);
            proc.process = builder.start();
            return proc;
        } catch (IOException e) {
            if (!proc.awaitStreamsClosed(Duration.ofMillis(200))) {
                releaseReader(out);
                releaseReader(err);
            }
            throw new UncheckedIOException("cannot start " + argv, e);
        } finally {
            NamedPipes.delete(out);
            NamedPipes.delete(err);
        }
    }

    /**
     * A reader blocks in open() until a writer appears; if the JDK never opened the write end, be that
     * writer. (Had it opened it, the reader has seen EOF and this open would block: hence a daemon thread,
     * waited for briefly.)
     */
    private static void releaseReader(Path fifo) {
        Thread releaser = new Thread(() -> {
            try {
                new FileOutputStream(fifo.toFile()).close(); // opening and closing gives the reader EOF
            } catch (IOException ignored) {
                // the FIFO is gone
            }
        }, "proc-release-" + fifo.getFileName());
        releaser.setDaemon(true);
        releaser.start();
        try {
            releaser.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drain(Path fifo, ByteArrayOutputStream sink) {
        Thread reader = new Thread(() -> copyUntilEof(fifo, sink), "proc-reader-" + fifo.getFileName());
        reader.setDaemon(true);
        reader.start();
    }

    private void copyUntilEof(Path fifo, ByteArrayOutputStream sink) {
        byte[] buffer = new byte[8192];
        try (InputStream in = new FileInputStream(fifo.toFile())) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                synchronized (sink) {
                    sink.write(buffer, 0, n);
                }
            }
        } catch (IOException ignored) {
            // treat as EOF
        } finally {
            streamsClosed.countDown();
        }
    }

    public long pid() {
        return process.pid();
    }

    public String command() {
        return command;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to exit; on timeout kills it and fails with everything it printed. */
    public int waitForExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                throw new AssertionError("timed out after " + timeout + ", killed: " + snapshot().describe());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw new AssertionError("interrupted while waiting for `" + command + "`", e);
        }
    }

    /** Whether both stdout and stderr reached EOF within {@code timeout}, i.e. no process holds them open. */
    public boolean awaitStreamsClosed(Duration timeout) {
        try {
            return streamsClosed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits for exit and for both streams to close, and returns the complete result. */
    public Result await(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int exitCode = waitForExit(timeout);
        Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        if (!awaitStreamsClosed(left)) {
            throw new AssertionError(snapshot().describe().stripTrailing() + "\n... but its stdout/stderr were"
                    + " still open " + timeout + " after the start: a process it left behind holds them");
        }
        return snapshot();
    }

    /** The output so far; the exit code is -1 while the process runs. */
    public Result snapshot() {
        int exitCode = process.isAlive() ? -1 : process.exitValue();
        return new Result(command, exitCode, stdout(), stderr());
    }

    public String stdout() {
        synchronized (stdout) {
            return stdout.toString(StandardCharsets.UTF_8);
        }
    }

    public String stderr() {
        synchronized (stderr) {
            return stderr.toString(StandardCharsets.UTF_8);
        }
    }

    /** Waits until a descendant whose {@code comm} is {@code comm} runs; its PID, or empty on timeout. */
    public OptionalLong awaitDescendant(String comm, Duration timeout) {
        long[] found = {0};
        boolean appeared = Await.until(timeout, () -> process.descendants()
                .filter(child -> ProcFs.command(child.pid()).map(comm::equals).orElse(false))
                .findFirst()
                .map(child -> found[0] = child.pid())
                .isPresent());
        return appeared ? OptionalLong.of(found[0]) : OptionalLong.empty();
    }

    /** Sends SIGTERM. */
    public void terminate() {
        process.destroy();
    }

    /** Sends SIGKILL to the process and to all its current descendants, and waits briefly for the reaping. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    /** Both streams under headings, skipping empty ones, each cut to a readable length. */
    static String renderOutput(String out, String err) {
        StringBuilder sb = new StringBuilder();
        if (!out.isEmpty()) {
            sb.append("\n--- stdout ---\n").append(truncate(out));
        }
        if (!err.isEmpty()) {
            sb.append("\n--- stderr ---\n").append(truncate(err));
        }
        if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '\n') {
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String truncate(String text) {
        if (text.length() <= SHOWN_OUTPUT_CHARS) {
            return text;
        }
        return text.substring(0, SHOWN_OUTPUT_CHARS) + "\n[... " + (text.length() - SHOWN_OUTPUT_CHARS)
                + " more characters]";
    }
}
