package org.jpasta.tap;

import java.nio.ByteBuffer;

/** Receives each frame read from the tap, valid only during the call. */
@FunctionalInterface
public interface FrameHandler {
    void frame(ByteBuffer buf, int offset, int length);
}
