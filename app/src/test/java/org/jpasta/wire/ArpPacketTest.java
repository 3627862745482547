package org.jpasta.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class ArpPacketTest {
    /** Guest 46:e0:7a:3b:1c:01 at 192.0.2.2 asks who has 192.0.2.1. */
    static final String REQUEST = "ffffffffffff46e07a3b1c010806000108000604000146e07a3b1c01c0000202000000000000c0000201";

    private final ArpPacket arp = new ArpPacket();

    @Test
    void readsARequest() {
        ByteBuffer buf = Frames.direct(REQUEST);
        assertTrue(arp.wrap(buf, Frames.l3(), 28));
        assertTrue(arp.isEthernetIpv4());
        assertEquals(ArpPacket.OPERATION_REQUEST, arp.operation());
        assertEquals(0x46e07a3b1c01L, arp.senderHardwareAddress());
        assertEquals(Ipv4Address.parse("192.0.2.2"), arp.senderProtocolAddress());
        assertEquals(0L, arp.targetHardwareAddress());
        assertEquals(Ipv4Address.parse("192.0.2.1"), arp.targetProtocolAddress());
    }

    @Test
    void ignoresEthernetPaddingAfterTheMessage() {
        ByteBuffer buf = Frames.direct(REQUEST + "00".repeat(18));
        assertTrue(arp.wrap(buf, Frames.l3(), 46));
    }

    @Test
    void rejectsEveryTruncation() {
        ByteBuffer buf = Frames.direct(REQUEST);
        for (int length = 0; length < ArpPacket.LENGTH; length++) {
            assertFalse(arp.wrap(buf, Frames.l3(), length));
            assertEquals(DropReason.TRUNCATED, arp.dropReason());
        }
    }

    @Test
    void flagsOtherHardwareAndProtocolTypes() {
        String[] variants = {
            REQUEST.replace("0806000108000604", "0806000608000604"), // IEEE 802 hardware
            REQUEST.replace("0806000108000604", "080600010806" + "0604"), // protocol ARP
            REQUEST.replace("0806000108000604", "0806000108000804"), // hlen 8
            REQUEST.replace("0806000108000604", "0806000108000610"), // plen 16
        };
        for (String variant : variants) {
            assertTrue(arp.wrap(Frames.direct(variant), Frames.l3(), 28));
            assertFalse(arp.isEthernetIpv4(), variant);
        }
    }

    @Test
    void emitThenParse() {
        ByteBuffer out = Frames.output(40);
        assertEquals(28, ArpPacket.emit(out, 5, ArpPacket.OPERATION_REPLY, MacAddress.PASTA_DEFAULT, 0xc0000201,
                0x46e07a3b1c01L, 0xc0000202));
        assertEquals("00010800060400029a559a559a55c000020146e07a3b1c01c0000202", Frames.hex(out, 5, 28));
        assertTrue(arp.wrap(out, 5, 28));
        assertTrue(arp.isEthernetIpv4());
        assertEquals(ArpPacket.OPERATION_REPLY, arp.operation());
        assertEquals(0xc0000202, arp.targetProtocolAddress());
    }
}
