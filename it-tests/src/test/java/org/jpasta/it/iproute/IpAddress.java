package org.jpasta.it.iproute;

import java.util.Map;

/**
 * One entry of an interface's {@code addr_info} in {@code ip -j addr}: the fields the tests assert on.
 *
 * <p>Kept as a plain record so that assertion messages print the whole address as the kernel reported it.
 */
public record IpAddress(String family, String local, int prefixLength, String scope, boolean tentative,
        boolean nodad) {

    static IpAddress from(Map<?, ?> json) {
        return new IpAddress(
                (String) json.get("family"),
                (String) json.get("local"),
                ((Number) json.get("prefixlen")).intValue(),
                (String) json.get("scope"),
                Boolean.TRUE.equals(json.get("tentative")),
                Boolean.TRUE.equals(json.get("nodad")));
    }

    /** The address in {@code ADDR/PLEN} notation, as {@code ip addr} prints it. */
    public String cidr() {
        return local + "/" + prefixLength;
    }
}
