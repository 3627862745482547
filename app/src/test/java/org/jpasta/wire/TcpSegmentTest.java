package org.jpasta.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class TcpSegmentTest {
    /** The TCP segment (40 octets) inside {@link Frames#TCP_SYN}. */
    private static final String SYN = Frames.TCP_SYN.substring(68);
    private static final long PSEUDO = InternetChecksum.ipv4PseudoHeader(0xc0000202, 0x5db8d822, IpProtocol.TCP, 40);

    private final TcpSegment tcp = new TcpSegment();
    private final TcpOptions options = new TcpOptions();

    private boolean wrap(String hex) {
        return tcp.wrap(Frames.direct(hex), Frames.OFFSET, hex.length() / 2);
    }

    private static String withDataOffset(String segment, int dataOffset) {
        return segment.substring(0, 24) + Integer.toHexString(dataOffset) + segment.substring(25);
    }

    @Test
    void readsASynWithOptions() {
        ByteBuffer buf = Frames.direct(Frames.TCP_SYN);
        Ipv4Packet ip = new Ipv4Packet();
        assertTrue(ip.wrap(buf, Frames.l3(), 60));
        assertTrue(tcp.wrap(buf, ip.payloadOffset(), ip.payloadLength()));
        assertEquals(40000, tcp.sourcePort());
        assertEquals(80, tcp.destinationPort());
        assertEquals(0x12345678, tcp.sequenceNumber());
        assertEquals(0, tcp.acknowledgementNumber());
        assertEquals(40, tcp.headerLength());
        assertEquals(TcpSegment.FLAG_SYN, tcp.flags());
        assertTrue(tcp.hasFlags(TcpSegment.FLAG_SYN));
        assertFalse(tcp.hasFlags(TcpSegment.FLAG_SYN | TcpSegment.FLAG_ACK));
        assertEquals(64240, tcp.window());
        assertEquals(0x6db3, tcp.checksum());
        assertEquals(0, tcp.urgentPointer());
        assertEquals(20, tcp.optionsLength());
        assertEquals(0, tcp.payloadLength());
        assertTrue(tcp.isChecksumValid(ip.pseudoHeaderSum()));

        options.parse(tcp);
        assertEquals(1460, options.mss());
        assertTrue(options.sackPermitted());
        assertTrue(options.hasTimestamps());
        assertEquals(123456, options.timestampValue());
        assertEquals(0, options.timestampEcho());
        assertEquals(7, options.windowScale());
    }

    @Test
    void rejectsEveryTruncationOfTheFixedHeader() {
        for (int length = 0; length < 20; length++) {
            assertFalse(tcp.wrap(Frames.direct(SYN), Frames.OFFSET, length));
            assertEquals(DropReason.TRUNCATED, tcp.dropReason());
        }
    }

    @Test
    void rejectsADataOffsetBeyondTheSegment() {
        for (int length = 20; length < 40; length++) {
            assertFalse(tcp.wrap(Frames.direct(SYN), Frames.OFFSET, length));
            assertEquals(DropReason.BAD_LENGTH, tcp.dropReason());
        }
        assertFalse(wrap(withDataOffset(SYN, 15)));
        assertEquals(DropReason.BAD_LENGTH, tcp.dropReason());
    }

    @Test
    void rejectsADataOffsetBelowFive() {
        for (int dataOffset = 0; dataOffset < 5; dataOffset++) {
            assertFalse(wrap(withDataOffset(SYN, dataOffset)));
            assertEquals(DropReason.BAD_HEADER, tcp.dropReason());
        }
    }

    @Test
    void aSmallerDataOffsetTurnsOptionsIntoPayload() {
        assertTrue(wrap(withDataOffset(SYN, 5)));
        assertEquals(0, tcp.optionsLength());
        assertEquals(20, tcp.payloadLength());
        assertEquals(Frames.OFFSET + 20, tcp.payloadOffset());
    }

    @Test
    void detectsABadChecksum() {
        assertTrue(wrap(SYN.substring(0, 8) + "12345679" + SYN.substring(16)));
        assertFalse(tcp.isChecksumValid(PSEUDO));
    }

    @Test
    void emitThenFillReproducesTheSyn() {
        options.clear();
        options.setMss(1460).setSackPermitted(true).setTimestamps(123456, 0).setWindowScale(7);
        ByteBuffer out = Frames.output(64);
        int header = TcpSegment.emit(out, 4, 40000, 80, 0x12345678, 0, TcpSegment.FLAG_SYN, 64240, options);
        assertEquals(40, header);
        TcpSegment.fillChecksum(out, 4, 40, PSEUDO);
        assertEquals(SYN, Frames.hex(out, 4, 40));
    }

    @Test
    void emitsPastasSynAckOptions() {
        options.clear();
        options.setMss(65480).setWindowScale(8);
        ByteBuffer out = Frames.output(64);
        int header = TcpSegment.emit(out, 0, 80, 40000, 1, 0x12345679, TcpSegment.FLAG_SYN | TcpSegment.FLAG_ACK,
                65535, options);
        assertEquals(28, header);
        assertEquals("0050" + "9c40" + "00000001" + "12345679" + "70" + "12" + "ffff" + "0000" + "0000"
                + "0204ffc8" + "01" + "030308", Frames.hex(out, 0, 28));
        assertTrue(tcp.wrap(out, 0, 28));
        assertEquals(28, tcp.headerLength());
    }

    @Test
    void emitsWithoutOptions() {
        ByteBuffer out = Frames.output(32);
        assertEquals(20, TcpSegment.emit(out, 0, 1, 2, -1, -2, TcpSegment.FLAG_ACK, 512, null));
        assertTrue(tcp.wrap(out, 0, 20));
        assertEquals(-1, tcp.sequenceNumber());
        assertEquals(0xfffffffe, tcp.acknowledgementNumber());
        assertEquals(20, tcp.headerLength());
    }
}
