package org.jpasta.udp;

import io.netty.util.internal.PlatformDependent;
import org.jpasta.flow.AddressMapping;
import org.jpasta.sys.DatagramCalls;
import org.jpasta.sys.LibC;
import org.jpasta.tap.TapOutput;
import org.jpasta.wire.EthernetFrame;
import org.jpasta.wire.Icmpv4Packet;
import org.jpasta.wire.Icmpv6Packet;
import org.jpasta.wire.InternetChecksum;
import org.jpasta.wire.IpProtocol;
import org.jpasta.wire.Ipv4Packet;
import org.jpasta.wire.Ipv6Packet;
import org.jpasta.wire.UdpDatagram;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * ICMP errors reported on host UDP sockets, given back to the guest as ICMP / ICMPv6 errors.
 *
 * <p>Theory of operation: flow sockets have {@code IP_RECVERR} / {@code IPV6_RECVERR} set, so the kernel
 * queues every ICMP error it receives for them instead of only failing the next call. When epoll reports
 * {@code EPOLLERR}, {@link #drain} reads the queue with {@code recvmsg(MSG_ERRQUEUE)} into one direct scratch
 * buffer laid out once ({@code msghdr}, {@code iovec}, control area, data area), finds the
 * {@code sock_extended_err} control message, and rebuilds what the guest would have received had it talked
 * to the peer directly: the error type and code, then the guest's original IP and UDP headers (reconstructed
 * from the flow) and the first bytes of its datagram (8 for IPv4, as much as fits the IPv6 minimum MTU for
 * IPv6), as pasta's {@code udp_sock_recverr()} does. The error appears to come from the offending node as
 * the guest sees it: the flow's peer address if the offender is the peer, else the inbound address mapping.
 * Local errors (no ICMP origin) are only consumed. Event-loop confined; nothing is allocated.
 */
final class UdpErrorQueue {
    /** pasta's ICMP4_MAX_DLEN: RFC 792 quotes 64 bits of the original datagram. */
    static final int ICMP4_MAX_DATA = 8;
    /** pasta's ICMP6_MAX_DLEN: the error must fit the IPv6 minimum MTU. */
    static final int ICMP6_MAX_DATA = 1280 - Ipv6Packet.HEADER_LENGTH - Icmpv6Packet.HEADER_LENGTH
            - Ipv6Packet.HEADER_LENGTH - UdpDatagram.HEADER_LENGTH;
    private static final int MAX_ERRORS_PER_WAKEUP = 16;
    private static final int SOL_IP = 0, SOL_IPV6 = 41;
    private static final int FRAG_NEEDED_CODE = 4;

    private static final int IOV = 64, NAME = 128, NAME_SIZE = 128, CONTROL = 256, CONTROL_SIZE = 512,
            DATA = 768, DATA_SIZE = 1280;

    private final ByteBuffer scratch = ByteBuffer.allocateDirect(DATA + DATA_SIZE).order(ByteOrder.nativeOrder());
    /** The same memory read big-endian, for addresses. */
    private final ByteBuffer network = scratch.duplicate().order(ByteOrder.BIG_ENDIAN);
    private final long base = PlatformDependent.directBufferAddress(scratch);
    private final AddressMapping mapping;
    private final TapOutput out;
    private long propagated, consumed;

    UdpErrorQueue(AddressMapping mapping, TapOutput out) {
        this.mapping = mapping;
        this.out = out;
        scratch.putLong(IOV + DatagramCalls.IOVEC_BASE, base + DATA);
        scratch.putLong(IOV + DatagramCalls.IOVEC_LEN, DATA_SIZE);
    }

    /** Reads and handles every queued error of {@code flow}'s socket. */
    void drain(UdpFlow flow) {
        for (int i = 0; i < MAX_ERRORS_PER_WAKEUP; i++) {
            long n = receiveOne(flow.fd);
            if (n < 0) {
                return;
            }
            consumed++;
            int ee = findExtendedError();
            if (ee >= 0 && isIcmpOrigin(scratch.get(ee + DatagramCalls.EE_ORIGIN))) {
                toGuest(flow, ee, (int) n);
            }
        }
    }

