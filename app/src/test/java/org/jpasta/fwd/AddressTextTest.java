package org.jpasta.fwd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** inet_pton()/inet_ntop() semantics. */
class AddressTextTest {
    @ParameterizedTest
    @CsvSource({"0.0.0.0", "127.0.0.1", "192.0.2.1", "255.255.255.255", "10.0.0.0"})
    void ipv4RoundTrip(String text) {
        assertEquals(text, AddressText.format(AddressText.parseIpv4(text)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.256", "1.2.3.4.", ".1.2.3", "1..2.3",
        " 1.2.3.4", "1.2.3.4 ", "0x1.2.3.4", "::1"})
    void ipv4Refused(String text) {
        assertNull(AddressText.parseIpv4(text));
    }

    @ParameterizedTest
    @CsvSource({
        "::, ::",
        "::1, ::1",
        "2001:db8::1, 2001:db8::1",
        "2001:DB8:0:0:0:0:0:1, 2001:db8::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "0:0:1:0:0:0:1:0, 0:0:1::1:0",
        "fe80::, fe80::",
        "1:0:2:3:4:5:6:7, 1:0:2:3:4:5:6:7",
        "::ffff:1.2.3.4, ::ffff:1.2.3.4",
        "::1.2.3.4, ::1.2.3.4",
        "::ffff:0102:0304, ::ffff:1.2.3.4",
        "1::1.2.3.4, 1::102:304",
        "0000:0000:0000:0000:0000:0000:0000:0001, ::1",
        "fd00::a:b, fd00::a:b",
        "1:2:3:4:5:6:7::, 1:2:3:4:5:6:7:0",
        "::1:2:3:4:5:6:7, 0:1:2:3:4:5:6:7",
        "1:2:3:4:5:6:1.2.3.4, 1:2:3:4:5:6:102:304"})
    void ipv6Canonical(String text, String canonical) {
        assertEquals(canonical, AddressText.format(AddressText.parseIpv6(text)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":", ":::", "1:::2", "1::2::3", "12345::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7",
        "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8", "fe80::1%eth0", "[::1]", "::1.2.3", "::1.2.3.04", "1:", "g::",
        "1:2:3:4:5:6:1.2.3.4:1", "1.2.3.4", "1:2:3:4:5:6:7:1.2.3.4"})
    void ipv6Refused(String text) {
        assertNull(AddressText.parseIpv6(text));
    }

    @Test
    void parsedIpv6KeepsMappedFormUntilUnmapped() {
        Inet6Address mapped = AddressText.parseIpv6("::ffff:10.0.0.1");
        assertInstanceOf(Inet6Address.class, mapped);
        assertTrue(AddressKind.isIpv4Mapped(mapped));
        assertInstanceOf(Inet4Address.class, AddressText.unmapIpv4(mapped));
        assertEquals("10.0.0.1", AddressText.format(AddressText.unmapIpv4(mapped)));
    }

    @Test
    void addressKinds() {
        assertTrue(AddressKind.isLoopback(AddressText.parseIpv4("127.255.0.1")));
        assertTrue(AddressKind.isMulticast(AddressText.parseIpv4("239.1.1.1")));
        assertTrue(AddressKind.isBroadcast(AddressText.parseIpv4("255.255.255.255")));
        assertTrue(AddressKind.isIpv4Compatible(AddressText.parseIpv6("::1.2.3.4")));
        assertTrue(!AddressKind.isIpv4Compatible(AddressText.parseIpv6("::1")));
        assertTrue(AddressKind.isLinkLocalIpv6(AddressText.parseIpv6("fe80::1")));
        assertEquals(32, AddressKind.classfulPrefixLength(AddressText.parseIpv4("240.0.0.1")));
    }
}
