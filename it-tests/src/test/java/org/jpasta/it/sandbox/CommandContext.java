package org.jpasta.it.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A place and identity to run commands in: "root in the host namespace", "uid 65534 in the host namespace",
 * "uid 65534 inside the namespaces of process N", "root upstream".
 *
 * <p>Each context is just an argv prefix ({@code ip netns exec ...}, {@code setpriv ...}, {@code nsenter ...}),
 * so a test reads as the commands a person would type, and every command goes through the sandbox, which
 * records it for diagnostics and kills what it started when the test ends.
 */
public final class CommandContext {
    /** Default limit for short commands; anything longer-running should use {@link #start}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    private final Sandbox sandbox;
    private final String name;
    private final List<String> prefix;

    CommandContext(Sandbox sandbox, String name, List<String> prefix) {
        this.sandbox = sandbox;
        this.name = name;
        this.prefix = List.copyOf(prefix);
    }

    /** Runs a command to completion (exit and EOF on both pipes) within {@link #DEFAULT_TIMEOUT}. */
    public Result run(String... command) {
        return run(DEFAULT_TIMEOUT, command);
    }

    /** Runs a command to completion; on timeout it is killed and the test fails with its output. */
    public Result run(Duration timeout, String... command) {
        Proc proc = sandbox.launch(describe(command), argv(command));
        try {
            Result result = proc.await(timeout);
            sandbox.transcript().add(result);
            return result;
        } catch (AssertionError e) {
            sandbox.transcript().add(proc);
            throw e;
        } finally {
            proc.close();
        }
    }

    /** Starts a command and returns at once; the sandbox kills it (and its descendants) at the end. */
    public Proc start(String... command) {
        Proc proc = sandbox.launch(describe(command), argv(command));
        sandbox.transcript().add(proc);
        return proc;
    }

    /** The full argv that {@code command} runs as in this context. */
    public List<String> argv(String... command) {
        List<String> argv = new ArrayList<>(prefix);
        argv.addAll(Arrays.asList(command));
        return argv;
    }

    private String describe(String... command) {
        return "[" + name + "] " + String.join(" ", command);
    }

    @Override
    public String toString() {
        return name;
    }
}
