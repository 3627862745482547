package org.jpasta.ns;

import org.jpasta.sys.LibC;
import org.jpasta.sys.SysException;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The one thread that lives in the target network namespace (see the package documentation). Work is
 * submitted as {@link Callable}s and runs in order; never a pooled or virtual thread, whose namespace would
 * leak into unrelated work.
 */
public final class NamespaceThread implements AutoCloseable {
    private final ExecutorService executor;
    private final String description;

    private NamespaceThread(String description) {
        this.description = description;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "jpasta-ns");
            t.setDaemon(true);
            return t;
        });
    }

    /** A thread in a new, empty network namespace (spawn mode). */
    public static NamespaceThread createNew() throws SysException {
        NamespaceThread t = new NamespaceThread("new network namespace");
        t.run(() -> LibC.check(LibC.unshare(LibC.CLONE_NEWNET), "unshare CLONE_NEWNET"));
        return t;
    }

    /** A thread in the network namespace behind {@code path} ({@code /proc/PID/ns/net} or a bind mount). */
    public static NamespaceThread join(String path) throws SysException {
        NamespaceThread t = new NamespaceThread(path);
        t.run(() -> {
            int fd = LibC.open(path, LibC.O_RDONLY | LibC.O_CLOEXEC, 0);
            if (fd < 0) {
                throw new SysException("Couldn't open network namespace " + path, LibC.errno());
            }
            try {
                return LibC.check(LibC.setns(fd, LibC.CLONE_NEWNET), "Couldn't switch to pasta namespaces");
            } finally {
                LibC.close(fd);
            }
        });
        return t;
    }

    /** Runs {@code work} in the namespace and returns its result, rethrowing what it threw. */
    public <T> T run(Callable<T> work) throws SysException {
        Future<T> f = executor.submit(work);
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the namespace thread", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SysException se) {
                throw se;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("namespace thread: " + cause, cause);
        }
    }

    /**
     * Queues {@code work} to run in the namespace and returns at once (for the event loop, which must not wait
     * on this thread); {@code work} handles its own failures and hands its results back itself.
     */
    public void execute(Runnable work) {
        executor.execute(work);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "NamespaceThread[" + description + "]";
    }
}
