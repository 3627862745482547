package org.jpasta.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class Icmpv6PacketTest {
    private final Ipv6Packet ip = new Ipv6Packet();
    private final Icmpv6Packet icmp = new Icmpv6Packet();

    private ByteBuffer chain(String frame) {
        ByteBuffer buf = Frames.direct(frame);
        EthernetFrame eth = new EthernetFrame();
        assertTrue(eth.wrap(buf, Frames.OFFSET, frame.length() / 2));
        assertTrue(ip.wrap(buf, eth.payloadOffset(), eth.payloadLength()));
        assertTrue(icmp.wrap(buf, ip.upperLayerOffset(), ip.upperLayerLength()));
        return buf;
    }

    @Test
    void readsANeighborSolicition() {
        chain(Frames.NEIGHBOR_SOLICITATION);
        assertEquals(Icmpv6Packet.TYPE_NEIGHBOR_SOLICITATION, icmp.type());
        assertEquals(0, icmp.code());
        assertTrue(icmp.isNdp());
        assertTrue(icmp.hasNdpFixedPart());
        assertEquals(0xfe80000000000000L, icmp.targetHi());
        assertEquals(1L, icmp.targetLo());
        assertEquals(ip.upperLayerOffset() + 24, icmp.ndpOptionsOffset());
        assertEquals(8, icmp.ndpOptionsLength());
        assertTrue(icmp.isChecksumValid(ip.pseudoHeaderSum()));
    }

    @Test
    void readsARouterSolicitation() {
        chain(Frames.ROUTER_SOLICITATION);
        assertEquals(Icmpv6Packet.TYPE_ROUTER_SOLICITATION, icmp.type());
        assertTrue(icmp.hasNdpFixedPart());
        assertEquals(8, icmp.ndpOptionsLength());
        assertTrue(icmp.isChecksumValid(ip.pseudoHeaderSum()));
    }

    @Test
    void detectsABadChecksum() {
        ByteBuffer buf = chain(Frames.NEIGHBOR_SOLICITATION);
        buf.put(icmp.offset() + 23, (byte) 2);
        assertFalse(icmp.isChecksumValid(ip.pseudoHeaderSum()));
    }

    @Test
    void rejectsEveryTruncation() {
        ByteBuffer buf = chain(Frames.NEIGHBOR_SOLICITATION);
        for (int length = 0; length < 8; length++) {
            assertFalse(icmp.wrap(buf, ip.upperLayerOffset(), length));
            assertEquals(DropReason.TRUNCATED, icmp.dropReason());
        }
    }

    @Test
    void ndpFixedPartDependsOnType() {
        ByteBuffer buf = chain(Frames.NEIGHBOR_SOLICITATION);
        for (int length = 8; length < 24; length++) {
            assertTrue(icmp.wrap(buf, ip.upperLayerOffset(), length));
            assertFalse(icmp.hasNdpFixedPart(), "length " + length);
        }
        assertTrue(icmp.wrap(buf, ip.upperLayerOffset(), 24));
        assertTrue(icmp.hasNdpFixedPart());
        assertEquals(0, icmp.ndpOptionsLength());

        buf.put(ip.upperLayerOffset(), (byte) Icmpv6Packet.TYPE_ECHO_REQUEST);
        assertTrue(icmp.wrap(buf, ip.upperLayerOffset(), 32));
        assertFalse(icmp.isNdp());
        assertFalse(icmp.hasNdpFixedPart());
        assertEquals(-1, icmp.ndpFixedLength());
    }

    @Test
    void emitsANeighborAdvertisementThatVerifies() {
        ByteBuffer out = Frames.output(64);
        Ipv6Address source = Ipv6Address.parse("fe80::1");
        Ipv6Address destination = Ipv6Address.parse("fe80::44e0:7aff:fe3b:1c01");
        Icmpv6Packet.emitHeader(out, 0, Icmpv6Packet.TYPE_NEIGHBOR_ADVERTISEMENT, 0, 0xe000_0000);
        source.write(out, 8);
        NdpOptions.emitLinkLayerAddress(out, 24, NdpOptions.TYPE_TARGET_LINK_LAYER_ADDRESS, MacAddress.PASTA_DEFAULT);
        Icmpv6Packet.fillChecksum(out, 0, 32, source.hi(), source.lo(), destination.hi(), destination.lo());
        // Cross-checked with tcpdump: "[icmp6 sum ok] ... neighbor advertisement ... Flags [router, solicited, override]".
        assertEquals("8800f100e0000000fe80000000000000000000000000000102019a559a559a55", Frames.hex(out, 0, 32));
        assertTrue(icmp.wrap(out, 0, 32));
        assertEquals(Icmpv6Packet.NA_FLAG_ROUTER | Icmpv6Packet.NA_FLAG_SOLICITED | Icmpv6Packet.NA_FLAG_OVERRIDE,
                icmp.neighborAdvertisementFlags());
    }

    @Test
    void emitsAnEchoReply() {
        ByteBuffer out = Frames.output(16);
        Icmpv6Packet.emitEchoHeader(out, 0, Icmpv6Packet.TYPE_ECHO_REPLY, 0xbeef, 7);
        assertEquals("81000000beef0007", Frames.hex(out, 0, 8));
        assertTrue(icmp.wrap(out, 0, 8));
        assertEquals(0xbeef, icmp.identifier());
        assertEquals(7, icmp.sequence());
    }
}
