package org.jpasta.tap;

import java.nio.ByteBuffer;

/** Receives each frame read from the tap, valid only during the call. */
@FunctionalInterface
public interface FrameHandler {
    void frame(ByteBuffer buf, int offset, int length);

    /** Called after the frames of one wake-up have been handed over: a chance to flush batched work. */
    default void endOfBatch() {
    }
}
