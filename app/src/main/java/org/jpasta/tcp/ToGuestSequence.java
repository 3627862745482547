package org.jpasta.tcp;

/**
 * The host-to-guest half of a connection's sequence space: what was sent, what the guest acknowledged, and
 * how much more its window allows.
 *
 * <p>Theory of operation: the bytes between {@link #acked} and {@link #next} are "in flight": sent to the guest
 * but still sitting in the host socket's receive queue, because nothing is buffered here. An acknowledgement
 * that moves {@link #acked} forward tells the caller how many bytes it may now drop from the socket. A
 * duplicate acknowledgement (nothing new acknowledged, no data, same window, something in flight) means the
 * guest lost a segment: the caller rewinds {@link #next} to {@link #acked} and sends again from the socket,
 * once per acknowledgement value. Our FIN takes one sequence number after the data; {@link #finSequence}
 * remembers where, so that bytes and FIN are told apart. Pure state and arithmetic, unit-tested.
 */
final class ToGuestSequence {
    /** Outcome of {@link #onAck}. */
    static final int ACK_IGNORED = 0, ACK_ADVANCED = 1, ACK_DUPLICATE = 2, ACK_WINDOW_ONLY = 3;

    int next;
    int acked;
    int window;
    boolean finSent;
    int finSequence;
    private boolean rewoundAtThisAck;
    private int bytesAcked;

    void start(int initialSequence) {
        next = initialSequence;
        acked = initialSequence;
    }

    int inFlight() {
        return next - acked;
    }

    /** Bytes the guest's window still allows beyond what is in flight (never negative). */
    int room() {
        return Math.max(0, window - inFlight());
    }

    void sent(int bytes) {
        next += bytes;
    }

    void sentFin() {
        finSent = true;
        finSequence = next;
        next += 1;
    }

    boolean finAcked() {
        return finSent && Seq.after(acked, finSequence);
    }

    /** Data bytes newly acknowledged by the last {@link #ACK_ADVANCED} (a FIN is not counted). */
    int bytesAcked() {
        return bytesAcked;
    }

    /**
     * Applies an acknowledgement from the guest.
     *
     * @param windowBytes the guest's window, already scaled
     * @param pureAck     no payload, no SYN/FIN: only such segments count as duplicate acknowledgements
     */
    int onAck(int ack, int windowBytes, boolean pureAck) {
        if (Seq.after(ack, next)) {
            return ACK_IGNORED; // acknowledges what we never sent
        }
        int advance = ack - acked;
        if (advance > 0) {
            int dataEnd = finSent && Seq.after(ack, finSequence) ? finSequence : ack;
            bytesAcked = dataEnd - acked;
            acked = ack;
            window = windowBytes;
            rewoundAtThisAck = false;
            return ACK_ADVANCED;
        }
        if (advance < 0) {
            return ACK_IGNORED; // old, reordered
        }
        if (pureAck && windowBytes == window && inFlight() > 0 && !rewoundAtThisAck) {
            rewoundAtThisAck = true;
            return ACK_DUPLICATE;
        }
        window = windowBytes;
        return ACK_WINDOW_ONLY;
    }

    /** Makes everything in flight unsent again (retransmission); a FIN not yet acknowledged is unsent too. */
    void rewind() {
        if (finSent && !finAcked()) {
            finSent = false;
        }
        next = acked;
    }
}
