package org.jpasta.ns;

import org.jpasta.config.Configuration;
import org.jpasta.log.Log;
import org.jpasta.sys.Errno;
import org.jpasta.sys.LibC;
import org.jpasta.sys.SysException;
import org.jpasta.sys.Tun;
import org.jpasta.sys.netlink.RtNetlink;

import java.util.List;

/**
 * Creates the tap in the namespace and, with {@code --config-net}, configures it like the host's template
 * interface (pasta's {@code pasta_ns_conf()}). Runs on the {@link NamespaceThread}.
 *
 * <p>Order matters and follows pasta: {@code lo} up always; the tap's MAC; with {@code --config-net}: MTU,
 * link up with {@code IFF_NOARP} while IPv6 is on (no duplicate address detection on link-up), IPv4
 * addresses and routes, then IPv6: NODAD on the link-local address, NOARP cleared, addresses, routes.
 * Without {@code --config-net} the link stays down: the guest configures itself with DHCP/NDP. With
 * {@code --splice-only} there is no tap: {@code lo} is all the namespace gets.
 */
public final class NamespaceSetup {
    /** Route replay passes, so that routes depending on other routes get in (pasta's {@code nl_route_dup()}). */
    private static final int ROUTE_PASSES = 4;

    /** What the namespace side looks like once set up: no tap at all with {@code --splice-only}. */
    public record Result(Tun.TapDevice tap, int ifindex, byte[] tapMac) {
        static final Result NO_TAP = new Result(null, 0, null);

        public boolean hasTap() {
            return tap != null;
        }
    }

    private NamespaceSetup() {}

    /**
     * Opens and configures the tap; call on the namespace thread. With {@code --splice-only} only {@code lo} is
     * brought up, {@code --config-net} or not (pasta's {@code pasta_ns_conf()} returns there).
     */
    public static Result run(Configuration c) throws SysException {
        try (RtNetlink nl = new RtNetlink()) {
            bringUpLoopback(nl);
            if (c.spliceOnly) {
                return Result.NO_TAP;
            }
            Tun.TapDevice tap = openTap(c.nsIfname);
            RtNetlink.Link link = nl.link(tap.name());
            if (link == null) {
                throw new SysException("Tap device opened but no network interface found", Errno.ENODEV);
            }
            int index = link.index();
            if (c.nsMac != null) {
                nl.setMac(index, c.nsMac);
            }
            byte[] mac = c.nsMac != null ? c.nsMac : link.mac();
            if (c.configNet) {
                configure(c, nl, index);
            }
            return new Result(tap, index, mac);
        }
    }

    private static void bringUpLoopback(RtNetlink nl) throws SysException {
        try {
            nl.setLinkFlags(1, RtNetlink.IFF_UP, 0);
        } catch (SysException e) {
            throw new SysException("Couldn't bring up loopback interface in namespace", e.errno());
        }
    }

    private static Tun.TapDevice openTap(String name) throws SysException {
        try {
            return Tun.openTap(name);
        } catch (SysException e) {
            if (e.call().startsWith("open")) {
                throw new SysException("Failed to open() /dev/net/tun", e.errno());
            }
            throw e;
        }
    }

    private static void configure(Configuration c, RtNetlink nl, int index) throws SysException {
        if (c.mtu != 0) {
            nl.setMtu(index, c.mtu);
        }
        nl.setLinkFlags(index, RtNetlink.IFF_UP | (c.ip6.enabled ? RtNetlink.IFF_NOARP : 0), 0);
        if (c.ip4.enabled) {
            configureFamily(nl, index, c.ip4, "IPv4");
        }
        if (c.ip6.enabled) {
            setLinkLocalNoDad(nl, index);
            nl.setLinkFlags(index, 0, RtNetlink.IFF_NOARP);
            configureFamily(nl, index, c.ip6, "IPv6");
        }
    }

    private static void configureFamily(RtNetlink nl, int index, Configuration.Family f, String name)
            throws SysException {
        try {
            addAddresses(nl, index, f);
        } catch (SysException e) {
            throw new SysException("Couldn't set " + name + " address(es) in namespace", e.errno());
        }
        try {
            addRoutes(nl, index, f);
        } catch (SysException e) {
            throw new SysException("Couldn't set " + name + " route(s) in guest", e.errno());
        }
    }

    private static void addAddresses(RtNetlink nl, int index, Configuration.Family f) throws SysException {
        if (f.copyAddresses && !f.hostAddresses.isEmpty()) {
            for (RtNetlink.Address a : f.hostAddresses) {
                nl.addAddress(index, a.local(), a.peer(), a.prefixLength(),
                        (a.flags() & ~RtNetlink.IFA_F_TENTATIVE) | RtNetlink.IFA_F_NODAD, a.scope());
            }
        } else if (f.address != null) {
            nl.addAddress(index, f.address, f.prefixLength, RtNetlink.IFA_F_NODAD, RtNetlink.RT_SCOPE_UNIVERSE);
        }
    }

    private static void addRoutes(RtNetlink nl, int index, Configuration.Family f) throws SysException {
        if (f.copyRoutes && !f.hostRoutes.isEmpty()) {
            replayRoutes(nl, index, f.hostRoutes);
        } else if (f.gateway != null) {
            nl.addRoute(index, null, 0, f.gateway);
        }
    }

    /** Replays routes until a pass adds nothing new, ignoring those that exist or can't be reached yet. */
    private static void replayRoutes(RtNetlink nl, int index, List<RtNetlink.Route> routes) throws SysException {
        SysException last = null;
        for (int pass = 0; pass < ROUTE_PASSES; pass++) {
            last = null;
            boolean progress = false;
            for (RtNetlink.Route r : routes) {
                try {
                    nl.copyRoute(r, index);
                    progress = true;
                } catch (SysException e) {
                    if (e.errno() != Errno.EEXIST) {
                        if (e.errno() != Errno.ENETUNREACH && e.errno() != Errno.EHOSTUNREACH) {
                            throw e;
                        }
                        last = e;
                    }
                }
            }
            if (last == null || !progress) {
                break;
            }
        }
        if (last != null) {
            Log.warn("Couldn't copy all routes: " + last.reason());
        }
    }

    /** Waits (briefly) for the kernel's link-local address and marks it NODAD so it is usable at once. */
    private static void setLinkLocalNoDad(RtNetlink nl, int index) throws SysException {
        for (int i = 0; i < 100; i++) {
            for (RtNetlink.Address a : nl.addresses(LibC.AF_INET6, index)) {
                if (a.scope() == RtNetlink.RT_SCOPE_LINK) {
                    if ((a.flags() & RtNetlink.IFA_F_NODAD) == 0) {
                        nl.replaceAddressFlags(a, (a.flags() & ~RtNetlink.IFA_F_TENTATIVE) | RtNetlink.IFA_F_NODAD);
                    }
                    return;
                }
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        Log.debug("no IPv6 link-local address appeared on the tap");
    }
}
