package org.jpasta.tap;

import java.nio.ByteBuffer;

/**
 * Receives each frame read from the tap. A frame's bytes stay valid until the next {@link #endOfBatch()}
 * (the tap reads a wake-up's frames side by side), so a handler may batch work that points into them.
 */
@FunctionalInterface
public interface FrameHandler {
    void frame(ByteBuffer buf, int offset, int length);

    /** Called after the frames of one wake-up have been handed over: a chance to flush batched work. */
    default void endOfBatch() {
    }
}
