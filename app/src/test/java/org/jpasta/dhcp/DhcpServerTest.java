package org.jpasta.dhcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.jpasta.wire.DropReason;
import org.junit.jupiter.api.Test;

/** DHCP request parsing and reply encoding, byte for byte where it matters, including malformed input. */
class DhcpServerTest {
    private static final int GUEST = 0xc6336402;   // 198.51.100.2
    private static final int GATEWAY = 0xc6336401; // 198.51.100.1

    private static DhcpServer server(List<Integer> dns, String hostname, String fqdn, List<String> search, int gw) {
        DhcpOptionsTable table = new DhcpOptionsTable(GUEST, 24, gw, 65520, dns, hostname, fqdn, search);
        return new DhcpServer(table, GUEST, gw, null, null);
    }

    /** A BOOTREQUEST with the given options bytes (after the cookie). */
    private static ByteBuffer request(int flags, int... options) {
        ByteBuffer b = ByteBuffer.allocate(DhcpMessage.OPTIONS_OFFSET + options.length);
        b.put(0, (byte) 1).put(1, (byte) 1).put(2, (byte) 6);
        b.putInt(4, 0x12345678);
        b.putShort(10, (short) flags);
        for (int i = 0; i < 6; i++) {
            b.put(28 + i, (byte) (0xa0 + i));
        }
        b.putInt(236, DhcpMessage.MAGIC_COOKIE);
        for (int i = 0; i < options.length; i++) {
            b.put(DhcpMessage.OPTIONS_OFFSET + i, (byte) options[i]);
        }
        return b;
    }

    private static DhcpMessage parse(ByteBuffer b) {
        DhcpMessage m = new DhcpMessage();
        assertTrue(m.wrap(b, 0, b.capacity()), () -> "rejected: " + m.dropReason());
        return m;
    }

    /** Option codes of a reply in order, with their values. */
    private static List<int[]> options(ByteBuffer reply, int length) {
        List<int[]> out = new ArrayList<>();
        int at = DhcpMessage.OPTIONS_OFFSET;
        while (at < length) {
            int code = reply.get(at) & 0xff;
            if (code == 255) {
                out.add(new int[] {255});
                break;
            }
            if (code == 0) {
                at++;
                continue;
            }
            int len = reply.get(at + 1) & 0xff;
            int[] entry = new int[1 + len];
            entry[0] = code;
            for (int i = 0; i < len; i++) {
                entry[1 + i] = reply.get(at + 2 + i) & 0xff;
            }
            out.add(entry);
            at += 2 + len;
        }
        return out;
    }

    private static int[] codes(List<int[]> options) {
        return options.stream().mapToInt(o -> o[0]).toArray();
    }

    private static int[] find(List<int[]> options, int code) {
        return options.stream().filter(o -> o[0] == code).findFirst().orElse(null);
    }

    @Test
    void discoverGetsOfferWithTypeFirstThenRequestedOrderThenTheRest() {
        DhcpMessage m = parse(request(0, 53, 1, 1, 55, 3, 26, 3, 1, 255));
        assertEquals(DhcpMessage.OFFER, DhcpServer.replyType(m));
        ByteBuffer out = ByteBuffer.allocate(600);
        int n = server(List.of(), null, null, List.of(), GATEWAY).writeReply(m, DhcpMessage.OFFER, out, 0);

        assertEquals(2, out.get(0));
        assertEquals(0x12345678, out.getInt(4));
        assertEquals(GUEST, out.getInt(16));
        assertEquals(0, out.getInt(20));
        assertEquals((byte) 0xa5, out.get(33));
        assertEquals(DhcpMessage.MAGIC_COOKIE, out.getInt(236));
        List<int[]> options = options(out, n);
        assertArrayEquals(new int[] {53, 26, 3, 1, 51, 54, 255}, codes(options));
        assertArrayEquals(new int[] {53, 2}, find(options, 53));
        assertArrayEquals(new int[] {26, 0xff, 0xf0}, find(options, 26));
        assertArrayEquals(new int[] {1, 255, 255, 255, 0}, find(options, 1));
        assertArrayEquals(new int[] {51, 255, 255, 255, 255}, find(options, 51));
        assertArrayEquals(new int[] {54, 198, 51, 100, 1}, find(options, 54));
        assertTrue(n - DhcpMessage.OPTIONS_OFFSET >= DhcpServer.OPTIONS_MIN, "padded to 60 option octets");
    }

    @Test
    void messageTypeFollowsTheRequestListWhenListed() {
        DhcpMessage m = parse(request(0, 53, 1, 3, 55, 2, 1, 53, 255));
        ByteBuffer out = ByteBuffer.allocate(600);
        int n = server(List.of(), null, null, List.of(), GATEWAY).writeReply(m, DhcpMessage.ACK, out, 0);
        assertArrayEquals(new int[] {1, 53, 3, 26, 51, 54, 255}, codes(options(out, n)));
    }

