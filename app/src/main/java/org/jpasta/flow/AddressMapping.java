package org.jpasta.flow;

import org.jpasta.config.Configuration;
import org.jpasta.sys.SocketAddresses;
import org.jpasta.wire.Ipv6Address;

import java.util.Arrays;

/** Address translation between guest and host; see the package documentation. Immutable. */
public final class AddressMapping {
    /** DNS (53) and DNS over TLS (853): the ports pasta's {@code is_dns_flow()} sends to the DNS host. */
    public static final int DNS_PORT = 53, DNS_OVER_TLS_PORT = 853;
    private static final int LOOPBACK4 = 0x7f000001;
    private static final byte[] LOOPBACK4_BYTES = {127, 0, 0, 1};
    private static final byte[] LOOPBACK6_BYTES = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

    private final Configuration config;
    private final boolean hasHostLoopback4, hasGuestAddr4, hasDnsForward4;
    private final int hostLoopback4, guestAddr4, dnsForward4, guest4, gateway4;
    private final boolean hasHostLoopback6, hasGuestAddr6, hasDnsForward6;
    private final long hostLoopback6Hi, hostLoopback6Lo, guestAddr6Hi, guestAddr6Lo, dnsForward6Hi, dnsForward6Lo;
    private final long guest6Hi, guest6Lo, ourLl6Hi, ourLl6Lo;

    public AddressMapping(Configuration c) {
        this.config = c;
        hasHostLoopback4 = c.ip4.mapHostLoopback != null;
        hostLoopback4 = int4(c.ip4.mapHostLoopback);
        hasGuestAddr4 = c.ip4.mapGuestAddr != null;
        guestAddr4 = int4(c.ip4.mapGuestAddr);
        hasDnsForward4 = c.dnsForward4 != null && c.dnsHost4 != null;
        dnsForward4 = int4(c.dnsForward4);
        guest4 = int4(c.ip4.address);
        gateway4 = int4(c.ip4.gateway);
        hasHostLoopback6 = c.ip6.mapHostLoopback != null;
        hostLoopback6Hi = hi(c.ip6.mapHostLoopback);
        hostLoopback6Lo = lo(c.ip6.mapHostLoopback);
        hasGuestAddr6 = c.ip6.mapGuestAddr != null;
        guestAddr6Hi = hi(c.ip6.mapGuestAddr);
        guestAddr6Lo = lo(c.ip6.mapGuestAddr);
        hasDnsForward6 = c.dnsForward6 != null && c.dnsHost6 != null;
        dnsForward6Hi = hi(c.dnsForward6);
        dnsForward6Lo = lo(c.dnsForward6);
        guest6Hi = hi(c.ip6.address);
        guest6Lo = lo(c.ip6.address);
        ourLl6Hi = hi(c.ip6.ourLinkLocal);
        ourLl6Lo = lo(c.ip6.ourLinkLocal);
    }

    // ------------------------------------------------------------------ outbound (guest -> host)

    /**
     * The host-side socket address for a guest packet to {@code dst:port} (IPv4, network-order int).
     * Allocates: call when a flow is created, not per packet.
     */
    public byte[] outboundTarget4(int dst, int port) {
        if (hasDnsForward4 && dst == dnsForward4 && isDnsPort(port)) {
            return SocketAddresses.ipv4(config.dnsHost4, port);
        }
        if (hasHostLoopback4 && dst == hostLoopback4) {
            return SocketAddresses.ipv4(LOOPBACK4_BYTES, port);
        }
        if (hasGuestAddr4 && dst == guestAddr4) {
            return SocketAddresses.ipv4(config.ip4.address, port);
        }
        return SocketAddresses.ipv4(bytes4(dst), port);
    }

    /** As {@link #outboundTarget4} for IPv6. */
    public byte[] outboundTarget6(long dstHi, long dstLo, int port, int scopeId) {
        if (hasDnsForward6 && dstHi == dnsForward6Hi && dstLo == dnsForward6Lo && isDnsPort(port)) {
            return SocketAddresses.ipv6(config.dnsHost6, port, 0);
        }
        if (hasHostLoopback6 && dstHi == hostLoopback6Hi && dstLo == hostLoopback6Lo) {
            return SocketAddresses.ipv6(LOOPBACK6_BYTES, port, 0);
        }
        if (hasGuestAddr6 && dstHi == guestAddr6Hi && dstLo == guestAddr6Lo) {
            return SocketAddresses.ipv6(config.ip6.address, port, 0);
        }
        return SocketAddresses.ipv6(bytes6(dstHi, dstLo), port, Ipv6Address.isLinkLocal(dstHi) ? scopeId : 0);
    }

    /** Whether a guest packet to this address reaches the host's loopback (the splice-eligible case). */
    public boolean isHostLoopback4(int dst) {
        return hasHostLoopback4 && dst == hostLoopback4;
    }

