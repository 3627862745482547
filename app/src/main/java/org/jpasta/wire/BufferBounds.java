package org.jpasta.wire;

import java.nio.ByteBuffer;

/**
 * The one region check every view's {@code wrap} starts with.
 *
 * <h2>Theory of operation</h2>
 * Views read with absolute indices, so the only way to fault is a caller passing an
 * offset/length pair that lies outside the buffer. Checking against the capacity (not the
 * limit, which views never use) in overflow-safe form turns that into an ordinary drop.
 */
final class BufferBounds {
    private BufferBounds() {
    }

    static boolean contains(ByteBuffer buf, int offset, int length) {
        return offset >= 0 && length >= 0 && offset <= buf.limit() - length; // absolute get/put check the limit
    }
}
