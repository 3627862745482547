package org.jpasta.sys.netlink;

import org.jpasta.sys.Errno;
import org.jpasta.sys.LibC;
import org.jpasta.sys.NamespacedThread;
import org.jpasta.sys.SysException;
import org.jpasta.sys.Tun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** rtnetlink against the real kernel, in a private network namespace with a tap. */
class RtNetlinkTest {
    /** {@code _IOW('T', 226, int)}: sets a tap's carrier (0: off). */
    private static final long TUNSETCARRIER = 0x400454e2L;
    private static final int RTNH_F_LINKDOWN = 0x10;
    private NamespacedThread ns;
    private Tun.TapDevice tap;
    private int index;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(NamespacedThread.canUnshare(), "needs root");
        ns = new NamespacedThread();
        tap = ns.call(() -> Tun.openTap("jpt1"));
        index = ns.call(() -> {
            try (RtNetlink nl = new RtNetlink()) {
                return nl.link("jpt1").index();
            }
        });
    }

    @AfterEach
    void tearDown() {
        if (tap != null) {
            LibC.close(tap.fd());
        }
        if (ns != null) {
            ns.close();
        }
    }

    private <T> T inNs(NetlinkCall<T> c) throws Exception {
        return ns.call(() -> {
            try (RtNetlink nl = new RtNetlink()) {
                return c.run(nl);
            }
        });
    }

    interface NetlinkCall<T> {
        T run(RtNetlink nl) throws Exception;
    }

    interface SecondTapCall<T> {
        T run(RtNetlink nl, Tun.TapDevice tap, int tapIndex) throws Exception;
    }

    /** Opens tap {@code name} beside jpt1, brings both up, runs {@code body} in the namespace, closes the tap. */
    private <T> T withSecondTap(String name, SecondTapCall<T> body) throws Exception {
        Tun.TapDevice tap = ns.call(() -> Tun.openTap(name));
        try {
            return inNs(nl -> {
                int tapIndex = nl.link(name).index();
                for (int i : new int[] {index, tapIndex}) {
                    nl.setLinkFlags(i, RtNetlink.IFF_UP, 0);
                }
                return body.run(nl, tap, tapIndex);
            });
        } finally {
            LibC.close(tap.fd());
        }
    }

    private static byte[] ip(String s) throws Exception {
        return InetAddress.getByName(s).getAddress();
    }

    @Test
    void loopbackComesUp() throws Exception {
        RtNetlink.Link lo = inNs(nl -> {
            nl.setLinkFlags(1, RtNetlink.IFF_UP, 0);
            return nl.link(1);
        });
        assertEquals("lo", lo.name());
        assertTrue(lo.isUp());
    }

    @Test
    void mtuMacAndFlags() throws Exception {
        byte[] mac = {0x02, 0x11, 0x22, 0x33, 0x44, 0x55};
        RtNetlink.Link l = inNs(nl -> {
            nl.setMtu(index, 65520);
            nl.setMac(index, mac);
            nl.setLinkFlags(index, RtNetlink.IFF_UP | RtNetlink.IFF_NOARP, 0);
            return nl.link(index);
        });
        assertEquals(65520, l.mtu());
        assertArrayEquals(mac, l.mac());
        assertTrue(l.isUp());
        assertEquals(RtNetlink.IFF_NOARP, l.flags() & RtNetlink.IFF_NOARP);
        RtNetlink.Link cleared = inNs(nl -> {
            nl.setLinkFlags(index, 0, RtNetlink.IFF_NOARP);
            return nl.link(index);
        });
        assertEquals(0, cleared.flags() & RtNetlink.IFF_NOARP);
        assertTrue(cleared.isUp());
    }

    @Test
    void addressesAndRoutesRoundTrip() throws Exception {
        List<RtNetlink.Address> addrs = inNs(nl -> {
            nl.setLinkFlags(index, RtNetlink.IFF_UP, 0);
            nl.addAddress(index, ip("198.51.100.2"), 24, RtNetlink.IFA_F_NODAD, RtNetlink.RT_SCOPE_UNIVERSE);
            nl.addAddress(index, ip("2001:db8:100::2"), 64, RtNetlink.IFA_F_NODAD, RtNetlink.RT_SCOPE_UNIVERSE);
            return nl.addresses(LibC.AF_UNSPEC, index);
        });
        assertTrue(addrs.stream().anyMatch(a -> a.family() == LibC.AF_INET && a.prefixLength() == 24
                && Arrays.equals(a.local(), ipUnchecked("198.51.100.2"))), addrs::toString);
        RtNetlink.Address v6 = addrs.stream().filter(a -> a.family() == LibC.AF_INET6 && a.scope() == 0)
                .findFirst().orElseThrow();
        assertArrayEquals(ip("2001:db8:100::2"), v6.local());
        assertFalse(v6.isTentative(), "NODAD address is usable at once");

        List<RtNetlink.Route> v4 = inNs(nl -> {
            nl.addRoute(index, null, 0, ip("198.51.100.1"));
            nl.addRoute(index, ip("203.0.113.0"), 24, ip("198.51.100.1"));
            return nl.routes(LibC.AF_INET);
        });
        RtNetlink.Route def = v4.stream().filter(RtNetlink.Route::isDefault).findFirst().orElseThrow();
        assertArrayEquals(ip("198.51.100.1"), def.gateway());
        assertEquals(index, def.oif());
        assertTrue(v4.stream().anyMatch(r -> r.dstLength() == 24 && Arrays.equals(r.dst(), ipUnchecked("203.0.113.0"))));

        List<RtNetlink.Route> v6routes = inNs(nl -> {
            nl.addRoute(index, null, 0, ip("2001:db8:100::1"));
            return nl.routes(LibC.AF_INET6);
        });
        assertTrue(v6routes.stream().anyMatch(r -> r.isDefault() && Arrays.equals(r.gateway(), ipUnchecked("2001:db8:100::1"))));
    }

    @Test
    void copiedRoutesLandOnTheNewInterface() throws Exception {
        List<RtNetlink.Route> after = withSecondTap("jpt2", (nl, second, idx2) -> {
            nl.addAddress(index, ip("198.51.100.2"), 24, 0, 0);
            nl.addAddress(idx2, ip("192.0.2.200"), 24, 0, 0);
            nl.addRoute(index, ip("203.0.113.0"), 24, ip("198.51.100.1"));
            RtNetlink.Route r = nl.routes(LibC.AF_INET).stream()
                    .filter(x -> x.dstLength() == 24 && x.gateway() != null).findFirst().orElseThrow();
            nl.addRoute(idx2, null, 0, ip("192.0.2.1"));
            SysException dup = assertThrows(SysException.class, () -> nl.copyRoute(r, index));
            assertEquals(Errno.EEXIST, dup.errno());
            return nl.routes(LibC.AF_INET);
        });
        assertTrue(after.stream().anyMatch(RtNetlink.Route::isDefault));
    }

    /** A host uplink without carrier: its routes are dumped "linkdown", and the copy must still be accepted. */
    @Test
    void routesOfALinkWithoutCarrierCopyWithoutTheLinkDownFlag() throws Exception {
        List<RtNetlink.Route> copied = withSecondTap("jpt3", (nl, uplink, up) -> {
            nl.addAddress(up, ip("198.51.100.2"), 24, 0, 0);
            nl.addRoute(up, ip("203.0.113.0"), 24, ip("198.51.100.1"));
            assertEquals(0, LibC.ioctl(uplink.fd(), TUNSETCARRIER, new byte[4]), "TUNSETCARRIER 0");
            RtNetlink.Route r = null;
            long deadline = System.nanoTime() + 5_000_000_000L; // linkwatch applies carrier changes late
            do {
                Thread.sleep(50);
                r = nl.routes(LibC.AF_INET).stream()
                        .filter(x -> x.dstLength() == 24 && x.gateway() != null).findFirst().orElseThrow();
            } while ((r.header()[RtNetlink.RTM_FLAGS_OFFSET] & RTNH_F_LINKDOWN) == 0
                    && System.nanoTime() < deadline);
            assertNotEquals(0, r.header()[RtNetlink.RTM_FLAGS_OFFSET] & RTNH_F_LINKDOWN,
                    "the dumped route is marked linkdown");
            nl.setLinkFlags(up, 0, RtNetlink.IFF_UP); // the kernel drops its routes, so the copy is no duplicate
            nl.addAddress(index, ip("198.51.100.3"), 24, 0, 0);
            nl.copyRoute(r, index);
            return nl.routes(LibC.AF_INET);
        });
        assertTrue(copied.stream().anyMatch(x -> x.dstLength() == 24 && x.gateway() != null && x.oif() == index),
                () -> "copied onto the tap: " + copied);
    }

    @Test
    void errorsNameTheRequest() throws Exception {
        SysException e = assertThrows(SysException.class,
                () -> inNs(nl -> { nl.setMtu(9999, 1500); return null; }));
        assertEquals(Errno.ENODEV, e.errno());
        assertTrue(e.getMessage().startsWith("RTM_NEWLINK MTU: "), e.getMessage());
    }

    private static byte[] ipUnchecked(String s) {
        try {
            return ip(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
