package org.jpasta.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class AddressTest {

    @Test
    void macFormatAndParse() {
        assertEquals("9a:55:9a:55:9a:55", MacAddress.format(MacAddress.PASTA_DEFAULT));
        assertEquals(0x46e07a3b1c01L, MacAddress.parse("46:E0:7a:3b:1c:01"));
        assertEquals(0x0102030405L, MacAddress.parse("00-01-02-03-04-05"));
        assertEquals("00:01:02:03:04:05", MacAddress.format(0x0102030405L));
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("1:2:3:4:5"));
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("01:02:03:04:05:zz"));
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("01:02:03:04:05:100"));
    }

    @Test
    void macReadWriteAndGroupBit() {
        ByteBuffer buf = ByteBuffer.allocateDirect(9);
        MacAddress.write(buf, 3, 0x9a559a559a55L);
        assertEquals(0x9a559a559a55L, MacAddress.read(buf, 3));
        assertTrue(MacAddress.isGroup(MacAddress.BROADCAST));
        assertTrue(MacAddress.isGroup(0x3333ff000001L));
        assertFalse(MacAddress.isGroup(MacAddress.PASTA_DEFAULT));
    }

    @Test
    void ipv4FormatAndParse() {
        assertEquals(0xc0000201, Ipv4Address.parse("192.0.2.1"));
        assertEquals("192.0.2.1", Ipv4Address.format(0xc0000201));
        assertEquals("255.255.255.255", Ipv4Address.format(Ipv4Address.BROADCAST));
        assertTrue(Ipv4Address.isLoopback(Ipv4Address.parse("127.0.0.53")));
        assertTrue(Ipv4Address.isMulticast(Ipv4Address.parse("224.0.0.251")));
        assertEquals(0xc0000201, Ipv4Address.fromInetAddress(Ipv4Address.toInetAddress(0xc0000201)));
        assertThrows(IllegalArgumentException.class, () -> Ipv4Address.parse("192.0.2"));
        assertThrows(IllegalArgumentException.class, () -> Ipv4Address.parse("192.0.2.256"));
        assertThrows(IllegalArgumentException.class, () -> Ipv4Address.parse("192.0.2.-1"));
        assertThrows(IllegalArgumentException.class, () -> Ipv4Address.parse("example.com"));
    }

    @Test
    void ipv6FormatAndParse() {
        Ipv6Address linkLocal = Ipv6Address.parse("fe80::44e0:7aff:fe3b:1c01");
        assertEquals(0xfe80000000000000L, linkLocal.hi());
        assertEquals(0x44e07afffe3b1c01L, linkLocal.lo());
        assertEquals("fe80::44e0:7aff:fe3b:1c01", linkLocal.toString());
        assertTrue(linkLocal.isLinkLocal());
        assertEquals("::", Ipv6Address.UNSPECIFIED.toString());
        assertEquals("ff02::1", Ipv6Address.ALL_NODES.toString());
        assertEquals("2001:db8::1:0:0:1", Ipv6Address.parse("2001:db8:0:0:1:0:0:1").toString());
        assertEquals("2001:db8:0:1:1:1:1:1", Ipv6Address.parse("2001:db8:0:1:1:1:1:1").toString());
        assertEquals("::1", Ipv6Address.parse("::1").toString());
        assertEquals("2001:db8:1::", Ipv6Address.parse("2001:db8:1::2").prefix64().toString());
        assertEquals(linkLocal, Ipv6Address.fromOctets(linkLocal.toOctets()));
        assertEquals(linkLocal, Ipv6Address.fromOctets(linkLocal.toInetAddress().getAddress()));
        assertThrows(IllegalArgumentException.class, () -> Ipv6Address.parse("192.0.2.1"));
        assertThrows(IllegalArgumentException.class, () -> Ipv6Address.parse("fe80::1%eth0"));
        assertThrows(IllegalArgumentException.class, () -> Ipv6Address.parse("fe80:::1"));
    }

    @Test
    void ipv6Predicates() {
        assertTrue(Ipv6Address.isLoopback(0, 1));
        assertTrue(Ipv6Address.isMulticast(0xff02000000000000L));
        assertFalse(Ipv6Address.isLinkLocal(0xfec0000000000000L));
        assertTrue(Ipv6Address.isLinkLocal(0xfebf000000000000L));
    }
}
