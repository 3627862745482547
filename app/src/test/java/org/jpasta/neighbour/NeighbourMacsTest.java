package org.jpasta.neighbour;

import org.jpasta.config.Configuration;
import org.jpasta.flow.AddressMapping;
import org.jpasta.wire.EthernetFrame;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.*;

class NeighbourMacsTest {
    private static final long OUR = 0x9a559a559a55L, GW = 0x0200000000f1L, LAN = 0x020000000707L;

    private static byte[] ip(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    private static Configuration config(boolean mapGateway) {
        Configuration c = new Configuration();
        c.ip4.address = ip("c6336402"); // 198.51.100.2
        c.ip4.gateway = ip("c6336401"); // 198.51.100.1
        c.ip6.address = ip("20010db8010000000000000000000002");
        c.ip6.gateway = ip("fe800000000000000000000000000001");
        if (mapGateway) {
            c.ip4.mapHostLoopback = c.ip4.gateway;
            c.ip6.mapHostLoopback = c.ip6.gateway;
        }
        return c;
    }

    private static NeighbourMacs macs(Configuration c) {
        return NeighbourMacs.forConfiguration(c, new AddressMapping(c), OUR);
    }

    @Test
    void lanNeighboursGetTheirMacAndTheRestOurs() {
        NeighbourMacs m = macs(config(true));
        assertEquals(OUR, m.macFor4(0xc6336407), "empty table");
        assertEquals(NeighbourMacs.Learnt.NEW_MAC, m.learn(ip("c6336407"), LAN));
        assertEquals(NeighbourMacs.Learnt.NOTHING, m.learn(ip("c6336407"), LAN), "no change, no announcement");
        assertEquals(LAN, m.macFor4(0xc6336407));
        assertEquals(OUR, m.macFor4(0xcb00710a), "not a neighbour, and the gateway is ours");
        assertEquals(NeighbourMacs.Learnt.FORGOTTEN, m.learn(ip("c6336407"), -1));
        assertEquals(OUR, m.macFor4(0xc6336407));
    }

    /** After lost notifications, a neighbour the re-read no longer lists is forgotten; one it lists stays. */
    @Test
    void resyncForgetsNeighboursThatWentAwayUnseen() {
        NeighbourMacs m = macs(config(true));
        m.learn(ip("c6336407"), LAN);
        m.learn(ip("20010db8010000000000000000000007"), LAN + 1);
        m.learn(ip("c6336408"), LAN + 2);
        m.beginResync();
        m.learn(ip("c6336407"), LAN);
        assertEquals(2, m.endResync());
        assertEquals(LAN, m.macFor4(0xc6336407));
        assertEquals(OUR, m.macFor4(0xc6336408));
        assertEquals(OUR, m.macFor6(0x20010db801000000L, 7L));
        assertEquals(1, m.size());
    }

    @Test
    void translatedAndOwnAddressesAreNeverLearnt() {
        NeighbourMacs m = macs(config(true));
        assertEquals(NeighbourMacs.Learnt.NOTHING, m.learn(ip("c6336401"), GW), "map-host-loopback (gateway)");
        assertEquals(NeighbourMacs.Learnt.NOTHING, m.learn(ip("fe800000000000000000000000000001"), GW));
        assertEquals(NeighbourMacs.Learnt.NOTHING, m.learn(ip("c6336402"), LAN), "the guest's own address");
        assertEquals(NeighbourMacs.Learnt.NOTHING, m.learn(ip("7f000001"), LAN));
        assertEquals(NeighbourMacs.Learnt.NOTHING, m.learn(ip("00000000000000000000000000000001"), LAN));
        assertEquals(0, m.size());
    }

    @Test
    void withoutGatewayMappingTheGatewaysMacStandsForEveryoneElse() {
        NeighbourMacs m = macs(config(false));
        assertEquals(NeighbourMacs.Learnt.NEW_MAC, m.learn(ip("c6336401"), GW));
        assertEquals(GW, m.macFor4(0xc6336401));
        assertEquals(GW, m.macFor4(0xcb00710a), "beyond the gateway");
        assertEquals(OUR, m.macFor6(0x20010db802030000L, 0x10), "no IPv6 gateway entry");
        m.learn(ip("fe800000000000000000000000000001"), GW + 1);
        assertEquals(GW + 1, m.macFor6(0x20010db802030000L, 0x10));
    }

    @Test
    void sourceMacReadsTheFramesSourceAddress() {
        NeighbourMacs m = macs(config(true));
        m.learn(ip("c6336407"), LAN);
        m.learn(ip("20010db8010000000000000000000007"), LAN + 1);
        ByteBuffer frame = ByteBuffer.allocate(100);
        int l3 = EthernetFrame.HEADER_LENGTH;
        frame.putInt(l3 + 12, 0xc6336407);
        assertEquals(LAN, m.sourceMac(frame, l3, EthernetFrame.ETHERTYPE_IPV4));
        frame.putLong(l3 + 8, 0x20010db801000000L).putLong(l3 + 16, 7);
        assertEquals(LAN + 1, m.sourceMac(frame, l3, EthernetFrame.ETHERTYPE_IPV6));
        assertEquals(OUR, m.sourceMac(frame, l3, EthernetFrame.ETHERTYPE_ARP));
    }
}
