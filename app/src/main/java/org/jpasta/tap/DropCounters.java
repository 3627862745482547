package org.jpasta.tap;

import org.jpasta.log.Log;
import org.jpasta.wire.DropReason;

/**
 * Frames from the namespace that were not handled, counted by reason: malformed input is dropped and
 * counted, never thrown. Event-loop confined plain longs; read for {@code --stats} and debug logs.
 */
public final class DropCounters {
    /** Reasons beyond the parsers' {@link DropReason}s: well-formed, but nothing here handles them. */
    public enum Unhandled { ETHERTYPE, IP_PROTOCOL, ICMP_TYPE, NO_FLOW_SLOT, SOCKET_ERROR }

    private final long[] malformed = new long[DropReason.values().length];
    private final long[] unhandled = new long[Unhandled.values().length];

    public void malformed(DropReason reason, String layer) {
        malformed[reason.ordinal()]++;
        if (Log.trace) {
            Log.trace("dropped " + layer + " frame: " + reason);
        }
    }

    public void unhandled(Unhandled reason) {
        unhandled[reason.ordinal()]++;
    }

    public long malformedCount(DropReason reason) {
        return malformed[reason.ordinal()];
    }

    public long unhandledCount(Unhandled reason) {
        return unhandled[reason.ordinal()];
    }

    public long totalUnhandled() {
        long t = 0;
        for (long v : unhandled) {
            t += v;
        }
        return t;
    }

    public long totalMalformed() {
        long t = 0;
        for (long v : malformed) {
            t += v;
        }
        return t;
    }
}
