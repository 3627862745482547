package org.jpasta.sys;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs test code on a fresh thread that has {@code unshare(CLONE_NEWNET)}: a private, empty network
 * namespace that disappears with the thread. Needs root (CAP_SYS_ADMIN).
 */
public final class NamespacedThread implements AutoCloseable {
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "test-netns");
        t.setDaemon(true);
        return t;
    });

    public NamespacedThread() throws Exception {
        call(() -> LibC.check(LibC.unshare(LibC.CLONE_NEWNET), "unshare CLONE_NEWNET"));
    }

    public static boolean canUnshare() {
        return LibC.geteuid() == 0;
    }

    public <T> T call(Callable<T> c) throws Exception {
        Future<T> f = thread.submit(c);
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
