package org.jpasta.config;

import org.jpasta.flow.AddressMapping;
import org.jpasta.log.Log;
import org.jpasta.sys.LibC;
import org.jpasta.sys.SysException;
import org.jpasta.sys.netlink.RtNetlink;
import org.jpasta.wire.Ipv6Address;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Completes a {@link Configuration} from the host's interfaces, addresses and routes (pasta's
 * {@code conf_ip4()} / {@code conf_ip6()}). Must run on a thread in the host's network namespace.
 */
public final class HostNetwork {
    private static final byte[] LOCAL4_ADDRESS = {(byte) 169, (byte) 254, 2, 1};
    private static final byte[] LOCAL4_GATEWAY = {(byte) 169, (byte) 254, 2, 2};
    private static final int LOCAL4_PREFIX = 16;
    private static final byte[] LOCAL6_GATEWAY = parse("fe80::1");

    private final RtNetlink nl;

    public HostNetwork(RtNetlink hostNetlink) {
        this.nl = hostNetlink;
    }

    /** Fills in template interface, addresses, gateways and the namespace interface name. */
    public void resolve(Configuration c) throws SysException {
        if (c.spliceOnly) {
            resolveSpliceOnly(c);
            return;
        }
        List<RtNetlink.Link> links = nl.links();
        resolveFamily(c, c.ip4, LibC.AF_INET, links);
        resolveFamily(c, c.ip6, LibC.AF_INET6, links);
        if (c.templateIfname == null) {
            c.templateIfname = c.ip4.templateIf != null ? c.ip4.templateIf : c.ip6.templateIf;
        }
        if (c.nsIfname == null) {
            c.nsIfname = c.templateIfname != null ? c.templateIfname : "tap0";
        }
    }

    /**
     * {@code --splice-only}: no tap, so nothing to copy. pasta skips {@code conf_ip4()} / {@code conf_ip6()} and
     * local mode: no template interface, no guest address or gateway (hence no DHCP, DHCPv6, NDP, RA and no
     * map-host-loopback address), both IP versions stay on for the loopback paths unless -4 / -6.
     */
    private static void resolveSpliceOnly(Configuration c) {
        c.noDhcp = true;
        c.noDhcpv6 = true;
        c.noNdp = true;
        c.noRa = true;
        if (c.nsIfname == null) {
            c.nsIfname = "tap0";
        }
    }

    private void resolveFamily(Configuration c, Configuration.Family f, int af, List<RtNetlink.Link> links)
            throws SysException {
        if (!f.enabled) {
            return;
        }
        List<RtNetlink.Route> routes = nl.routes(af);
        int index = templateIndex(c.templateIfname, routes, links);
        if (index == 0) {
            enterLocalMode(c, f);
            return;
        }
        f.templateIndex = index;
        f.templateIf = nameOf(index, links);
        List<RtNetlink.Address> addrs = nl.addresses(af, index);
        f.hostAddresses = copyable(addrs);
        f.hostRoutes = routesOn(routes, index);
        f.address = f.userAddress != null ? f.userAddress : mostSpecificGlobal(addrs);
        f.prefixLength = prefixFor(f, addrs);
        f.gateway = f.userGateway != null ? f.userGateway : defaultGateway(routes, index);
        if (f.userAddress != null) {
            f.copyAddresses = false;
        }
        if (f.userGateway != null) {
            f.copyRoutes = false;
        }
        if (f.version == 6) {
            f.ourLinkLocal = isLinkLocal6(f.gateway) ? f.gateway : linkLocal(addrs);
            if (f.ourLinkLocal == null) {
                f.ourLinkLocal = LOCAL6_GATEWAY;
            }
        }
        if (f.address == null) {
            if (f.version == 4) {
                enterLocalMode(c, f);
            } else {
                Log.debug("IPv6: no usable address on template interface, disabling");
                f.enabled = false;
            }
            return;
        }
        if (f.gateway == null && f.version == 4) {
            Log.debug("IPv4: no default gateway on the template interface");
        }
        if (!c.noMapGw && f.mapHostLoopback == null) {
            f.mapHostLoopback = f.gateway;
        }
    }

