package org.jpasta.fwd;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * Address classification, as the {@code IN4_IS_ADDR_*}/{@code IN6_IS_ADDR_*} macros pasta uses.
 *
 * <p>Theory of operation: pasta decides which addresses an option accepts with these exact tests, and
 * {@link InetAddress}'s own predicates differ in corner cases (an IPv4-mapped {@code Inet6Address} is not
 * "loopback" for the IPv6 macro, 255.255.255.255 is "broadcast" only for IPv4). Every predicate looks at
 * the bytes of the given family only, so callers pick the family the C code would use.
 */
public final class AddressKind {
    private AddressKind() {
    }

    public static boolean isUnspecified(InetAddress address) {
        for (byte b : address.getAddress()) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** 127.0.0.0/8 for IPv4, exactly ::1 for IPv6. */
    public static boolean isLoopback(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 4) {
            return (b[0] & 0xff) == 127;
        }
        for (int i = 0; i < 15; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[15] == 1;
    }

    /** 224.0.0.0/4 for IPv4, ff00::/8 for IPv6. */
    public static boolean isMulticast(InetAddress address) {
        byte[] b = address.getAddress();
        return b.length == 4 ? (b[0] & 0xf0) == 0xe0 : (b[0] & 0xff) == 0xff;
    }

    /** 255.255.255.255 (IPv4 only). */
    public static boolean isBroadcast(InetAddress address) {
        byte[] b = address.getAddress();
        return b.length == 4 && b[0] == -1 && b[1] == -1 && b[2] == -1 && b[3] == -1;
    }

    /** ::ffff:0:0/96 (IPv6 only). */
    public static boolean isIpv4Mapped(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == -1 && b[11] == -1;
    }

    /** ::/96 except :: and ::1 (IPv6 only), as {@code IN6_IS_ADDR_V4COMPAT}. */
    public static boolean isIpv4Compatible(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length != 16) {
            return false;
        }
        for (int i = 0; i < 12; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        int last = ((b[12] & 0xff) << 24) | ((b[13] & 0xff) << 16) | ((b[14] & 0xff) << 8) | (b[15] & 0xff);
        return Integer.compareUnsigned(last, 1) > 0;
    }

    /** fe80::/10 (IPv6 only). */
    public static boolean isLinkLocalIpv6(InetAddress address) {
        byte[] b = address.getAddress();
        return b.length == 16 && (b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80;
    }

    /** The class-based prefix length pasta assumes for an IPv4 address without one. */
    public static int classfulPrefixLength(Inet4Address address) {
        int first = address.getAddress()[0] & 0xff;
        if (first < 128) {
            return 8;
        }
        if (first < 192) {
            return 16;
        }
        if (first < 224) {
            return 24;
        }
        return 32;
    }
}
