package org.jpasta.sys.netlink;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Neighbour messages as the kernel sends them (little-endian x86 bytes, as captured from {@code ip monitor}). */
class NeighbourTest {
    /**
     * Two messages in one datagram: RTM_NEWNEIGH for 198.51.100.7 at 02:00:00:00:07:07 on link 2, PERMANENT;
     * RTM_DELNEIGH for 2001:db8:100::7 (no link-layer address) on link 2.
     */
    private static final String TWO_MESSAGES = ""
            // nlmsghdr: len 48, type 28, flags 0, seq 0, pid 0
            + "30000000" + "1c00" + "0000" + "00000000" + "00000000"
            // ndmsg: AF_INET, pad, pad, ifindex 2, state 0x80, flags 0, type 1
            + "02" + "00" + "0000" + "02000000" + "8000" + "00" + "01"
            // NDA_DST 198.51.100.7; NDA_LLADDR 02:00:00:00:07:07 (+2 pad)
            + "0800" + "0100" + "c6336407"
            + "0a00" + "0200" + "020000000707" + "0000"
            // nlmsghdr: len 48, type 29
            + "30000000" + "1d00" + "0000" + "00000000" + "00000000"
            // ndmsg: AF_INET6, ifindex 2, state 0x20 (FAILED), type 1
            + "0a" + "00" + "0000" + "02000000" + "2000" + "00" + "01"
            // NDA_DST 2001:db8:100::7
            + "1400" + "0100" + "20010db8010000000000000000000007";

    private static ByteBuffer bytes(String hex) {
        return ByteBuffer.wrap(HexFormat.of().parseHex(hex)).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void walksBothMessagesAndParsesThem() {
        List<Neighbour> out = new ArrayList<>();
        RtNetlink.walk(bytes(TWO_MESSAGES), (type, body) -> out.add(Neighbour.parse(type, body.order(
                ByteOrder.LITTLE_ENDIAN))));
        assertEquals(2, out.size());
        Neighbour v4 = out.get(0);
        assertFalse(v4.deleted());
        assertEquals(2, v4.family());
        assertEquals(2, v4.ifindex());
        assertTrue(v4.isValid());
        assertEquals(Neighbour.RTN_UNICAST, v4.type());
        assertArrayEquals(HexFormat.of().parseHex("c6336407"), v4.address());
        assertArrayEquals(HexFormat.of().parseHex("020000000707"), v4.linkAddress());
        Neighbour v6 = out.get(1);
        assertTrue(v6.deleted());
        assertEquals(10, v6.family());
        assertFalse(v6.isValid());
        assertEquals(16, v6.address().length);
        assertNull(v6.linkAddress());
    }

    @Test
    void otherTypesShortBodiesAndMissingDestinationsAreNotNeighbours() {
        assertNull(Neighbour.parse(24, bytes("020000000200000080000001"))); // RTM_NEWROUTE
        assertNull(Neighbour.parse(Neighbour.RTM_NEWNEIGH, bytes("0200000002000000800000"))); // 11 bytes
        assertNull(Neighbour.parse(Neighbour.RTM_NEWNEIGH, bytes("020000000200000080000001"))); // no NDA_DST
    }

    @Test
    void aTruncatedMessageEndsTheWalk() {
        String truncated = TWO_MESSAGES.substring(0, TWO_MESSAGES.length() - 8);
        List<Integer> types = new ArrayList<>();
        RtNetlink.walk(bytes(truncated), (type, body) -> types.add(type));
        assertEquals(List.of(Neighbour.RTM_NEWNEIGH), types);
    }
}
