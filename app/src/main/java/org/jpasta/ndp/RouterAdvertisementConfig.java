package org.jpasta.ndp;

import java.util.List;
import org.jpasta.wire.Ipv6Address;
import org.jpasta.wire.NdpOptions;

/**
 * What pasta advertises in a router advertisement.
 *
 * <h2>Theory of operation</h2>
 * pasta derives the advertised /64 from the guest's address, so {@code prefix} may simply be
 * that address: only its first 64 bits are used. The DNS lists correspond to pasta's
 * {@code --dhcp-dns}/{@code --dhcp-search}; empty lists leave the RDNSS and DNSSL options out.
 * Limits that the option encodings impose are checked here, once, so that building an
 * advertisement cannot fail.
 *
 * @param prefix        the guest's address or its /64 prefix
 * @param mtu           advertised link MTU, or 0 to send no MTU option
 * @param dnsServers    recursive DNS servers (RDNSS), possibly empty
 * @param searchDomains DNS search list (DNSSL), possibly empty
 */
public record RouterAdvertisementConfig(Ipv6Address prefix, int mtu, List<Ipv6Address> dnsServers,
        List<String> searchDomains) {

    /** The RDNSS length octet counts 8-octet units: 1 + 2 per address must stay below 256. */
    public static final int MAXIMUM_DNS_SERVERS = 127;

    public RouterAdvertisementConfig {
        if (prefix == null) {
            throw new IllegalArgumentException("a router advertisement needs a prefix");
        }
        if (mtu < 0) {
            throw new IllegalArgumentException("negative MTU " + mtu);
        }
        dnsServers = List.copyOf(dnsServers);
        searchDomains = List.copyOf(searchDomains);
        if (dnsServers.size() > MAXIMUM_DNS_SERVERS) {
            throw new IllegalArgumentException("at most " + MAXIMUM_DNS_SERVERS + " DNS servers fit an RDNSS option");
        }
        int namesLength = DnsSearchList.encode(searchDomains).length;
        if (NdpOptions.DNS_OPTION_HEADER_LENGTH + namesLength + NdpOptions.UNIT - 1 > 255 * NdpOptions.UNIT) {
            throw new IllegalArgumentException("search list too long for a DNSSL option");
        }
    }

    /** A configuration without MTU, DNS servers or search list. */
    public static RouterAdvertisementConfig of(Ipv6Address prefix) {
        return new RouterAdvertisementConfig(prefix, 0, List.of(), List.of());
    }
}
