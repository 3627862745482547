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
 * peeked from the host socket to {@link #payloadAddress} (right after the room for the IP and TCP headers), so
 * stream data is copied exactly once, kernel to frame. Headers are then written in front of it, the checksum is
 * computed over the frame in place, and {@link TapOutput#sendIp} adds the Ethernet header and writes. Control
 * segments (SYN, ACK, FIN, RST) have no payload. Event-loop confined, no allocation.
 */
final class GuestSegments {
    private static final int TCP_CHECKSUM = 16;
    private final TapOutput out;
    private final ByteBuffer buf;
    private final long bufAddress;
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

    /** Largest IP packet the output buffer can hold (the tap's maximum frame less Ethernet). */
    int maxL3Length() {
        return Math.min(buf.capacity() - 1, 65535) - out.l3Offset();
    }

    /** Native address where the payload of the next data segment goes (no options on data segments). */
    long payloadAddress(boolean v6) {
        return bufAddress + out.l3Offset() + ipHeaderLength(v6) + TcpSegment.MINIMUM_HEADER_LENGTH;
    }

    /** Sends a segment whose {@code payloadLength} bytes are already at {@link #payloadAddress}. */
    boolean data(TcpConnection c, int seq, int flags, int window, int payloadLength) {
        return emit(c.v6, c.remoteHi, c.remoteLo, c.remotePort, c.guestHi, c.guestLo, c.guestPort, seq,
                c.seqFromGuest, flags, window, null, payloadLength);
    }

    /** Sends a segment without payload for a connection (ACK, FIN, RST). */
    boolean control(TcpConnection c, int seq, int flags, int window) {
        return emit(c.v6, c.remoteHi, c.remoteLo, c.remotePort, c.guestHi, c.guestLo, c.guestPort, seq,
                c.seqFromGuest, flags, window, null, 0);
    }

    /** Sends a SYN or SYN-ACK with MSS and, if {@code windowScale >= 0}, window scaling. */
    boolean synAt(TcpConnection c, int seq, int flags, int mss, int windowScale, int window) {
        options.clear();
        options.setMss(mss);
        if (windowScale >= 0) {
            options.setWindowScale(windowScale);
        }
        return emit(c.v6, c.remoteHi, c.remoteLo, c.remotePort, c.guestHi, c.guestLo, c.guestPort, seq,
                c.seqFromGuest, flags, window, options, 0);
    }

    /** Sends a RST for a segment that belongs to no connection (RFC 9293 §3.10.7.1). */
    boolean resetUnknown(boolean v6, long srcHi, long srcLo, int srcPort, long dstHi, long dstLo, int dstPort,
                         int seq, int ack, int flags) {
        return emit(v6, srcHi, srcLo, srcPort, dstHi, dstLo, dstPort, seq, ack, flags, 0, null, 0);
    }

    private boolean emit(boolean v6, long srcHi, long srcLo, int srcPort, long dstHi, long dstLo, int dstPort,
                         int seq, int ack, int flags, int window, TcpOptions opts, int payloadLength) {
        int l3 = out.l3Offset();
        int l4 = l3 + ipHeaderLength(v6);
        int headerLength = TcpSegment.emit(buf, l4, srcPort, dstPort, seq, ack, flags, window, opts);
        if (opts != null && payloadLength != 0) {
            throw new IllegalArgumentException("options and payload together are not supported");
        }
        int segmentLength = headerLength + payloadLength;
        long pseudo;
        if (v6) {
            pseudo = InternetChecksum.ipv6PseudoHeader(srcHi, srcLo, dstHi, dstLo, IpProtocol.TCP, segmentLength);
            Ipv6Packet.emitHeader(buf, l3, IpProtocol.TCP, segmentLength, Ipv6Packet.DEFAULT_HOP_LIMIT, 0,
                    srcHi, srcLo, dstHi, dstLo);
        } else {
            pseudo = InternetChecksum.ipv4PseudoHeader((int) srcLo, (int) dstLo, IpProtocol.TCP, segmentLength);
            Ipv4Packet.emitHeader(buf, l3, IpProtocol.TCP, (int) srcLo, (int) dstLo, segmentLength);
        }
        buf.putShort(l4 + TCP_CHECKSUM, (short) 0);
        buf.putShort(l4 + TCP_CHECKSUM, (short) SegmentChecksum.of(bufAddress + l4, segmentLength, pseudo));
        boolean sent = out.sendIp(v6 ? EthernetFrame.ETHERTYPE_IPV6 : EthernetFrame.ETHERTYPE_IPV4,
                l4 - l3 + segmentLength);
        if (sent) {
            segmentsSent++;
        } else {
            sendFailures++;
        }
        return sent;
    }
}
