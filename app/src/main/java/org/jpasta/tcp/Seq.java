package org.jpasta.tcp;

/**
 * Sequence-space arithmetic (RFC 9293 §3.4) on Java {@code int}s.
 *
 * <p>Theory of operation: TCP sequence numbers live modulo 2^32, which is exactly Java's wrapping {@code int}
 * arithmetic, so "a is after b" is {@code a - b > 0} and a distance is a plain subtraction. Keeping these
 * one-liners in one place gives the comparisons names and lets them be unit-tested at the wrap point.
 */
final class Seq {
    private Seq() {
    }

    /** a comes strictly after b. */
    static boolean after(int a, int b) {
        return a - b > 0;
    }

    /** a comes at or after b. */
    static boolean atOrAfter(int a, int b) {
        return a - b >= 0;
    }

    /** a comes strictly before b. */
    static boolean before(int a, int b) {
        return a - b < 0;
    }

    /** Bytes from {@code from} up to {@code to} (negative if {@code to} is before {@code from}). */
    static int distance(int from, int to) {
        return to - from;
    }

    /** Whether {@code seq} is in the half-open range [low, high). */
    static boolean within(int seq, int low, int high) {
        return seq - low >= 0 && high - seq > 0;
    }
}
