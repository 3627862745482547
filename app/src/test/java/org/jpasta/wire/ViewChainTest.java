package org.jpasta.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Chains the views the way a dispatcher will, over good, truncated and corrupted frames. */
class ViewChainTest {
    private static final List<String> FRAMES = List.of(Frames.NEIGHBOR_SOLICITATION, Frames.ROUTER_SOLICITATION,
            Frames.ECHO_REQUEST, Frames.DNS_QUERY, Frames.TCP_SYN, Frames.IPV6_EXTENSION_HEADERS,
            "ffffffffffff46e07a3b1c010806000108000604000146e07a3b1c01c0000202000000000000c0000201");

    private final EthernetFrame eth = new EthernetFrame();
    private final ArpPacket arp = new ArpPacket();
    private final Ipv4Packet ip4 = new Ipv4Packet();
    private final Ipv6Packet ip6 = new Ipv6Packet();
    private final Icmpv4Packet icmp4 = new Icmpv4Packet();
    private final Icmpv6Packet icmp6 = new Icmpv6Packet();
    private final NdpOptions ndpOptions = new NdpOptions();
    private final UdpDatagram udp = new UdpDatagram();
    private final TcpSegment tcp = new TcpSegment();
    private final TcpOptions tcpOptions = new TcpOptions();
    private final long[] drops = new long[DropReason.values().length];

    /** Returns true if the frame made it to an L4 view with a valid checksum. */
    private boolean dispatch(ByteBuffer buf, int offset, int length) {
        if (!eth.wrap(buf, offset, length)) {
            return drop(eth.dropReason());
        }
        switch (eth.etherType()) {
            case EthernetFrame.ETHERTYPE_ARP:
                return arp.wrap(buf, eth.payloadOffset(), eth.payloadLength()) ? arp.isEthernetIpv4()
                        : drop(arp.dropReason());
            case EthernetFrame.ETHERTYPE_IPV4:
                return dispatchIpv4(buf);
            case EthernetFrame.ETHERTYPE_IPV6:
                return dispatchIpv6(buf);
            default:
                return drop(DropReason.UNSUPPORTED);
        }
    }

    private boolean dispatchIpv4(ByteBuffer buf) {
        if (!ip4.wrap(buf, eth.payloadOffset(), eth.payloadLength())) {
            return drop(ip4.dropReason());
        }
        if (ip4.isFragment()) {
            return drop(DropReason.FRAGMENT);
        }
        return dispatchL4(buf, ip4.protocol(), ip4.payloadOffset(), ip4.payloadLength(), ip4.pseudoHeaderSum());
    }

    private boolean dispatchIpv6(ByteBuffer buf) {
        if (!ip6.wrap(buf, eth.payloadOffset(), eth.payloadLength())) {
            return drop(ip6.dropReason());
        }
        if (ip6.isFragment()) {
            return drop(DropReason.FRAGMENT);
        }
        return dispatchL4(buf, ip6.upperLayerProtocol(), ip6.upperLayerOffset(), ip6.upperLayerLength(),
                ip6.pseudoHeaderSum());
    }

    private boolean dispatchL4(ByteBuffer buf, int protocol, int offset, int length, long pseudo) {
        switch (protocol) {
            case IpProtocol.TCP:
                if (!tcp.wrap(buf, offset, length)) {
                    return drop(tcp.dropReason());
                }
                tcpOptions.parse(tcp);
                return tcp.isChecksumValid(pseudo) || drop(DropReason.BAD_CHECKSUM);
            case IpProtocol.UDP:
                if (!udp.wrap(buf, offset, length)) {
                    return drop(udp.dropReason());
                }
                return udp.isChecksumValid(pseudo) || drop(DropReason.BAD_CHECKSUM);
            case IpProtocol.ICMP:
                if (!icmp4.wrap(buf, offset, length)) {
                    return drop(icmp4.dropReason());
                }
                return icmp4.isChecksumValid() || drop(DropReason.BAD_CHECKSUM);
            case IpProtocol.ICMPV6:
                if (!icmp6.wrap(buf, offset, length)) {
                    return drop(icmp6.dropReason());
                }
                if (icmp6.hasNdpFixedPart() && !ndpOptions.wrap(icmp6)) {
                    return drop(ndpOptions.dropReason());
                }
                while (icmp6.hasNdpFixedPart() && ndpOptions.next()) {
                    ndpOptions.hasExpectedLength();
                }
                return icmp6.isChecksumValid(pseudo) || drop(DropReason.BAD_CHECKSUM);
            default:
                return drop(DropReason.UNSUPPORTED);
        }
    }

    private boolean drop(DropReason reason) {
        drops[reason.ordinal()]++;
        return false;
    }

    @Test
    void everySampleFrameGoesThroughTheChain() {
        for (String frame : FRAMES) {
            assertTrue(dispatch(Frames.direct(frame), Frames.OFFSET, frame.length() / 2), frame);
        }
    }

    @Test
    void everyTruncationIsDroppedWithoutExceptions() {
        for (String frame : FRAMES) {
            ByteBuffer buf = Frames.direct(frame);
            for (int length = 0; length < frame.length() / 2; length++) {
                if (dispatch(buf, Frames.OFFSET, length)) {
                    // Only an ARP frame may lose octets (none here are padded) and still pass.
                    throw new AssertionError("truncated to " + length + " and accepted: " + frame);
                }
            }
        }
        assertTrue(drops[DropReason.TRUNCATED.ordinal()] > 0);
        assertTrue(drops[DropReason.BAD_LENGTH.ordinal()] > 0);
    }

    @Test
    void randomCorruptionNeverThrows() {
        Random random = new Random(8200);
        for (String frame : FRAMES) {
            byte[] original = Frames.bytes(frame);
            for (int round = 0; round < 3000; round++) {
                byte[] mutated = original.clone();
                int flips = 1 + random.nextInt(4);
                for (int i = 0; i < flips; i++) {
                    mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
                }
                int length = random.nextInt(4) == 0 ? random.nextInt(mutated.length + 1) : mutated.length;
                dispatch(Frames.direct(mutated), Frames.OFFSET, length);
            }
        }
    }

    @Test
    void dispatchingDoesNotAllocate() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        List<ByteBuffer> buffers = FRAMES.stream().map(Frames::direct).toList();
        int[] lengths = FRAMES.stream().mapToInt(frame -> frame.length() / 2).toArray();
        for (int warmup = 0; warmup < 2000; warmup++) {
            dispatchAll(buffers, lengths);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int round = 0; round < 20000; round++) {
            dispatchAll(buffers, lengths);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 4096, "allocated " + allocated + " bytes for 140000 frames");
    }

    private void dispatchAll(List<ByteBuffer> buffers, int[] lengths) {
        for (int i = 0; i < lengths.length; i++) {
            assertTrue(dispatch(buffers.get(i), Frames.OFFSET, lengths[i]));
        }
    }

    @Test
    void dropCountersAreIndexedByReason() {
        dispatch(Frames.direct("00"), Frames.OFFSET, 1);
        assertEquals(1, drops[DropReason.TRUNCATED.ordinal()]);
    }
}
