package org.jpasta.tcp;

import io.netty.util.internal.PlatformDependent;
import org.jpasta.tap.TapOutput;
import org.jpasta.wire.EthernetFrame;
import org.jpasta.wire.InternetChecksum;
import org.jpasta.wire.IpProtocol;
import org.jpasta.wire.Ipv4Packet;
import org.jpasta.wire.Ipv6Packet;
import org.jpasta.wire.TcpOptions;
import org.jpasta.wire.TcpSegment;

import java.nio.ByteBuffer;

/**
 * Builds TCP segments towards the guest in the tap output buffer.
 *
 * <p>Theory of operation: data segments are built around their payload, which the connection has already
 * peeked from the host socket to {@link #payloadAddress} of one of {@link #BATCH} frame slots (right after the
 * room for the IP and TCP headers), so stream data is copied exactly once, kernel to frame. One peek fills
 * several slots, like pasta's single {@code recvmsg()} per socket event: every {@code MSG_PEEK} walks the
 * socket's receive queue from its head up to the peek offset, so one peek per segment made that walk the
 * largest cost of a long queue (27 % of the loop's CPU host to guest, {@code perf}). Headers are then written
 * in front of the payload, the checksum is computed over the frame in place, and the Ethernet header is added
 * as the frame is written. Control segments (SYN, ACK, FIN, RST) have no payload and use the output buffer.
 * Event-loop confined, no allocation.
 */
final class GuestSegments {
    private static final int TCP_CHECKSUM = 16;
    /** Data segments one peek can fill, and the room of each frame slot (a maximum frame, rounded up). */
    static final int BATCH = 16, SLOT = 65536 + 64;
    private final TapOutput out;
    private final ByteBuffer buf;
    private final long bufAddress;
    private final ByteBuffer slots = ByteBuffer.allocateDirect(BATCH * SLOT);
    private final long slotsAddress = PlatformDependent.directBufferAddress(slots);
    private final TcpOptions options = new TcpOptions();
    long segmentsSent, sendFailures;

    GuestSegments(TapOutput out) {
        this.out = out;
        this.buf = out.buffer();
        this.bufAddress = PlatformDependent.directBufferAddress(buf);
    }

    static int ipHeaderLength(boolean v6) {
        return v6 ? Ipv6Packet.HEADER_LENGTH : Ipv4Packet.MINIMUM_HEADER_LENGTH;
    }

    /** Largest IP packet the output buffer (and a frame slot) can hold (the tap's maximum frame less Ethernet). */
    int maxL3Length() {
        return Math.min(Math.min(buf.capacity() - 1, SLOT), 65535) - out.l3Offset();
    }

    /**
     * Native address where the payload of the data segment in {@code slot} goes (no options on data segments);
     * the payload of slot {@code i + 1} is {@link #SLOT} bytes further.
     */
    long payloadAddress(boolean v6, int slot) {
        return slotsAddress + (long) slot * SLOT + out.l3Offset() + ipHeaderLength(v6)
                + TcpSegment.MINIMUM_HEADER_LENGTH;
    }

    /** Sends the segment in {@code slot} whose {@code payloadLength} bytes are already at its payload address. */
    boolean data(TcpConnection c, int slot, int seq, int flags, int window, int payloadLength) {
        return emit(slots, slotsAddress, slot * SLOT, c.v6, c.remoteHi, c.remoteLo, c.remotePort, c.guestHi,
                c.guestLo, c.guestPort, seq, c.seqFromGuest, flags, window, null, payloadLength);
    }

    /** Sends a segment without payload for a connection (ACK, FIN, RST). */
    boolean control(TcpConnection c, int seq, int flags, int window) {
        return emit(buf, bufAddress, 0, c.v6, c.remoteHi, c.remoteLo, c.remotePort, c.guestHi, c.guestLo,
                c.guestPort, seq, c.seqFromGuest, flags, window, null, 0);
    }

    /** Sends a SYN or SYN-ACK with MSS and, if {@code windowScale >= 0}, window scaling. */
    boolean synAt(TcpConnection c, int seq, int flags, int mss, int windowScale, int window) {
        options.clear();
        options.setMss(mss);
        if (windowScale >= 0) {
            options.setWindowScale(windowScale);
        }
        return emit(buf, bufAddress, 0, c.v6, c.remoteHi, c.remoteLo, c.remotePort, c.guestHi, c.guestLo,
                c.guestPort, seq, c.seqFromGuest, flags, window, options, 0);
    }

    /** Sends a RST for a segment that belongs to no connection (RFC 9293 §3.10.7.1). */
    boolean resetUnknown(boolean v6, long srcHi, long srcLo, int srcPort, long dstHi, long dstLo, int dstPort,
                         int seq, int ack, int flags) {
        return emit(buf, bufAddress, 0, v6, srcHi, srcLo, srcPort, dstHi, dstLo, dstPort, seq, ack, flags, 0, null,
                0);
    }

    /** Builds the frame at {@code frame} in {@code target} (Ethernet header first) and writes it. */
    private boolean emit(ByteBuffer target, long targetAddress, int frame, boolean v6, long srcHi, long srcLo,
                         int srcPort, long dstHi, long dstLo, int dstPort, int seq, int ack, int flags, int window,
                         TcpOptions opts, int payloadLength) {
        int l3 = frame + out.l3Offset();
        int l4 = l3 + ipHeaderLength(v6);
        int headerLength = TcpSegment.emit(target, l4, srcPort, dstPort, seq, ack, flags, window, opts);
        if (opts != null && payloadLength != 0) {
            throw new IllegalArgumentException("options and payload together are not supported");
        }
        int segmentLength = headerLength + payloadLength;
        long pseudo;
        if (v6) {
            pseudo = InternetChecksum.ipv6PseudoHeader(srcHi, srcLo, dstHi, dstLo, IpProtocol.TCP, segmentLength);
            Ipv6Packet.emitHeader(target, l3, IpProtocol.TCP, segmentLength, Ipv6Packet.DEFAULT_HOP_LIMIT, 0,
                    srcHi, srcLo, dstHi, dstLo);
        } else {
            pseudo = InternetChecksum.ipv4PseudoHeader((int) srcLo, (int) dstLo, IpProtocol.TCP, segmentLength);
            Ipv4Packet.emitHeader(target, l3, IpProtocol.TCP, (int) srcLo, (int) dstLo, segmentLength);
        }
        target.putShort(l4 + TCP_CHECKSUM, (short) 0);
        target.putShort(l4 + TCP_CHECKSUM, (short) SegmentChecksum.of(targetAddress + l4, segmentLength, pseudo));
        boolean sent = out.sendIpFrom(target, frame, v6 ? EthernetFrame.ETHERTYPE_IPV6 : EthernetFrame.ETHERTYPE_IPV4,
                l4 - l3 + segmentLength);
        if (sent) {
            segmentsSent++;
        } else {
            sendFailures++;
        }
        return sent;
    }
}