    private long receiveOne(int fd) {
        scratch.putLong(DatagramCalls.MSGHDR_NAME, base + NAME);
        scratch.putInt(DatagramCalls.MSGHDR_NAMELEN, NAME_SIZE);
        scratch.putLong(DatagramCalls.MSGHDR_IOV, base + IOV);
        scratch.putLong(DatagramCalls.MSGHDR_IOVLEN, 1);
        scratch.putLong(DatagramCalls.MSGHDR_CONTROL, base + CONTROL);
        scratch.putLong(DatagramCalls.MSGHDR_CONTROLLEN, CONTROL_SIZE);
        scratch.putInt(DatagramCalls.MSGHDR_FLAGS, 0);
        return DatagramCalls.recvmsg(fd, base, LibC.MSG_ERRQUEUE | LibC.MSG_DONTWAIT);
    }

    /** Offset in {@link #scratch} of the {@code sock_extended_err}, or -1 if the control area has none. */
    private int findExtendedError() {
        long controlLength = Math.min(scratch.getLong(DatagramCalls.MSGHDR_CONTROLLEN), CONTROL_SIZE);
        int at = CONTROL;
        int end = CONTROL + (int) controlLength;
        while (at + DatagramCalls.CMSG_DATA <= end) {
            long len = scratch.getLong(at + DatagramCalls.CMSG_LEN);
            if (len < DatagramCalls.CMSG_DATA || at + len > end) {
                return -1;
            }
            int level = scratch.getInt(at + DatagramCalls.CMSG_LEVEL);
            int type = scratch.getInt(at + DatagramCalls.CMSG_TYPE);
            if ((level == SOL_IP && type == LibC.IP_RECVERR) || (level == SOL_IPV6 && type == LibC.IPV6_RECVERR)) {
                return len >= DatagramCalls.CMSG_DATA + DatagramCalls.EE_OFFENDER + 8 ? at + DatagramCalls.CMSG_DATA : -1;
            }
            at += DatagramCalls.cmsgAlign(len);
        }
        return -1;
    }

    private static boolean isIcmpOrigin(byte origin) {
        return origin == DatagramCalls.SO_EE_ORIGIN_ICMP || origin == DatagramCalls.SO_EE_ORIGIN_ICMP6;
    }

    private void toGuest(UdpFlow flow, int ee, int dataLength) {
        int offenderFamily = scratch.getShort(ee + DatagramCalls.EE_OFFENDER) & 0xffff;
        if (!flow.ipv6 && offenderFamily == LibC.AF_INET) {
            icmp4(flow, ee, Math.min(dataLength, ICMP4_MAX_DATA));
            propagated++;
        } else if (flow.ipv6 && offenderFamily == LibC.AF_INET6) {
            icmp6(flow, ee, Math.min(dataLength, ICMP6_MAX_DATA));
            propagated++;
        }
    }

    private void icmp4(UdpFlow flow, int ee, int dataLength) {
        int offender = network.getInt(ee + DatagramCalls.EE_OFFENDER + 4);
        int source = isFlowPeer4(flow, offender) ? (int) flow.remoteLo : mapping.inboundSource4(offender);
        int type = scratch.get(ee + DatagramCalls.EE_TYPE) & 0xff;
        int code = scratch.get(ee + DatagramCalls.EE_CODE) & 0xff;
        int info = scratch.getInt(ee + DatagramCalls.EE_INFO);
        ByteBuffer buf = out.buffer();
        int l3 = out.l3Offset();
        int icmp = l3 + Ipv4Packet.MINIMUM_HEADER_LENGTH;
        int rest = type == Icmpv4Packet.TYPE_DESTINATION_UNREACHABLE && code == FRAG_NEEDED_CODE ? info & 0xffff : 0;
        Icmpv4Packet.emitHeader(buf, icmp, type, code, rest);
        int quoted = icmp + Icmpv4Packet.HEADER_LENGTH;
        int udpLength = UdpDatagram.HEADER_LENGTH + dataLength;
        Ipv4Packet.emitHeader(buf, quoted, IpProtocol.UDP, (int) flow.guestLo, (int) flow.remoteLo, udpLength);
        int udp = quoted + Ipv4Packet.MINIMUM_HEADER_LENGTH;
        UdpDatagram.emitHeader(buf, udp, flow.guestPort, flow.remotePort, dataLength);
        copyData(buf, udp + UdpDatagram.HEADER_LENGTH, dataLength);
        int icmpLength = Icmpv4Packet.HEADER_LENGTH + Ipv4Packet.MINIMUM_HEADER_LENGTH + udpLength;
        Icmpv4Packet.fillChecksum(buf, icmp, icmpLength);
        Ipv4Packet.emitHeader(buf, l3, IpProtocol.ICMP, source, (int) flow.guestLo, icmpLength);
        out.sendIp(EthernetFrame.ETHERTYPE_IPV4, Ipv4Packet.MINIMUM_HEADER_LENGTH + icmpLength);
    }

