package org.jpasta.dns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.jpasta.config.Configuration;
import org.junit.jupiter.api.Test;

/** resolv.conf parsing and pasta's rules for --dns-host, advertised resolvers and loopback resolvers. */
class DnsDefaultsTest {
    private static final byte[] GW4 = {(byte) 198, 51, 100, 1};

    private static Configuration config() {
        Configuration c = new Configuration();
        c.ip4.mapHostLoopback = GW4;
        c.ip6.enabled = false;
        return c;
    }

    @Test
    void parsesNameserversWithZonesAndTheFirstSearchLine() {
        ResolvConf r = ResolvConf.parse("# comment\nnameserver 192.0.2.1\nnameserver fe80::1%eth0\n"
                + "nameserver not-an-address\nsearch a.example b.example\nsearch c.example\n nameserver 1.1.1.1\n");
        assertEquals(2, r.nameservers().size());
        assertEquals("/192.0.2.1", r.nameservers().get(0).toString());
        assertEquals(List.of("a.example", "b.example"), r.search());
    }

    @Test
    void firstNameserverBecomesDnsHostAndIsAdvertised() {
        Configuration c = config();
        DnsDefaults.apply(c, ResolvConf.parse("nameserver 192.0.2.1\nnameserver 192.0.2.2\nsearch x.example\n"));
        assertArrayEquals(new byte[] {(byte) 192, 0, 2, 1}, c.dnsHost4);
        assertEquals(2, c.dns.size());
        assertNull(c.dnsForward4);
        assertEquals(List.of("x.example"), c.dnsSearch);
    }

    @Test
    void loopbackResolverIsAdvertisedAsTheGatewayAndForwarded() {
        Configuration c = config();
        DnsDefaults.apply(c, ResolvConf.parse("nameserver 127.0.0.53\n"));
        assertArrayEquals(new byte[] {127, 0, 0, 53}, c.dnsHost4);
        assertArrayEquals(GW4, c.dnsForward4);
        assertArrayEquals(GW4, c.dns.get(0));
    }

    @Test
    void loopbackResolverWithoutMapGatewayIsSkippedWithAWarning() {
        Configuration c = config();
        c.ip4.mapHostLoopback = null;
        List<String> warnings = DnsDefaults.apply(c, ResolvConf.parse("nameserver 127.0.0.53\n"));
        assertEquals(0, c.dns.size());
        assertEquals(List.of("Couldn't get any nameserver address"), warnings);
    }

    @Test
    void explicitOptionsWin() {
        Configuration c = config();
        c.dnsHost4 = new byte[] {9, 9, 9, 9};
        c.dns.add(new byte[] {8, 8, 8, 8});
        c.dnsSearch.add("mine.example");
        DnsDefaults.apply(c, ResolvConf.parse("nameserver 192.0.2.1\nsearch other.example\n"));
        assertArrayEquals(new byte[] {9, 9, 9, 9}, c.dnsHost4);
        assertEquals(1, c.dns.size());
        assertEquals(List.of("mine.example"), c.dnsSearch);
    }

    @Test
    void noneMeansNothingFromResolvConfAndNoWarning() {
        Configuration c = config();
        c.noDns = true;
        c.noDnsSearch = true;
        List<String> warnings = DnsDefaults.apply(c, ResolvConf.parse("nameserver 192.0.2.1\nsearch other.example\n"));
        assertEquals(List.of(), warnings);
        assertNull(c.dnsHost4);
        assertEquals(0, c.dns.size());
        assertEquals(List.of(), c.dnsSearch);
    }
}
