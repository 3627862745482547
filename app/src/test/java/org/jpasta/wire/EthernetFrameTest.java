package org.jpasta.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class EthernetFrameTest {
    private final EthernetFrame eth = new EthernetFrame();

    @Test
    void readsHeaderOfAnIcmpFrame() {
        ByteBuffer buf = Frames.direct(Frames.ECHO_REQUEST);
        assertTrue(eth.wrap(buf, Frames.OFFSET, 50));
        assertNull(eth.dropReason());
        assertEquals(0x9a559a559a55L, eth.destination());
        assertEquals(0x46e07a3b1c01L, eth.source());
        assertEquals(EthernetFrame.ETHERTYPE_IPV4, eth.etherType());
        assertEquals(Frames.OFFSET + 14, eth.payloadOffset());
        assertEquals(36, eth.payloadLength());
    }

    @Test
    void rejectsEveryLengthShorterThanTheHeader() {
        ByteBuffer buf = Frames.direct(Frames.ECHO_REQUEST);
        for (int length = 0; length < EthernetFrame.HEADER_LENGTH; length++) {
            assertFalse(eth.wrap(buf, Frames.OFFSET, length));
            assertEquals(DropReason.TRUNCATED, eth.dropReason());
        }
        assertTrue(eth.wrap(buf, Frames.OFFSET, EthernetFrame.HEADER_LENGTH));
        assertEquals(0, eth.payloadLength());
    }

    @Test
    void rejectsFramesLongerThanPastaAccepts() {
        ByteBuffer buf = ByteBuffer.allocateDirect(70000);
        assertTrue(eth.wrap(buf, 0, 65535));
        assertFalse(eth.wrap(buf, 0, 65536));
        assertEquals(DropReason.BAD_LENGTH, eth.dropReason());
    }

    @Test
    void rejectsRegionsOutsideTheBuffer() {
        ByteBuffer buf = ByteBuffer.allocateDirect(100);
        assertFalse(eth.wrap(buf, 90, 20));
        assertEquals(DropReason.BAD_LENGTH, eth.dropReason());
        assertFalse(eth.wrap(buf, -1, 20));
        assertFalse(eth.wrap(buf, Integer.MAX_VALUE, 20));
    }

    @Test
    void emitThenParse() {
        ByteBuffer out = Frames.output(64);
        assertEquals(14, EthernetFrame.emit(out, 3, MacAddress.BROADCAST, MacAddress.PASTA_DEFAULT,
                EthernetFrame.ETHERTYPE_ARP));
        assertEquals("ffffffffffff9a559a559a550806", Frames.hex(out, 3, 14));
        assertTrue(eth.wrap(out, 3, 60));
        assertEquals(MacAddress.BROADCAST, eth.destination());
        assertEquals(MacAddress.PASTA_DEFAULT, eth.source());
        assertEquals(EthernetFrame.ETHERTYPE_ARP, eth.etherType());
    }

    @Test
    void padsShortFramesWithZeros() {
        ByteBuffer out = Frames.output(80);
        for (int i = 0; i < 80; i++) {
            out.put(i, (byte) 0xee);
        }
        assertEquals(60, EthernetFrame.padToMinimum(out, 2, 42));
        assertEquals("00".repeat(18), Frames.hex(out, 2 + 42, 18));
        assertEquals((byte) 0xee, out.get(62));
        assertEquals(86, EthernetFrame.padToMinimum(out, 2, 86));
    }
}