    @Test
    void rapidCommitDiscoverIsAcknowledgedAndEchoesRapidCommit() {
        DhcpMessage m = parse(request(0, 53, 1, 1, 80, 0, 255));
        assertEquals(DhcpMessage.ACK, DhcpServer.replyType(m));
        ByteBuffer out = ByteBuffer.allocate(600);
        int n = server(List.of(), null, null, List.of(), GATEWAY).writeReply(m, DhcpMessage.ACK, out, 0);
        List<int[]> options = options(out, n);
        assertArrayEquals(new int[] {80}, find(options, 80));
        assertArrayEquals(new int[] {53, 5}, find(options, 53));
    }

    @Test
    void requestAndBootpGetAckOthersAreIgnored() {
        assertEquals(DhcpMessage.ACK, DhcpServer.replyType(parse(request(0, 53, 1, 3, 255))));
        assertEquals(DhcpMessage.ACK, DhcpServer.replyType(parse(request(0, 255))));
        assertEquals(-1, DhcpServer.replyType(parse(request(0, 53, 1, 7, 255))));
        assertEquals(-1, DhcpServer.replyType(parse(request(0, 53, 1, 8, 255))));
    }

    @Test
    void broadcastFlagIsReadAndCopied() {
        DhcpMessage m = parse(request(0x8000, 53, 1, 1, 255));
        assertTrue(m.broadcast());
        ByteBuffer out = ByteBuffer.allocate(600);
        server(List.of(), null, null, List.of(), GATEWAY).writeReply(m, DhcpMessage.OFFER, out, 0);
        assertEquals((short) 0x8000, out.getShort(10));
    }

    @Test
    void optionalOptionsDnsHostnameFqdnSearchAndClasslessRoutes() {
        int outsideGateway = 0x0a000001; // 10.0.0.1, not in 198.51.100.0/24
        DhcpMessage m = parse(request(0, 53, 1, 1, 255));
        ByteBuffer out = ByteBuffer.allocate(600);
        int n = server(List.of(0x01020304), "box", "box.example", List.of("example"), outsideGateway)
                .writeReply(m, DhcpMessage.OFFER, out, 0);
        List<int[]> options = options(out, n);
        assertArrayEquals(new int[] {6, 1, 2, 3, 4}, find(options, 6));
        assertArrayEquals(new int[] {12, 'b', 'o', 'x'}, find(options, 12));
        assertArrayEquals(new int[] {81, 4, 255, 255, 3, 'b', 'o', 'x', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0},
                find(options, 81));
        assertArrayEquals(new int[] {119, 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0}, find(options, 119));
        assertArrayEquals(new int[] {121, 32, 10, 0, 0, 1, 0, 0, 0, 0, 0, 10, 0, 0, 1}, find(options, 121));
    }

    @Test
    void noClasslessRoutesWhenTheGatewayIsOnTheSubnet() {
        DhcpMessage m = parse(request(0, 53, 1, 1, 255));
        ByteBuffer out = ByteBuffer.allocate(600);
        int n = server(List.of(), null, null, List.of(), GATEWAY).writeReply(m, DhcpMessage.OFFER, out, 0);
        assertEquals(null, find(options(out, n), 121));
    }

    @Test
    void padOptionsAreSkippedAndMissingEndIsAccepted() {
        DhcpMessage m = parse(request(0, 0, 0, 53, 1, 3));
        assertEquals(DhcpMessage.REQUEST, m.messageType());
    }

    @Test
    void malformedMessagesAreRejectedWithAReason() {
        DhcpMessage m = new DhcpMessage();
        ByteBuffer truncated = ByteBuffer.allocate(239);
        truncated.put(0, (byte) 1);
        assertFalse(m.wrap(truncated, 0, 239));
        assertEquals(DropReason.TRUNCATED, m.dropReason());

        ByteBuffer reply = request(0, 53, 1, 1, 255);
        reply.put(0, (byte) 2);
        assertFalse(m.wrap(reply, 0, reply.capacity()));
        assertEquals(DropReason.UNSUPPORTED, m.dropReason());

        ByteBuffer overrun = request(0, 53, 1, 1, 55, 40, 1, 3);
        assertFalse(m.wrap(overrun, 0, overrun.capacity()));
        assertEquals(DropReason.BAD_OPTION, m.dropReason());

        ByteBuffer lengthOnlyMissing = request(0, 53);
        assertFalse(m.wrap(lengthOnlyMissing, 0, lengthOnlyMissing.capacity()));
        assertEquals(DropReason.BAD_OPTION, m.dropReason());

        ByteBuffer small = ByteBuffer.allocate(100);
        assertFalse(m.wrap(small, 50, 300));
        assertEquals(DropReason.BAD_LENGTH, m.dropReason());
    }

    @Test
    void everyTruncationOfAValidMessageIsHandledWithoutThrowing() {
        ByteBuffer full = request(0, 53, 1, 1, 55, 3, 1, 3, 6, 12, 1, 'x', 255);
        DhcpMessage m = new DhcpMessage();
        for (int len = 0; len <= full.capacity(); len++) {
            boolean ok = m.wrap(full, 0, len);
            if (len < DhcpMessage.OPTIONS_OFFSET) {
                assertFalse(ok);
            }
        }
    }
}