    private static boolean isFlowPeer4(UdpFlow flow, int offender) {
        int address = (flow.target[4] & 0xff) << 24 | (flow.target[5] & 0xff) << 16 | (flow.target[6] & 0xff) << 8
                | (flow.target[7] & 0xff);
        return address == offender;
    }

    private void icmp6(UdpFlow flow, int ee, int dataLength) {
        long offHi = network.getLong(ee + DatagramCalls.EE_OFFENDER + 8);
        long offLo = network.getLong(ee + DatagramCalls.EE_OFFENDER + 16);
        boolean peer = offHi == targetWord(flow, 8) && offLo == targetWord(flow, 16);
        long srcHi = peer ? flow.remoteHi : mapping.inboundSource6Hi(offHi, offLo);
        long srcLo = peer ? flow.remoteLo : mapping.inboundSource6Lo(offHi, offLo);
        int type = scratch.get(ee + DatagramCalls.EE_TYPE) & 0xff;
        int code = scratch.get(ee + DatagramCalls.EE_CODE) & 0xff;
        int info = scratch.getInt(ee + DatagramCalls.EE_INFO);
        ByteBuffer buf = out.buffer();
        int l3 = out.l3Offset();
        int icmp = l3 + Ipv6Packet.HEADER_LENGTH;
        Icmpv6Packet.emitHeader(buf, icmp, type, code, type == Icmpv6Packet.TYPE_PACKET_TOO_BIG ? info : 0);
        int quoted = icmp + Icmpv6Packet.HEADER_LENGTH;
        int udpLength = UdpDatagram.HEADER_LENGTH + dataLength;
        Ipv6Packet.emitHeader(buf, quoted, IpProtocol.UDP, udpLength, Ipv6Packet.DEFAULT_HOP_LIMIT, 0,
                flow.guestHi, flow.guestLo, flow.remoteHi, flow.remoteLo);
        int udp = quoted + Ipv6Packet.HEADER_LENGTH;
        UdpDatagram.emitHeader(buf, udp, flow.guestPort, flow.remotePort, dataLength);
        copyData(buf, udp + UdpDatagram.HEADER_LENGTH, dataLength);
        UdpDatagram.fillChecksum(buf, udp, InternetChecksum.ipv6PseudoHeader(flow.guestHi, flow.guestLo,
                flow.remoteHi, flow.remoteLo, IpProtocol.UDP, udpLength));
        int icmpLength = Icmpv6Packet.HEADER_LENGTH + Ipv6Packet.HEADER_LENGTH + udpLength;
        Icmpv6Packet.fillChecksum(buf, icmp, icmpLength, InternetChecksum.ipv6PseudoHeader(srcHi, srcLo,
                flow.guestHi, flow.guestLo, IpProtocol.ICMPV6, icmpLength));
        Ipv6Packet.emitHeader(buf, l3, IpProtocol.ICMPV6, icmpLength, Ipv6Packet.DEFAULT_HOP_LIMIT, 0,
                srcHi, srcLo, flow.guestHi, flow.guestLo);
        out.sendIp(EthernetFrame.ETHERTYPE_IPV6, Ipv6Packet.HEADER_LENGTH + icmpLength);
    }

    private static long targetWord(UdpFlow flow, int from) {
        long v = 0;
        for (int i = from; i < from + 8; i++) {
            v = v << 8 | (flow.target[i] & 0xff);
        }
        return v;
    }

    private void copyData(ByteBuffer buf, int at, int length) {
        for (int i = 0; i < length; i++) {
            buf.put(at + i, scratch.get(DATA + i));
        }
    }

    long propagatedCount() {
        return propagated;
    }

    long consumedCount() {
        return consumed;
    }
}
