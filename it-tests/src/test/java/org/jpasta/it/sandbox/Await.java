package org.jpasta.it.sandbox;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Polling with a deadline, for conditions no process exit or stream event can signal (a daemon disappearing,
 * a pid file being written, an address leaving the tentative state).
 */
public final class Await {
    private static final long POLL_MILLIS = 20;

    private Await() {
    }

    /** Polls {@code condition} until it holds (true) or {@code timeout} passes (false). */
    public static boolean until(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return condition.getAsBoolean();
            }
        }
        return true;
    }
}
