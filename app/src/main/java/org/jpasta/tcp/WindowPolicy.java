package org.jpasta.tcp;

/**
 * The numbers pasta reflects from one side of a connection onto the other: MSS and window.
 *
 * <p>Theory of operation: there is no buffer of our own, so the only honest window to offer the guest is the
 * room left in the host socket's send buffer. What the guest sends inside that window is written straight to
 * the socket, so if the window is accurate a write never comes up short and nothing has to be retransmitted
 * by the guest. The kernel counts send-buffer use in "truesize" (payload plus per-skb overhead), so only a
 * fraction of the free room is offered. Pure functions of their inputs, so they are unit-tested in isolation.
 */
final class WindowPolicy {
    static final int PAGE_SIZE = 4096;
    /** RFC 9293's default MSS when a SYN carries none. */
    static final int MSS_DEFAULT = 536;
    /** pasta's window before the connection is established (RFC 6928's initial window, 10 × 1460). */
    static final int WINDOW_DEFAULT = 14600;
    /** The window scale we offer: pasta's maximum, 8, so windows reach 16 MiB. */
    static final int OUR_WINDOW_SCALE = 8;
    static final int MAX_WINDOW = 0xffff << OUR_WINDOW_SCALE;
    static final int MAX_GUEST_WINDOW_SCALE = 14;
    static final int TCP_HEADER = 20;

    private WindowPolicy() {
    }

    /** The MSS we advertise to the guest: MTU minus headers, rounded down to a page when above one. */
    static int ourMss(int mtu, boolean ipv6) {
        int mss = mtu - (ipv6 ? 40 : 20) - TCP_HEADER;
        if (mss > PAGE_SIZE) {
            mss -= mss % PAGE_SIZE;
        }
        return Math.max(mss, 1);
    }

    /** The segment size we send the guest: its MSS option (536 if absent), bounded by what one frame holds. */
    static int mssToGuest(int optionMss, boolean ipv6, int maxL3Length) {
        int mss = optionMss <= 0 ? MSS_DEFAULT : optionMss;
        int fits = maxL3Length - (ipv6 ? 40 : 20) - TCP_HEADER;
        return Math.min(mss, fits);
    }

    /** The guest's window scale from its SYN option, or 0 if it sent none; capped at 14 (RFC 7323). */
    static int guestWindowScale(int option) {
        return option < 0 ? 0 : Math.min(option, MAX_GUEST_WINDOW_SCALE);
    }

    /**
     * Bytes the guest may send beyond what we acknowledged: three quarters of the send buffer's free room
     * (truesize accounting), capped at what our window scale can express.
     */
    static int windowFromSendBuffer(int sndbuf, int wmemQueued) {
        long free = (long) sndbuf - wmemQueued;
        if (free <= 0) {
            return 0;
        }
        return (int) Math.min(free * 3 / 4, MAX_WINDOW);
    }

    /** The 16-bit window field for a window in bytes, with our scale (or none on SYN segments). */
    static int encode(int windowBytes, int scale) {
        return Math.min(windowBytes >>> scale, 0xffff);
    }

    /** The guest's window in bytes from a header field and its scale. */
    static int decode(int field, int scale) {
        return field << scale;
    }
}
