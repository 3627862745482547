package org.jpasta.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jpasta.it.pasta.PastaUnderTest;
import org.jpasta.it.sandbox.Await;
import org.jpasta.it.sandbox.CommandContext;
import org.jpasta.it.sandbox.PidFile;
import org.jpasta.it.sandbox.Proc;
import org.jpasta.it.sandbox.ProcFs;
import org.jpasta.it.sandbox.Result;
import org.jpasta.it.sandbox.Sandbox;

/**
 * pasta attached by PID to an {@code unshare -rUn} holder, with the helpers the splice tests share: the
 * namespace and host contexts, test files, {@code cmp}, the daemon's descriptors and CPU time.
 */
record SpliceAttach(Sandbox sandbox, Proc holder, long daemonPid) {
    private static final Duration READY = Duration.ofSeconds(15);

    static SpliceAttach start(Sandbox sandbox, PastaUnderTest pasta, String... options) {
        Proc holder = sandbox.hostUser().start("unshare", "-rUn", "sleep", "600");
        assertTrue(ProcFs.awaitCommand(holder.pid(), "sleep", READY),
                () -> "namespace holder did not start: " + holder.snapshot().describe());
        Path pidFile = sandbox.userDir().resolve("pasta.pid");
        List<String> argv = new ArrayList<>(List.of(pasta.path(), "--config-net", "-P", pidFile.toString()));
        argv.addAll(List.of(options));
        argv.add(Long.toString(holder.pid()));
        Result invocation = sandbox.hostUser().start(argv.toArray(String[]::new)).await(READY);
        assertEquals(0, invocation.exitCode(), invocation::describe);
        long daemon = PidFile.read(pidFile).orElseThrow(() -> new AssertionError("no pid in " + pidFile));
        sandbox.adoptDaemon(daemon);
        return new SpliceAttach(sandbox, holder, daemon);
    }

    CommandContext ns() {
        return sandbox.hostUserIn(holder.pid(), "-U", "-n");
    }

    CommandContext host() {
        return sandbox.hostUser();
    }

    String file(String name) {
        return sandbox.userDir().resolve(name).toString();
    }

    /** A file of {@code bytes} random bytes in the user's directory. */
    String randomFile(String name, long bytes) {
        String path = file(name);
        Result r = host().run("sh", "-c", "head -c " + bytes + " /dev/urandom > " + path);
        assertEquals(0, r.exitCode(), r::describe);
        return path;
    }

    void assertSameContent(String expected, String actual) {
        Result r = host().run("cmp", expected, actual);
        assertEquals(0, r.exitCode(), () -> "cmp " + expected + " " + actual + ": " + r.describe());
    }

    /** Starts a {@link SpliceTools#SERVER} and waits for it to listen. */
    static Proc startServer(CommandContext where, String address, int port, String... modeAndArgs) {
        List<String> argv = new ArrayList<>(List.of("python3", "-c", SpliceTools.SERVER, address,
                Integer.toString(port)));
        argv.addAll(List.of(modeAndArgs));
        Proc server = where.start(argv.toArray(String[]::new));
        assertTrue(Await.until(Duration.ofSeconds(10), () -> server.stdout().contains("listening")),
                () -> "server did not start: " + server.snapshot().describe());
        return server;
    }

    /** Runs a {@link SpliceTools#CLIENT}. */
    static Result client(CommandContext where, String address, int port, String... modeAndArgs) {
        List<String> argv = new ArrayList<>(List.of("python3", "-c", SpliceTools.CLIENT, address,
                Integer.toString(port)));
        argv.addAll(List.of(modeAndArgs));
        return where.run(Duration.ofSeconds(90), argv.toArray(String[]::new));
    }

    /** Open descriptors of the daemon, and how many of them are pipes. */
    int[] descriptors() {
        Result r = sandbox.hostRoot().run("sh", "-c", "ls -l /proc/" + daemonPid + "/fd | grep -c ' -> ';"
                + " ls -l /proc/" + daemonPid + "/fd | grep -c 'pipe:' || true");
        String[] lines = r.stdout().strip().split("\\s+");
        return new int[] {Integer.parseInt(lines[0]), Integer.parseInt(lines[1])};
    }

    /** How many of the daemon's descriptors point to each target, sockets and pipes counted by kind (for messages). */
    String descriptorTargets() {
        return sandbox.hostRoot().run("sh", "-c", "ls -l /proc/" + daemonPid
                + "/fd | grep ' -> ' | sed -e 's/.* -> //' -e 's/^\\(socket\\|pipe\\):.*/\\1/' | sort | uniq -c")
                .stdout();
    }

    /** User plus system CPU time of the daemon, in clock ticks. */
    long cpuTicks() {
        Result r = sandbox.hostRoot().run("cat", "/proc/" + daemonPid + "/stat");
        String stat = r.stdout();
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
