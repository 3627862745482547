package org.jpasta.wire;

import java.nio.ByteBuffer;

/**
 * What every packet view shares: where it points, and why its last {@code wrap} failed.
 *
 * <h2>Theory of operation</h2>
 * A view is a small mutable object that is re-pointed at each packet (no allocation per packet). Its
 * {@code wrap} first calls {@link #point}, which records the region and checks that it lies inside the
 * buffer, then validates the protocol's own lengths and fields; any failure goes through {@link #reject}, so
 * the caller can count {@link #dropReason()} and move on. Accessors are only valid after a successful wrap.
 * Views of application protocols carried over UDP (DHCP, DHCPv6) extend it too.
 */
public abstract class PacketView {
    protected ByteBuffer buf;
    protected int offset;
    protected int length;
    private DropReason dropReason;

    /** Records the region; false (BAD_LENGTH) if it does not lie inside {@code buf}. */
    protected final boolean point(ByteBuffer buf, int offset, int length) {
        this.buf = buf;
        this.offset = offset;
        this.length = length;
        dropReason = null;
        if (!BufferBounds.contains(buf, offset, length)) {
            return reject(DropReason.BAD_LENGTH);
        }
        return true;
    }

    /** Records why the packet is dropped; returns false for {@code return reject(...)} in wrap. */
    protected final boolean reject(DropReason reason) {
        dropReason = reason;
        return false;
    }

    /** Why the last {@code wrap} returned false, or null after a successful one. */
    public final DropReason dropReason() {
        return dropReason;
    }

    /** Where the view starts in {@link #buffer()}. */
    public final int offset() {
        return offset;
    }

    /** The buffer the view points into. */
    public final ByteBuffer buffer() {
        return buf;
    }
}