    private static void enterLocalMode(Configuration c, Configuration.Family f) {
        if (f.version == 4) {
            Log.info("IPv4: no external interface as template, use local mode");
            f.localMode = true;
            f.address = f.userAddress != null ? f.userAddress : LOCAL4_ADDRESS;
            f.prefixLength = f.userPrefixLength >= 0 ? f.userPrefixLength : LOCAL4_PREFIX;
            f.gateway = f.userGateway != null ? f.userGateway : LOCAL4_GATEWAY;
        } else {
            Log.info("IPv6: no external interface as template, use local mode");
            f.localMode = true;
            f.address = f.userAddress;
            f.prefixLength = 64;
            f.gateway = f.userGateway != null ? f.userGateway : LOCAL6_GATEWAY;
            f.ourLinkLocal = LOCAL6_GATEWAY;
        }
        f.copyAddresses = false;
        f.copyRoutes = false;
        if (!c.noMapGw && f.mapHostLoopback == null) {
            f.mapHostLoopback = f.gateway;
        }
    }

    /** -i, else the interface of the first default route, else the only interface with any route. */
    private static int templateIndex(String requested, List<RtNetlink.Route> routes, List<RtNetlink.Link> links) {
        if (requested != null) {
            for (RtNetlink.Link l : links) {
                if (l.name().equals(requested)) {
                    return l.index();
                }
            }
            return 0;
        }
        for (RtNetlink.Route r : routes) {
            if (r.isDefault() && r.oif() != 0 && r.type() == RtNetlink.RTN_UNICAST) {
                return r.oif();
            }
        }
        int only = 0;
        for (RtNetlink.Route r : routes) {
            if (r.oif() == 0 || isLoopback(r.oif(), links)) {
                continue;
            }
            if (only != 0 && only != r.oif()) {
                return 0;
            }
            only = r.oif();
        }
        return only;
    }

    private static boolean isLoopback(int index, List<RtNetlink.Link> links) {
        for (RtNetlink.Link l : links) {
            if (l.index() == index) {
                return (l.flags() & RtNetlink.IFF_LOOPBACK) != 0;
            }
        }
        return false;
    }

    private static String nameOf(int index, List<RtNetlink.Link> links) {
        for (RtNetlink.Link l : links) {
            if (l.index() == index) {
                return l.name();
            }
        }
        return null;
    }

    /** Addresses pasta copies: not link-local scope, not deprecated. */
    private static List<RtNetlink.Address> copyable(List<RtNetlink.Address> addrs) {
        List<RtNetlink.Address> out = new ArrayList<>();
        for (RtNetlink.Address a : addrs) {
            if (a.scope() < RtNetlink.RT_SCOPE_LINK && !a.isDeprecated()) {
                out.add(a);
            }
        }
        return List.copyOf(out);
    }

    private static List<RtNetlink.Route> routesOn(List<RtNetlink.Route> routes, int index) {
        List<RtNetlink.Route> out = new ArrayList<>();
        for (RtNetlink.Route r : routes) {
            if (r.oif() == index && !r.isMultipath()) {
                out.add(r);
            }
        }
        return List.copyOf(out);
    }

    /** The global address with the longest prefix: pasta's "most specific" choice. */
    private static byte[] mostSpecificGlobal(List<RtNetlink.Address> addrs) {
        RtNetlink.Address best = null;
        for (RtNetlink.Address a : addrs) {
            if (a.scope() != RtNetlink.RT_SCOPE_UNIVERSE || a.isDeprecated()) {
                continue;
            }
            if (best == null || a.prefixLength() > best.prefixLength()) {
                best = a;
            }
        }
        return best == null ? null : best.local();
    }

    private static int prefixFor(Configuration.Family f, List<RtNetlink.Address> addrs) {
        if (f.version == 6) {
            return 64;
        }
        if (f.userPrefixLength >= 0) {
            return f.userPrefixLength;
        }
        for (RtNetlink.Address a : addrs) {
            if (java.util.Arrays.equals(a.local(), f.address)) {
                return a.prefixLength();
            }
        }
        return 32;
    }

    private static byte[] defaultGateway(List<RtNetlink.Route> routes, int index) {
        for (RtNetlink.Route r : routes) {
            if (r.isDefault() && r.oif() == index && r.gateway() != null) {
                return r.gateway();
            }
        }
        return null;
    }

    private static byte[] linkLocal(List<RtNetlink.Address> addrs) {
        for (RtNetlink.Address a : addrs) {
            if (a.scope() == RtNetlink.RT_SCOPE_LINK && isLinkLocal6(a.local())) {
                return a.local();
            }
        }
        return null;
    }

    static boolean isLinkLocal6(byte[] a) {
        return a != null && a.length == 16 && Ipv6Address.isLinkLocal(AddressMapping.hi(a));
    }

    private static byte[] parse(String s) {
        try {
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
