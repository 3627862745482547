package org.jpasta.cli;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-IP-version part of the configuration (pasta's {@code struct ip4_ctx} / {@code ip6_ctx} as far
 * as options fill it in).
 *
 * <p>Theory of operation: most address options take either an IPv4 or an IPv6 address and only touch
 * the settings of that version, with the last one winning per version; grouping them by version keeps
 * that rule visible. {@code null} means "not given": pasta then uses what it detects on the host at run
 * time (template interface address, gateway, resolv.conf), which is not the parser's job. Only the parser
 * (same package) writes the fields.
 */
public final class FamilyOptions {
    /** pasta advertises at most this many DNS servers per IP version ({@code MAXNS}). */
    public static final int MAX_DNS_SERVERS = 3;

    InetAddress address;
    int prefixLength;
    boolean noCopyAddresses;
    boolean noCopyRoutes;
    InetAddress gateway;
    InetAddress outboundAddress;
    String outboundInterface;
    final List<InetAddress> dnsServers = new ArrayList<>();
    InetAddress dnsForward;
    InetAddress dnsHost;
    InetAddress mapHostLoopback;
    InetAddress mapGuestAddress;

    FamilyOptions() {
    }

    /** {@code -a}: the address to assign, or {@code null} to copy the host's. */
    public InetAddress address() {
        return address;
    }

    /**
     * IPv4 only: prefix length from {@code -a ADDR/LEN}, {@code -n}, or the address class when {@code -a}
     * has none; 0 when not given (pasta then takes the host's).
     */
    public int prefixLength() {
        return prefixLength;
    }

    /** Don't copy all host addresses, assign just one ({@code -a}, {@code --no-copy-addrs}). */
    public boolean noCopyAddresses() {
        return noCopyAddresses;
    }

    /** Don't copy all host routes, add just a default route ({@code -g}, {@code --no-copy-routes}). */
    public boolean noCopyRoutes() {
        return noCopyRoutes;
    }

    /** {@code -g}: the gateway to advertise/configure, or {@code null} for the host's. */
    public InetAddress gateway() {
        return gateway;
    }

    /** {@code -o}: source address for outbound sockets, or {@code null}. */
    public InetAddress outboundAddress() {
        return outboundAddress;
    }

    /** {@code --outbound-if4}/{@code --outbound-if6}: interface for outbound sockets, or {@code null}. */
    public String outboundInterface() {
        return outboundInterface;
    }

    /** {@code -D}: DNS servers of this version, at most {@link #MAX_DNS_SERVERS}, in order. */
    public List<InetAddress> dnsServers() {
        return List.copyOf(dnsServers);
    }

    /** {@code --dns-forward}: address whose DNS traffic goes to {@link #dnsHost()}, or {@code null}. */
    public InetAddress dnsForward() {
        return dnsForward;
    }

    /** {@code --dns-host}: the host resolver to send forwarded queries to, or {@code null}. */
    public InetAddress dnsHost() {
        return dnsHost;
    }

    /** {@code --map-host-loopback}: address mapped to the host's loopback, or {@code null} for the default. */
    public InetAddress mapHostLoopback() {
        return mapHostLoopback;
    }

    /** {@code --map-guest-addr}: address mapped to the namespace's address as the host sees it, or {@code null}. */
    public InetAddress mapGuestAddress() {
        return mapGuestAddress;
    }
}