    public boolean isHostLoopback6(long hi, long lo) {
        return hasHostLoopback6 && hi == hostLoopback6Hi && lo == hostLoopback6Lo;
    }

    // ------------------------------------------------------------------ inbound (host -> guest)

    /**
     * The source address the guest sees for a host-side peer {@code src} (IPv4): loopback appears as the
     * map-host-loopback address, the host's own address as the map-guest-addr address; other addresses the
     * guest could not reach by their real value (unspecified, loopback, its own) appear as the gateway.
     */
    public int inboundSource4(int src) {
        if (src == LOOPBACK4 && hasHostLoopback4) {
            return hostLoopback4;
        }
        if (src == guest4 && hasGuestAddr4) {
            return guestAddr4;
        }
        if (!guestAccessible4(src)) {
            return gateway4;
        }
        return src;
    }

    /**
     * Whether the guest could reach {@code a} by its real value (pasta's {@code fwd_guest_accessible4()}): not
     * unspecified, not loopback, not the guest's own address.
     */
    public boolean guestAccessible4(int a) {
        return a != 0 && (a >>> 24) != 127 && a != guest4;
    }

    /** As {@link #guestAccessible4}: not {@code ::}, not {@code ::1}, not the guest's own address. */
    public boolean guestAccessible6(long hi, long lo) {
        return !(hi == 0 && (lo == 0 || lo == 1)) && !(hi == guest6Hi && lo == guest6Lo);
    }

    /** Whether {@code a} is the {@code --map-guest-addr} address, which stands for the host's own address. */
    public boolean isGuestAddrMapping4(int a) {
        return hasGuestAddr4 && a == guestAddr4;
    }

    public boolean isGuestAddrMapping6(long hi, long lo) {
        return hasGuestAddr6 && hi == guestAddr6Hi && lo == guestAddr6Lo;
    }

    /** High half of the guest-visible source for IPv6 peer {@code (hi, lo)}; see {@link #inboundSource4}. */
    public long inboundSource6Hi(long hi, long lo) {
        return inboundSource6(hi, lo, true);
    }

    /** Low half, see {@link #inboundSource6Hi}. */
    public long inboundSource6Lo(long hi, long lo) {
        return inboundSource6(hi, lo, false);
    }

    private long inboundSource6(long hi, long lo, boolean high) {
        boolean loopback = hi == 0 && lo == 1;
        if (loopback && hasHostLoopback6) {
            return high ? hostLoopback6Hi : hostLoopback6Lo;
        }
        boolean isGuest = hi == guest6Hi && lo == guest6Lo;
        if (isGuest && hasGuestAddr6) {
            return high ? guestAddr6Hi : guestAddr6Lo;
        }
        if (!guestAccessible6(hi, lo)) {
            return high ? ourLl6Hi : ourLl6Lo;
        }
        return high ? hi : lo;
    }

    /** The guest's IPv4 address (network-order int), the default destination of inbound flows. */
    public int guest4() {
        return guest4;
    }

    public long guest6Hi() {
        return guest6Hi;
    }

    public long guest6Lo() {
        return guest6Lo;
    }

    /**
     * Whether a TCP or UDP flow to {@code port} of the {@code --dns-forward} address goes to the DNS host: DNS
     * and DNS over TLS, as in pasta. (The answers need no mapping back: a flow keeps the address the guest used.)
     */
    static boolean isDnsPort(int port) {
        return port == DNS_PORT || port == DNS_OVER_TLS_PORT;
    }

    // ------------------------------------------------------------------ conversions

    public static int int4(byte[] a) {
        if (a == null) {
            return 0;
        }
        return (a[0] & 0xff) << 24 | (a[1] & 0xff) << 16 | (a[2] & 0xff) << 8 | (a[3] & 0xff);
    }

    public static long hi(byte[] a) {
        return a == null ? 0 : word(a, 0);
    }

    public static long lo(byte[] a) {
        return a == null ? 0 : word(a, 8);
    }

    private static long word(byte[] a, int from) {
        long v = 0;
        for (int i = from; i < from + 8; i++) {
            v = v << 8 | (a[i] & 0xff);
        }
        return v;
    }

    public static byte[] bytes4(int a) {
        return new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a};
    }

    public static byte[] bytes6(long hi, long lo) {
        byte[] a = new byte[16];
        for (int i = 0; i < 8; i++) {
            a[i] = (byte) (hi >>> (56 - 8 * i));
            a[8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        return a;
    }

    @Override
    public String toString() {
        return "AddressMapping[loopback4=" + hasHostLoopback4 + ", guestAddr4=" + hasGuestAddr4
                + ", dns4=" + hasDnsForward4 + ", guest=" + Arrays.toString(config.ip4.address) + "]";
    }
}
