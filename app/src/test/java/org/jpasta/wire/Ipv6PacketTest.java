package org.jpasta.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class Ipv6PacketTest {
    /** The IPv6 packet (72 octets) inside {@link Frames#NEIGHBOR_SOLICITATION}. */
    private static final String NS = Frames.NEIGHBOR_SOLICITATION.substring(28);
    /** The IPv6 packet (68 octets) inside {@link Frames#IPV6_EXTENSION_HEADERS}. */
    private static final String EXT = Frames.IPV6_EXTENSION_HEADERS.substring(28);

    private static final String ADDRESSES = "fe8000000000000044e07afffe3b1c01" + "ff0200000000000000000000000000fb";

    private final Ipv6Packet ip = new Ipv6Packet();

    /** An IPv6 packet with the given first next-header and payload, payload length set right. */
    private static String packet(int nextHeader, String payload) {
        return String.format("60000000%04x%02x40", payload.length() / 2, nextHeader) + ADDRESSES + payload;
    }

    private boolean wrap(String hex) {
        return ip.wrap(Frames.direct(hex), Frames.OFFSET, hex.length() / 2);
    }

    @Test
    void readsTheNeighborSolicitationHeader() {
        assertTrue(wrap(NS));
        assertNull(ip.dropReason());
        assertEquals(0, ip.trafficClass());
        assertEquals(0, ip.flowLabel());
        assertEquals(32, ip.payloadLength());
        assertEquals(72, ip.totalLength());
        assertEquals(IpProtocol.ICMPV6, ip.nextHeader());
        assertEquals(255, ip.hopLimit());
        assertEquals(0xfe80000000000000L, ip.sourceHi());
        assertEquals(0x44e07afffe3b1c01L, ip.sourceLo());
        assertEquals(0xff02000000000000L, ip.destinationHi());
        assertEquals(0x00000001ff000001L, ip.destinationLo());
        assertEquals(IpProtocol.ICMPV6, ip.upperLayerProtocol());
        assertEquals(Frames.OFFSET + 40, ip.upperLayerOffset());
        assertEquals(32, ip.upperLayerLength());
        assertFalse(ip.isFragment());
        byte[] source = new byte[18];
        ip.copySource(source, 2);
        assertEquals(Ipv6Address.parse("fe80::44e0:7aff:fe3b:1c01"), Ipv6Address.fromOctets(
                java.util.Arrays.copyOfRange(source, 2, 18)));
        byte[] destination = new byte[16];
        ip.copyDestination(destination, 0);
        assertEquals("ff02::1:ff00:1", Ipv6Address.fromOctets(destination).toString());
    }

    @Test
    void readsTrafficClassAndFlowLabel() {
        assertTrue(wrap("6ab12345" + NS.substring(8)));
        assertEquals(0xab, ip.trafficClass());
        assertEquals(0x12345, ip.flowLabel());
    }

    @Test
    void walksHopByHopAndDestinationOptionsToUdp() {
        ByteBuffer buf = Frames.direct(EXT);
        assertTrue(ip.wrap(buf, Frames.OFFSET, 68));
        assertEquals(IpProtocol.HOP_BY_HOP, ip.nextHeader());
        assertEquals(IpProtocol.UDP, ip.upperLayerProtocol());
        assertEquals(Frames.OFFSET + 56, ip.upperLayerOffset());
        assertEquals(12, ip.upperLayerLength());
        UdpDatagram udp = new UdpDatagram();
        assertTrue(udp.wrap(buf, ip.upperLayerOffset(), ip.upperLayerLength()));
        assertEquals(5353, udp.destinationPort());
        assertTrue(udp.isChecksumValid(ip.pseudoHeaderSum()));
    }

    @Test
    void walksRoutingAndAuthenticationHeaders() {
        // Routing (type 0 len 1 = 16 octets) -> AH (len 1 = 12 octets) -> TCP (20 octets).
        String routing = "3301" + "00".repeat(14);
        String ah = "0601" + "00".repeat(10);
        String tcp = "00".repeat(20);
        assertTrue(wrap(packet(IpProtocol.ROUTING, routing + ah + tcp)));
        assertEquals(IpProtocol.TCP, ip.upperLayerProtocol());
        assertEquals(Frames.OFFSET + 40 + 16 + 12, ip.upperLayerOffset());
        assertEquals(20, ip.upperLayerLength());
    }

    @Test
    void rejectsEveryTruncationOfTheFixedHeader() {
        for (int length = 0; length < 40; length++) {
            assertFalse(ip.wrap(Frames.direct(NS), Frames.OFFSET, length));
            assertEquals(DropReason.TRUNCATED, ip.dropReason());
        }
    }

    @Test
    void rejectsPayloadLengthBeyondTheFrame() {
        for (int length = 40; length < 72; length++) {
            assertFalse(ip.wrap(Frames.direct(NS), Frames.OFFSET, length));
            assertEquals(DropReason.BAD_LENGTH, ip.dropReason());
        }
        assertFalse(wrap(NS.substring(0, 8) + "ffff" + NS.substring(12)));
        assertEquals(DropReason.BAD_LENGTH, ip.dropReason());
    }

    @Test
    void trimsOctetsBeyondThePayloadLength() {
        assertTrue(wrap(NS + "0000"));
        assertEquals(32, ip.upperLayerLength());
        assertEquals(72, ip.totalLength());
    }

    @Test
    void rejectsWrongVersion() {
        assertFalse(wrap("4" + NS.substring(1)));
        assertEquals(DropReason.BAD_HEADER, ip.dropReason());
    }

    @Test
    void rejectsAChainRunningOffTheEnd() {
        // Destination options claiming 16 octets with only 8 in the payload.
        assertFalse(wrap(packet(IpProtocol.DESTINATION_OPTIONS, "1101000000000000")));
        assertEquals(DropReason.TRUNCATED, ip.dropReason());
        // A single octet where an extension header should start.
        assertFalse(wrap(packet(IpProtocol.ROUTING, "11")));
        assertEquals(DropReason.TRUNCATED, ip.dropReason());
        // Nothing at all after the fixed header.
        assertFalse(wrap(packet(IpProtocol.HOP_BY_HOP, "")));
        assertEquals(DropReason.TRUNCATED, ip.dropReason());
        // A fragment header cut short.
        assertFalse(wrap(packet(IpProtocol.FRAGMENT, "110000000000")));
        assertEquals(DropReason.TRUNCATED, ip.dropReason());
        // A chain whose last header points to another extension header that is not there.
        assertFalse(wrap(packet(IpProtocol.DESTINATION_OPTIONS, "3c00000000000000")));
        assertEquals(DropReason.TRUNCATED, ip.dropReason());
    }

    @Test
    void rejectsEveryTruncationOfAnExtensionChain() {
        String payload = EXT.substring(80);
        for (int cut = 0; cut < 16; cut++) {
            assertFalse(wrap(packet(IpProtocol.HOP_BY_HOP, payload.substring(0, cut * 2))), "cut " + cut);
            assertEquals(DropReason.TRUNCATED, ip.dropReason());
        }
        for (int cut = 16; cut <= 28; cut++) {
            assertTrue(wrap(packet(IpProtocol.HOP_BY_HOP, payload.substring(0, cut * 2))), "cut " + cut);
            assertEquals(cut - 16, ip.upperLayerLength());
        }
    }

    @Test
    void rejectsHopByHopAfterTheFirstHeader() {
        assertFalse(wrap(packet(IpProtocol.DESTINATION_OPTIONS, "0000000000000000" + "1100000000000000")));
        assertEquals(DropReason.BAD_HEADER, ip.dropReason());
    }

    @Test
    void reportsEspAsUnsupported() {
        assertFalse(wrap(packet(IpProtocol.ESP, "00".repeat(16))));
        assertEquals(DropReason.UNSUPPORTED, ip.dropReason());
    }

    @Test
    void reportsNoNextHeaderAsTheUpperLayer() {
        assertTrue(wrap(packet(IpProtocol.NO_NEXT_HEADER, "")));
        assertEquals(IpProtocol.NO_NEXT_HEADER, ip.upperLayerProtocol());
        assertEquals(0, ip.upperLayerLength());
    }

    @Test
    void flagsFirstAndLaterFragments() {
        String udp = "14e914e9000800000000";
        assertTrue(wrap(packet(IpProtocol.FRAGMENT, "1100000112345678" + udp))); // offset 0, M set
        assertTrue(ip.isFragment());
        assertEquals(IpProtocol.UDP, ip.upperLayerProtocol());
        assertEquals(Frames.OFFSET + 48, ip.upperLayerOffset());

        assertTrue(wrap(packet(IpProtocol.FRAGMENT, "1100005812345678" + udp))); // offset 88, last
        assertTrue(ip.isFragment());
    }

    @Test
    void walksThroughAnAtomicFragment() {
        String udp = "14e914e9000800000000";
        assertTrue(wrap(packet(IpProtocol.FRAGMENT, "1100000012345678" + udp)));
        assertFalse(ip.isFragment());
        assertEquals(IpProtocol.UDP, ip.upperLayerProtocol());
        assertEquals(10, ip.upperLayerLength());
    }

    @Test
    void survivesALongChainOfEmptyHeaders() {
        String chain = "3c00000000000000".repeat(1000) + "3b00000000000000";
        assertTrue(wrap(packet(IpProtocol.DESTINATION_OPTIONS, chain)));
        assertEquals(IpProtocol.NO_NEXT_HEADER, ip.upperLayerProtocol());
    }

    @Test
    void emitThenParse() {
        ByteBuffer out = Frames.output(80);
        Ipv6Address source = Ipv6Address.parse("fe80::1");
        Ipv6Address destination = Ipv6Address.parse("fe80::44e0:7aff:fe3b:1c01");
        assertEquals(40, Ipv6Packet.emitHeader(out, 3, IpProtocol.ICMPV6, 32, 255, 0xabcde, source.hi(),
                source.lo(), destination.hi(), destination.lo()));
        assertEquals("600abcde00203aff" + "fe800000000000000000000000000001" + "fe8000000000000044e07afffe3b1c01",
                Frames.hex(out, 3, 40));
        assertTrue(ip.wrap(out, 3, 72));
        assertEquals(0xabcde, ip.flowLabel());
        assertEquals(IpProtocol.ICMPV6, ip.upperLayerProtocol());
        assertEquals(32, ip.upperLayerLength());
    }
}
