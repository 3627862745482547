package org.jpasta.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InternetChecksumTest {

    /** Straightforward 16-bit reference implementation to compare the 64-bit one against. */
    private static int reference(byte[] data) {
        long sum = 0;
        for (int i = 0; i < data.length; i += 2) {
            int high = data[i] & 0xff;
            int low = i + 1 < data.length ? data[i + 1] & 0xff : 0;
            sum += (high << 8) | low;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }

    @Test
    void rfc1071NumericalExample() {
        // RFC 1071 section 3: the words 0001 f203 f4f5 f6f7 sum to ddf2.
        ByteBuffer buf = Frames.direct("0001f203f4f5f6f7");
        long sum = InternetChecksum.sum(buf, Frames.OFFSET, 8);
        assertEquals(0xddf2, InternetChecksum.fold(sum));
        assertEquals(0x220d, InternetChecksum.finish(sum));
    }

    @Test
    void oddLengthPadsTheLastOctetOnTheRight() {
        ByteBuffer buf = Frames.direct("0001f203f4f5f6");
        // 0001 + f203 + f4f5 + f600 = 2dcf9, folded dcf9 + 2.
        assertEquals(0xdcfb, InternetChecksum.fold(InternetChecksum.sum(buf, Frames.OFFSET, 7)));
    }

    @Test
    void realIpv4HeaderChecksum() {
        // The classic example header 192.168.0.1 -> 192.168.0.199, checksum b861.
        String header = "450000730000400040110000c0a80001c0a800c7";
        ByteBuffer buf = Frames.direct(header);
        assertEquals(0xb861, InternetChecksum.compute(buf, Frames.OFFSET, 20));
        buf.putShort(Frames.OFFSET + 10, (short) 0xb861);
        assertTrue(InternetChecksum.verifies(InternetChecksum.sum(buf, Frames.OFFSET, 20)));
    }

    @Test
    void realIcmpv6ChecksumOverPseudoHeader() {
        ByteBuffer buf = Frames.direct(Frames.NEIGHBOR_SOLICITATION);
        int ip = Frames.l3();
        int icmp = ip + 40;
        long pseudo = InternetChecksum.ipv6PseudoHeader(buf.getLong(ip + 8), buf.getLong(ip + 16),
                buf.getLong(ip + 24), buf.getLong(ip + 32), IpProtocol.ICMPV6, 32);
        assertTrue(InternetChecksum.verifies(InternetChecksum.sum(buf, icmp, 32, pseudo)));
        int stored = buf.getShort(icmp + 2) & 0xffff;
        buf.putShort(icmp + 2, (short) 0);
        assertEquals(stored, InternetChecksum.finish(InternetChecksum.sum(buf, icmp, 32, pseudo)));
        assertEquals(0xc561, stored);
    }

    @Test
    void ipv4PseudoHeaderMatchesItsWireForm() {
        ByteBuffer pseudo = Frames.direct("c0000202c000020100110025");
        long expected = InternetChecksum.sum(pseudo, Frames.OFFSET, 12);
        long actual = InternetChecksum.ipv4PseudoHeader(0xc0000202, 0xc0000201, IpProtocol.UDP, 0x25);
        assertEquals(InternetChecksum.fold(expected), InternetChecksum.fold(actual));
    }

    @Test
    void ipv6PseudoHeaderMatchesItsWireForm() {
        ByteBuffer pseudo = Frames.direct("fe8000000000000044e07afffe3b1c01ff0200000000000000000001ff000001"
                + "000000200000003a");
        long expected = InternetChecksum.sum(pseudo, Frames.OFFSET, 40);
        long actual = InternetChecksum.ipv6PseudoHeader(0xfe80000000000000L, 0x44e07afffe3b1c01L,
                0xff02000000000000L, 0x00000001ff000001L, IpProtocol.ICMPV6, 32);
        assertEquals(InternetChecksum.fold(expected), InternetChecksum.fold(actual));
    }

    @Test
    void matchesReferenceForEveryLengthAndAlignment() {
        Random random = new Random(1071);
        for (int length = 0; length < 80; length++) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            for (int offset = 0; offset < 8; offset++) {
                ByteBuffer buf = ByteBuffer.allocateDirect(offset + length);
                buf.put(offset, data);
                assertEquals(reference(data), InternetChecksum.finish(InternetChecksum.sum(buf, offset, length)),
                        "length " + length + " offset " + offset);
            }
        }
    }

    @Test
    void largeAllOnesBufferDoesNotOverflow() {
        byte[] data = new byte[65535];
        java.util.Arrays.fill(data, (byte) 0xff);
        ByteBuffer buf = ByteBuffer.allocateDirect(data.length).put(0, data);
        assertEquals(reference(data), InternetChecksum.finish(InternetChecksum.sum(buf, 0, data.length)));
    }

    @Test
    void partialSumsCombine() {
        Random random = new Random(42);
        byte[] data = new byte[1000];
        random.nextBytes(data);
        ByteBuffer buf = ByteBuffer.allocateDirect(data.length).put(0, data);
        long whole = InternetChecksum.sum(buf, 0, 1000);
        long pieces = InternetChecksum.sum(buf, 40, 960, InternetChecksum.sum(buf, 20, 20, InternetChecksum.sum(buf, 0, 20)));
        assertEquals(InternetChecksum.fold(whole), InternetChecksum.fold(pieces));
    }

    @Test
    void corruptedDataFailsVerification() {
        ByteBuffer buf = Frames.direct("450000730000400040110000c0a80001c0a800c7");
        buf.putShort(Frames.OFFSET + 10, (short) 0xb861);
        buf.put(Frames.OFFSET + 8, (byte) 0x3f);
        assertFalse(InternetChecksum.verifies(InternetChecksum.sum(buf, Frames.OFFSET, 20)));
    }
}
