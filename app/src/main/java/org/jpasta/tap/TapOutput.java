package org.jpasta.tap;

import org.jpasta.neighbour.NeighbourMacs;
import org.jpasta.wire.EthernetFrame;

import java.nio.ByteBuffer;

/**
 * The one place frames towards the namespace are built: a direct buffer, the source's MAC as the guest sees it
 * (ours, or a LAN neighbour's: {@link NeighbourMacs}), the guest's MAC.
 *
 * <p>Handlers write their layer-3 payload at {@link #l3Offset()} (or receive straight into the buffer there,
 * as the ICMP echo path does), then call {@link #sendIp} with the ethertype: the Ethernet header is added
 * in place, nothing is copied. Event-loop confined, like everything on the data path.
 */
public final class TapOutput {
    private final TapPort tap;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(TapPort.MAX_FRAME + 1);
    private final NeighbourMacs macs;
    private long guestMac;

    public TapOutput(TapPort tap, NeighbourMacs macs, long guestMac) {
        this.tap = tap;
        this.macs = macs;
        this.guestMac = guestMac;
    }

    /** Every frame from {@code ourMac}: no neighbour table. */
    public TapOutput(TapPort tap, long ourMac, long guestMac) {
        this(tap, NeighbourMacs.ourMacOnly(ourMac), guestMac);
    }

    /** The shared output buffer: valid until the next send. */
    public ByteBuffer buffer() {
        return buf;
    }

    /** Where the IP header starts in {@link #buffer()}. */
    public int l3Offset() {
        return EthernetFrame.HEADER_LENGTH;
    }

    public long ourMac() {
        return macs.ourMac();
    }

    /** The MACs the guest sees for its neighbours. */
    public NeighbourMacs macs() {
        return macs;
    }

    public long guestMac() {
        return guestMac;
    }

    /** Remembers the MAC the guest sends from (it may change it after we start). */
    public void learnGuestMac(long mac) {
        guestMac = mac;
    }

    /**
     * As {@link #sendIp}, for a frame staged in another direct buffer at {@code frameOffset} (its layer-3 packet at
     * {@code frameOffset + l3Offset()}): senders that prepare several frames before writing them.
     */
    public boolean sendIpFrom(ByteBuffer frames, int frameOffset, int etherType, int l3Length) {
        long source = macs.sourceMac(frames, frameOffset + EthernetFrame.HEADER_LENGTH, etherType);
        EthernetFrame.emit(frames, frameOffset, guestMac, source, etherType);
        return tap.send(frames, frameOffset, EthernetFrame.HEADER_LENGTH + l3Length);
    }

    /** Adds the Ethernet header to the {@code l3Length} bytes at {@link #l3Offset()} and writes the frame. */
    public boolean sendIp(int etherType, int l3Length) {
        return sendIpFrom(buf, 0, etherType, l3Length);
    }

    /** Writes a complete frame already built at the start of {@link #buffer()}. */
    public boolean sendFrame(int length) {
        return tap.send(buf, 0, length);
    }
}
