package org.jpasta.dhcpv6;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;

import org.jpasta.wire.DropReason;
import org.junit.jupiter.api.Test;

/** DHCPv6 message parsing and answers, including NotOnLink and malformed options. */
class Dhcpv6ServerTest {
    private static final byte[] GUEST = {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};
    private static final byte[] OUR_LL = {(byte) 0xfe, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    private static final byte[] CLIENT_DUID = {0, 3, 0, 1, 1, 2, 3, 4, 5, 6};

    private final Dhcpv6Server server = new Dhcpv6Server(GUEST, OUR_LL, 0x9a559a559a55L, List.of(), List.of("example"),
            null, null, null);

    private static byte[] option(int code, byte[] value) {
        return ByteBuffer.allocate(4 + value.length).putShort((short) code).putShort((short) value.length).put(value)
                .array();
    }

    private static byte[] iaNa(int iaid, byte[] address) {
        ByteBuffer ia = ByteBuffer.allocate(12 + (address == null ? 0 : 28));
        ia.putInt(iaid).putInt(0).putInt(0);
        if (address != null) {
            ia.put(option(5, ByteBuffer.allocate(24).put(address).putInt(0).putInt(0).array()));
        }
        return option(3, ia.array());
    }

    private static ByteBuffer message(int type, byte[]... options) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(type);
        b.write(0xab);
        b.write(0xcd);
        b.write(0xef);
        for (byte[] o : options) {
            b.writeBytes(o);
        }
        return ByteBuffer.wrap(b.toByteArray());
    }

    private int answer(ByteBuffer request, ByteBuffer out) {
        Dhcpv6Message m = new Dhcpv6Message();
        assertTrue(m.wrap(request, 0, request.capacity()), () -> "rejected: " + m.dropReason());
        return server.answer(m, out, 0);
    }

    /** Offset of the first option {@code code} in a message of {@code length}, or -1. */
    private static int findOption(ByteBuffer msg, int from, int length, int code) {
        int at = from;
        while (at + 4 <= length) {
            if ((msg.getShort(at) & 0xffff) == code) {
                return at;
            }
            at += 4 + (msg.getShort(at + 2) & 0xffff);
        }
        return -1;
    }

    @Test
    void solicitGetsAdvertiseWithTheAddressInTheClientsIa() {
        ByteBuffer out = ByteBuffer.allocate(1000);
        int n = answer(message(1, option(1, CLIENT_DUID), option(8, new byte[2]), iaNa(0x11223344, null)), out);

        assertEquals(Dhcpv6Message.ADVERTISE, out.get(0));
        assertEquals(0xabcdef, out.getInt(0) & 0xffffff);
        int serverId = findOption(out, 4, n, 2);
        assertEquals(14, out.getShort(serverId + 2));
        assertEquals(1, out.getShort(serverId + 4), "DUID-LLT");
        int ia = findOption(out, 4, n, 3);
        assertEquals(0x11223344, out.getInt(ia + 4));
        assertEquals(-1, out.getInt(ia + 8), "T1 infinite");
        int address = findOption(out, ia + 16, n, 5);
        assertEquals(0x20010db800000000L, out.getLong(address + 4));
        assertEquals(2, out.getLong(address + 12));
        assertEquals(-1, out.getInt(address + 20), "preferred lifetime infinite");
        int client = findOption(out, 4, n, 1);
        assertEquals(CLIENT_DUID.length, out.getShort(client + 2));
        assertTrue(findOption(out, 4, n, 24) > 0, "domain list");
        assertEquals(-1, findOption(out, 4, n, 23), "no DNS servers configured");
    }

    @Test
    void requestMustNameOurServerId() {
        ByteBuffer out = ByteBuffer.allocate(1000);
        byte[] ours = server.serverDuid();
        assertEquals(0, answer(message(3, option(1, CLIENT_DUID), iaNa(1, GUEST)), out), "no server id");
        assertEquals(0, answer(message(3, option(1, CLIENT_DUID), option(2, new byte[14]), iaNa(1, GUEST)), out));
        int n = answer(message(3, option(1, CLIENT_DUID), option(2, ours), iaNa(1, GUEST)), out);
        assertTrue(n > 0);
        assertEquals(Dhcpv6Message.REPLY, out.get(0));
    }

