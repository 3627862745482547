package org.jpasta.log;

/**
 * A warning printed at most once per interval, so that a flood of failures (no flow slots, no descriptors)
 * cannot flood the log, and says how many were suppressed.
 */
public final class RateLimitedWarning {
    private static final long INTERVAL_NANOS = 1_000_000_000L;
    private long lastNanos = Long.MIN_VALUE / 2;
    private long suppressed;

    public void warn(String message) {
        long now = System.nanoTime();
        if (now - lastNanos < INTERVAL_NANOS) {
            suppressed++;
            return;
        }
        lastNanos = now;
        Log.warn(suppressed == 0 ? message : message + " (" + suppressed + " more suppressed)");
        suppressed = 0;
    }
}
