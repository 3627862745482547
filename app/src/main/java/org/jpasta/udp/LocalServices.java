package org.jpasta.udp;

import org.jpasta.config.Configuration;
import org.jpasta.dhcp.DhcpOptionsTable;
import org.jpasta.dhcp.DhcpServer;
import org.jpasta.dhcpv6.Dhcpv6Server;
import org.jpasta.flow.AddressMapping;
import org.jpasta.tap.DropCounters;
import org.jpasta.tap.TapOutput;

import java.util.ArrayList;
import java.util.List;

/**
 * Which local UDP services run, per pasta's rules: DHCP needs IPv4 with an address and a gateway, DHCPv6 an
 * IPv6 address and our link-local one. With {@code --no-dhcp} / {@code --no-dhcpv6} datagrams to the
 * service port are still consumed (dropped), as in pasta, never forwarded to the host. DNS servers go out
 * only with {@code --dhcp-dns}, the search list only with {@code --dhcp-search}.
 */
final class LocalServices {
    /** Consumes datagrams for a disabled service. */
    private static final LocalUdpService DISCARD = new LocalUdpService() { };

    private LocalServices() {}

    static LocalUdpService dhcp(Configuration c, TapOutput out, DropCounters drops) {
        if (!c.ip4.enabled || c.ip4.address == null || c.ip4.gateway == null) {
            return null;
        }
        if (c.noDhcp) {
            return DISCARD;
        }
        List<Integer> dns = new ArrayList<>();
        if (c.dhcpDns) {
            c.dns.stream().filter(a -> a.length == 4).forEach(a -> dns.add(AddressMapping.int4(a)));
        }
        DhcpOptionsTable options = new DhcpOptionsTable(AddressMapping.int4(c.ip4.address), c.ip4.prefixLength,
                AddressMapping.int4(c.ip4.gateway), c.mtu, dns, c.hostname, c.fqdn,
                c.dhcpSearch ? c.dnsSearch : List.of());
        return new DhcpServer(options, AddressMapping.int4(c.ip4.address), AddressMapping.int4(c.ip4.gateway), out,
                drops);
    }

    static LocalUdpService dhcpv6(Configuration c, TapOutput out, DropCounters drops) {
        if (!c.ip6.enabled || c.ip6.address == null || c.ip6.ourLinkLocal == null) {
            return null;
        }
        if (c.noDhcpv6) {
            return DISCARD;
        }
        List<byte[]> dns = c.dhcpDns ? c.dns.stream().filter(a -> a.length == 16).toList() : List.of();
        return new Dhcpv6Server(c.ip6.address, c.ip6.ourLinkLocal, out.ourMac(), dns,
                c.dhcpSearch ? c.dnsSearch : List.of(), c.fqdn, out, drops);
    }
}
