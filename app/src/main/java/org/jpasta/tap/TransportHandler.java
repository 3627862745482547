package org.jpasta.tap;

import org.jpasta.wire.Ipv4Packet;
import org.jpasta.wire.Ipv6Packet;

import java.nio.ByteBuffer;

/**
 * A layer-4 protocol (TCP, UDP) fed by the {@link FrameDispatcher}: the IP view is valid and not a fragment;
 * the transport header has not been checked yet. Called on the event loop; the frame's bytes stay valid
 * until {@link #endOfBatch()}, the views only during the call.
 */
public interface TransportHandler {
    void fromGuest4(ByteBuffer frame, Ipv4Packet ip);

    void fromGuest6(ByteBuffer frame, Ipv6Packet ip);

    /** Called once per batch of frames read from the tap, so handlers can flush what they batched. */
    default void endOfBatch() {
    }
}
