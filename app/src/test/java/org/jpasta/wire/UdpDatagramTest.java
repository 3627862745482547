package org.jpasta.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class UdpDatagramTest {
    /** The UDP datagram (37 octets) inside {@link Frames#DNS_QUERY}. */
    private static final String DNS = Frames.DNS_QUERY.substring(68);
    private static final long PSEUDO = InternetChecksum.ipv4PseudoHeader(0xc0000202, 0xc0000201, IpProtocol.UDP, 37);

    private final UdpDatagram udp = new UdpDatagram();

    private boolean wrap(String hex) {
        return udp.wrap(Frames.direct(hex), Frames.OFFSET, hex.length() / 2);
    }

    @Test
    void readsADnsQuery() {
        assertTrue(wrap(DNS));
        assertEquals(53000, udp.sourcePort());
        assertEquals(53, udp.destinationPort());
        assertEquals(37, udp.length());
        assertEquals(0x1e05, udp.checksum());
        assertEquals(Frames.OFFSET + 8, udp.payloadOffset());
        assertEquals(29, udp.payloadLength());
        assertTrue(udp.isChecksumValid(PSEUDO));
    }

    @Test
    void rejectsEveryTruncationOfTheHeader() {
        for (int length = 0; length < 8; length++) {
            assertFalse(udp.wrap(Frames.direct(DNS), Frames.OFFSET, length));
            assertEquals(DropReason.TRUNCATED, udp.dropReason());
        }
    }

    @Test
    void rejectsALengthFieldBeyondTheIpPayload() {
        for (int length = 8; length < 37; length++) {
            assertFalse(udp.wrap(Frames.direct(DNS), Frames.OFFSET, length));
            assertEquals(DropReason.BAD_LENGTH, udp.dropReason());
        }
    }

    @Test
    void rejectsALengthFieldSmallerThanTheHeader() {
        for (int field = 0; field < 8; field++) {
            assertFalse(wrap(DNS.substring(0, 8) + String.format("%04x", field) + DNS.substring(12)));
            assertEquals(DropReason.BAD_LENGTH, udp.dropReason());
        }
    }

    @Test
    void theLengthFieldBoundsThePayload() {
        assertTrue(udp.wrap(Frames.direct(DNS + "0000"), Frames.OFFSET, 39));
        assertEquals(29, udp.payloadLength());
    }

    @Test
    void detectsABadChecksumAndAcceptsNone() {
        assertTrue(wrap(DNS.substring(0, 12) + "1e06" + DNS.substring(16)));
        assertFalse(udp.isChecksumValid(PSEUDO));
        assertTrue(wrap(DNS.substring(0, 12) + "0000" + DNS.substring(16)));
        assertTrue(udp.isChecksumValid(PSEUDO));
    }

    @Test
    void emitThenFillReproducesTheQuery() {
        ByteBuffer out = Frames.output(64);
        assertEquals(8, UdpDatagram.emitHeader(out, 2, 53000, 53, 29));
        out.put(2 + 8, Frames.bytes(DNS.substring(16)));
        assertEquals(DNS.substring(0, 12) + "0000" + DNS.substring(16), Frames.hex(out, 2, 37));
        UdpDatagram.fillChecksum(out, 2, PSEUDO);
        assertEquals(DNS, Frames.hex(out, 2, 37));
    }

    @Test
    void aComputedZeroChecksumIsSentAsAllOnes() {
        ByteBuffer out = Frames.output(16);
        UdpDatagram.emitHeader(out, 0, 0, 0, 0);
        // Pick the pseudo-header so that the whole sum is 0xffff: the complement is then zero.
        long headerSum = InternetChecksum.sum(out, 0, 8);
        long pseudo = 0xffff - InternetChecksum.fold(headerSum);
        UdpDatagram.fillChecksum(out, 0, pseudo);
        assertEquals(0xffff, out.getShort(6) & 0xffff);
        assertTrue(udp.wrap(out, 0, 8));
        assertTrue(udp.isChecksumValid(pseudo));
    }
}