    @Test
    void confirmForAForeignAddressGetsNotOnLink() {
        ByteBuffer out = ByteBuffer.allocate(1000);
        byte[] foreign = GUEST.clone();
        foreign[15] = 9;
        int n = answer(message(4, option(1, CLIENT_DUID), iaNa(7, foreign)), out);
        assertEquals(Dhcpv6Message.REPLY, out.get(0));
        int ia = findOption(out, 4, n, 3);
        int status = findOption(out, ia + 16, n, 13);
        assertEquals(Dhcpv6Server.STATUS_NOT_ON_LINK, out.getShort(status + 4));
    }

    @Test
    void confirmOfOurAddressGetsAPlainReply() {
        ByteBuffer out = ByteBuffer.allocate(1000);
        int n = answer(message(4, option(1, CLIENT_DUID), iaNa(7, GUEST)), out);
        int ia = findOption(out, 4, n, 3);
        assertEquals(-1, findOption(out, ia + 16, n, 13));
        assertTrue(findOption(out, ia + 16, n, 5) > 0);
    }

    @Test
    void informationRequestAndRebindAndIgnoredTypes() {
        ByteBuffer out = ByteBuffer.allocate(1000);
        assertTrue(answer(message(11, option(1, CLIENT_DUID)), out) > 0);
        assertEquals(-1, findOption(out, 4, 100, 3), "no IA without one asked for");
        assertEquals(0, answer(message(11, option(1, CLIENT_DUID), iaNa(1, null)), out), "IA in info-request");
        assertTrue(answer(message(6, option(1, CLIENT_DUID), option(2, server.serverDuid()), iaNa(1, GUEST)), out)
                > 0);
        assertEquals(0, answer(message(8, option(1, CLIENT_DUID)), out), "RELEASE ignored");
        assertEquals(0, answer(message(1, option(2, server.serverDuid()), option(1, CLIENT_DUID)), out),
                "SOLICIT with a server id");
        assertEquals(0, answer(message(1), out), "no client id");
    }

    @Test
    void malformedOptionsAreRejected() {
        Dhcpv6Message m = new Dhcpv6Message();
        ByteBuffer shortHeader = ByteBuffer.allocate(3);
        assertFalse(m.wrap(shortHeader, 0, 3));
        assertEquals(DropReason.TRUNCATED, m.dropReason());

        ByteBuffer overrun = message(1, ByteBuffer.allocate(6).putShort((short) 1).putShort((short) 40).array());
        assertFalse(m.wrap(overrun, 0, overrun.capacity()));
        assertEquals(DropReason.BAD_OPTION, m.dropReason());

        ByteBuffer halfHeader = message(1, new byte[] {0, 1, 0});
        assertFalse(m.wrap(halfHeader, 0, halfHeader.capacity()));

        ByteBuffer shortIa = message(1, option(1, CLIENT_DUID), option(3, new byte[8]));
        assertFalse(m.wrap(shortIa, 0, shortIa.capacity()));
        assertEquals(DropReason.BAD_OPTION, m.dropReason());
    }

    @Test
    void malformedNestedAddressIsTreatedAsNotFound() {
        ByteBuffer ia = ByteBuffer.allocate(12 + 4 + 10);
        ia.putInt(1).putInt(0).putInt(0).putShort((short) 5).putShort((short) 10);
        ByteBuffer msg = message(4, option(1, CLIENT_DUID), option(3, ia.array()));
        Dhcpv6Message m = new Dhcpv6Message();
        assertTrue(m.wrap(msg, 0, msg.capacity()));
        assertEquals(-1, m.firstForeignAddress(0, 2));
    }

    @Test
    void everyTruncationIsHandledWithoutThrowing() {
        ByteBuffer full = message(3, option(1, CLIENT_DUID), option(2, server.serverDuid()), iaNa(1, GUEST));
        Dhcpv6Message m = new Dhcpv6Message();
        ByteBuffer out = ByteBuffer.allocate(1000);
        for (int len = 0; len <= full.capacity(); len++) {
            if (m.wrap(full, 0, len)) {
                server.answer(m, out, 0);
            }
        }
    }
}
