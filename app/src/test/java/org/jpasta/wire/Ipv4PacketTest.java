package org.jpasta.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class Ipv4PacketTest {
    /** The IPv4 packet (36 octets) inside {@link Frames#ECHO_REQUEST}. */
    private static final String ECHO = Frames.ECHO_REQUEST.substring(28);

    private final Ipv4Packet ip = new Ipv4Packet();

    private boolean wrap(String hex) {
        return ip.wrap(Frames.direct(hex), Frames.OFFSET, hex.length() / 2);
    }

    /** Replaces octet {@code index} of the echo packet. */
    private static String withOctet(String packet, int index, int value) {
        return packet.substring(0, index * 2) + String.format("%02x", value) + packet.substring(index * 2 + 2);
    }

    @Test
    void readsTheEchoRequestHeader() {
        assertTrue(wrap(ECHO));
        assertNull(ip.dropReason());
        assertEquals(20, ip.headerLength());
        assertEquals(36, ip.totalLength());
        assertEquals(0x1c46, ip.identification());
        assertTrue(ip.dontFragment());
        assertFalse(ip.moreFragments());
        assertFalse(ip.isFragment());
        assertEquals(64, ip.ttl());
        assertEquals(IpProtocol.ICMP, ip.protocol());
        assertEquals(0x9a8f, ip.headerChecksum());
        assertEquals(0xc0000202, ip.source());
        assertEquals(0xc0000201, ip.destination());
        assertEquals(Frames.OFFSET + 20, ip.payloadOffset());
        assertEquals(16, ip.payloadLength());
        assertTrue(ip.isHeaderChecksumValid());
    }

    @Test
    void chainsFromTheEthernetView() {
        ByteBuffer buf = Frames.direct(Frames.ECHO_REQUEST);
        EthernetFrame eth = new EthernetFrame();
        assertTrue(eth.wrap(buf, Frames.OFFSET, Frames.ECHO_REQUEST.length() / 2));
        assertTrue(ip.wrap(buf, eth.payloadOffset(), eth.payloadLength()));
        assertEquals(Frames.l3() + 20, ip.payloadOffset());
    }

    @Test
    void trimsEthernetPadding() {
        ByteBuffer buf = Frames.direct(ECHO + "00".repeat(10));
        assertTrue(ip.wrap(buf, Frames.OFFSET, 46));
        assertEquals(16, ip.payloadLength());
    }

    @Test
    void rejectsEveryTruncationOfTheHeader() {
        for (int length = 0; length < 20; length++) {
            assertFalse(ip.wrap(Frames.direct(ECHO), Frames.OFFSET, length));
            assertEquals(DropReason.TRUNCATED, ip.dropReason());
        }
    }

    @Test
    void rejectsEveryTruncationOfThePayloadAsBadLength() {
        for (int length = 20; length < 36; length++) {
            assertFalse(ip.wrap(Frames.direct(ECHO), Frames.OFFSET, length));
            assertEquals(DropReason.BAD_LENGTH, ip.dropReason());
        }
    }

    @Test
    void rejectsWrongVersion() {
        assertFalse(wrap(withOctet(ECHO, 0, 0x65)));
        assertEquals(DropReason.BAD_HEADER, ip.dropReason());
    }

    @Test
    void rejectsIhlBelowFive() {
        for (int ihl = 0; ihl < 5; ihl++) {
            assertFalse(wrap(withOctet(ECHO, 0, 0x40 | ihl)));
            assertEquals(DropReason.BAD_HEADER, ip.dropReason());
        }
    }

    @Test
    void rejectsIhlBeyondTotalLength() {
        // IHL 15 = 60 octets but the packet is 36.
        assertFalse(wrap(withOctet(ECHO, 0, 0x4f)));
        assertEquals(DropReason.BAD_LENGTH, ip.dropReason());
    }

    @Test
    void acceptsOptionsWithinTheHeader() {
        // IHL 6: the first four octets of the ICMP message become an "option"; length checks hold.
        assertTrue(wrap(withOctet(ECHO, 0, 0x46)));
        assertEquals(24, ip.headerLength());
        assertEquals(12, ip.payloadLength());
        assertEquals(Frames.OFFSET + 24, ip.payloadOffset());
    }

    @Test
    void rejectsTotalLengthLargerThanTheBuffer() {
        assertFalse(wrap(withOctet(ECHO, 3, 37)));
        assertEquals(DropReason.BAD_LENGTH, ip.dropReason());
        assertFalse(wrap(withOctet(withOctet(ECHO, 2, 0xff), 3, 0xff)));
        assertEquals(DropReason.BAD_LENGTH, ip.dropReason());
    }

    @Test
    void rejectsTotalLengthSmallerThanTheHeader() {
        assertFalse(wrap(withOctet(ECHO, 3, 19)));
        assertEquals(DropReason.BAD_LENGTH, ip.dropReason());
        assertFalse(wrap(withOctet(ECHO, 3, 0)));
        assertEquals(DropReason.BAD_LENGTH, ip.dropReason());
    }

    @Test
    void flagsFragmentsButNotDontFragment() {
        assertTrue(wrap(withOctet(ECHO, 6, 0x20)));
        assertTrue(ip.moreFragments());
        assertTrue(ip.isFragment());

        assertTrue(wrap(withOctet(withOctet(ECHO, 6, 0x00), 7, 0x03)));
        assertEquals(24, ip.fragmentOffset());
        assertTrue(ip.isFragment());

        assertTrue(wrap(withOctet(ECHO, 6, 0x00)));
        assertFalse(ip.isFragment());

        // The reserved bit is not a fragment, but pasta drops it with fragments all the same.
        assertTrue(wrap(withOctet(ECHO, 6, 0xc0)));
        assertTrue(ip.isFragment());
    }

    @Test
    void detectsABadHeaderChecksum() {
        assertTrue(wrap(withOctet(ECHO, 11, 0x90)));
        assertFalse(ip.isHeaderChecksumValid());
    }

    @Test
    void pseudoHeaderSumVerifiesTheUdpChecksum() {
        ByteBuffer buf = Frames.direct(Frames.DNS_QUERY);
        assertTrue(ip.wrap(buf, Frames.l3(), Frames.DNS_QUERY.length() / 2 - 14));
        UdpDatagram udp = new UdpDatagram();
        assertTrue(udp.wrap(buf, ip.payloadOffset(), ip.payloadLength()));
        assertTrue(udp.isChecksumValid(ip.pseudoHeaderSum()));
    }

    @Test
    void emitsPastasHeader() {
        ByteBuffer out = Frames.output(64);
        int written = Ipv4Packet.emitHeader(out, 1, IpProtocol.UDP, 0xc0000201, 0xc0000202, 8);
        assertEquals(20, written);
        // version/IHL 45, TOS 0, length 28, ID 0, DF, TTL 255, UDP, checksum, addresses.
        assertEquals("4500001c00004000ff11" + "f7cc" + "c0000201c0000202", Frames.hex(out, 1, 20));
        assertTrue(ip.wrap(out, 1, 28));
        assertTrue(ip.isHeaderChecksumValid());
        assertFalse(ip.isFragment());
        assertEquals(255, ip.ttl());
        assertEquals(8, ip.payloadLength());
    }

    @Test
    void emitsWithAnExplicitTtl() {
        ByteBuffer out = Frames.output(64);
        Ipv4Packet.emitHeader(out, 0, IpProtocol.TCP, 0x0a000001, 0x0a000002, 0, 64);
        assertTrue(ip.wrap(out, 0, 20));
        assertEquals(64, ip.ttl());
        assertTrue(ip.isHeaderChecksumValid());
    }
}
