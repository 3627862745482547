package org.jpasta.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class Icmpv4PacketTest {
    private final Ipv4Packet ip = new Ipv4Packet();
    private final Icmpv4Packet icmp = new Icmpv4Packet();

    private ByteBuffer echoRequest() {
        ByteBuffer buf = Frames.direct(Frames.ECHO_REQUEST);
        assertTrue(ip.wrap(buf, Frames.l3(), 36));
        return buf;
    }

    @Test
    void readsAnEchoRequest() {
        ByteBuffer buf = echoRequest();
        assertTrue(icmp.wrap(buf, ip.payloadOffset(), ip.payloadLength()));
        assertEquals(Icmpv4Packet.TYPE_ECHO_REQUEST, icmp.type());
        assertEquals(0, icmp.code());
        assertTrue(icmp.isEcho());
        assertEquals(0x5435, icmp.checksum());
        assertEquals(0x1234, icmp.identifier());
        assertEquals(1, icmp.sequence());
        assertEquals(8, icmp.payloadLength());
        assertEquals("6162636465666768", Frames.hex(buf, icmp.payloadOffset(), 8));
        assertTrue(icmp.isChecksumValid());
    }

    @Test
    void rejectsEveryTruncation() {
        ByteBuffer buf = echoRequest();
        for (int length = 0; length < 8; length++) {
            assertFalse(icmp.wrap(buf, ip.payloadOffset(), length));
            assertEquals(DropReason.TRUNCATED, icmp.dropReason());
        }
    }

    @Test
    void detectsACorruptPayload() {
        ByteBuffer buf = echoRequest();
        buf.put(ip.payloadOffset() + 9, (byte) 'X');
        assertTrue(icmp.wrap(buf, ip.payloadOffset(), ip.payloadLength()));
        assertFalse(icmp.isChecksumValid());
    }

    @Test
    void emitsAnEchoReplyThatVerifies() {
        ByteBuffer out = Frames.output(64);
        int at = 5;
        assertEquals(8, Icmpv4Packet.emitEchoHeader(out, at, Icmpv4Packet.TYPE_ECHO_REPLY, 0x1234, 1));
        out.put(at + 8, Frames.bytes("6162636465666768"));
        Icmpv4Packet.fillChecksum(out, at, 16);
        // Same message as the request with type 0: the checksum grows by 0x0800.
        assertEquals("00005c35123400016162636465666768", Frames.hex(out, at, 16));
        assertTrue(icmp.wrap(out, at, 16));
        assertTrue(icmp.isChecksumValid());
        assertEquals(Icmpv4Packet.TYPE_ECHO_REPLY, icmp.type());
    }
}
