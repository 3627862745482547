package org.jpasta.it.iproute;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One interface as reported by {@code ip -j addr}: name, type, MTU, flags and addresses.
 *
 * <p>The tests compare what the namespace sees with what pasta promises (same name as the host template,
 * MTU 65520, host addresses), so they work on parsed values rather than on text matching.
 */
public record IpLink(String name, String linkType, int mtu, List<String> flags, List<IpAddress> addresses) {

    /** Parses the whole output of {@code ip -j addr} (or {@code ip -j link}). */
    public static List<IpLink> listFrom(String ipJsonOutput) {
        List<IpLink> links = new ArrayList<>();
        for (Object entry : (List<?>) Json.parse(ipJsonOutput)) {
            links.add(from((Map<?, ?>) entry));
        }
        return links;
    }

    /** The interface with this name, if the output contains it. */
    public static Optional<IpLink> named(List<IpLink> links, String name) {
        return links.stream().filter(link -> link.name().equals(name)).findFirst();
    }

    private static IpLink from(Map<?, ?> json) {
        List<IpAddress> addresses = new ArrayList<>();
        Object addrInfo = json.get("addr_info");
        if (addrInfo instanceof List<?> list) {
            for (Object address : list) {
                addresses.add(IpAddress.from((Map<?, ?>) address));
            }
        }
        List<String> flags = new ArrayList<>();
        for (Object flag : (List<?>) json.get("flags")) {
            flags.add((String) flag);
        }
        return new IpLink((String) json.get("ifname"), (String) json.get("link_type"),
                ((Number) json.get("mtu")).intValue(), flags, addresses);
    }

    public boolean isUp() {
        return flags.contains("UP");
    }

    public boolean isEthernet() {
        return "ether".equals(linkType);
    }

    /** Whether an address {@code ADDR/PLEN} is configured on this interface. */
    public boolean hasAddress(String cidr) {
        return addresses.stream().anyMatch(address -> address.cidr().equals(cidr));
    }
}
