package org.jpasta.sys;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * {@code struct sockaddr_in} / {@code sockaddr_in6} as byte arrays, the form the socket calls in {@link LibC}
 * take. Ports are big-endian in the structure, the family is host order (little-endian on our targets).
 */
public final class SocketAddresses {
    private SocketAddresses() {}

    public static final int SOCKADDR_IN_SIZE = 16, SOCKADDR_IN6_SIZE = 28, SOCKADDR_STORAGE_SIZE = 128;

    /** A sockaddr for {@code address} (IPv4 or IPv6) and {@code port}. */
    public static byte[] of(InetAddress address, int port) {
        if (address instanceof Inet4Address) {
            return ipv4(address.getAddress(), port);
        }
        Inet6Address a6 = (Inet6Address) address;
        return ipv6(a6.getAddress(), port, a6.getScopeId());
    }

    /** {@code sockaddr_in} for a 4-byte address. */
    public static byte[] ipv4(byte[] addr4, int port) {
        byte[] sa = new byte[SOCKADDR_IN_SIZE];
        sa[0] = (byte) LibC.AF_INET;
        sa[2] = (byte) (port >>> 8);
        sa[3] = (byte) port;
        System.arraycopy(addr4, 0, sa, 4, 4);
        return sa;
    }

    /** {@code sockaddr_in6} for a 16-byte address and a scope (interface index, 0 for none). */
    public static byte[] ipv6(byte[] addr16, int port, int scopeId) {
        byte[] sa = new byte[SOCKADDR_IN6_SIZE];
        sa[0] = (byte) LibC.AF_INET6;
        sa[2] = (byte) (port >>> 8);
        sa[3] = (byte) port;
        System.arraycopy(addr16, 0, sa, 8, 16);
        sa[24] = (byte) scopeId;
        sa[25] = (byte) (scopeId >>> 8);
        sa[26] = (byte) (scopeId >>> 16);
        sa[27] = (byte) (scopeId >>> 24);
        return sa;
    }

    /** The family stored in a sockaddr. */
    public static int family(byte[] sa) {
        return (sa[0] & 0xff) | (sa[1] & 0xff) << 8;
    }

    /** The port stored in a sockaddr_in or sockaddr_in6. */
    public static int port(byte[] sa) {
        return (sa[2] & 0xff) << 8 | (sa[3] & 0xff);
    }

    /** The address stored in a sockaddr_in or sockaddr_in6 (not for the data path: it allocates). */
    public static InetAddress address(byte[] sa) {
        try {
            if (family(sa) == LibC.AF_INET) {
                byte[] a = new byte[4];
                System.arraycopy(sa, 4, a, 0, 4);
                return InetAddress.getByAddress(a);
            }
            byte[] a = new byte[16];
            System.arraycopy(sa, 8, a, 0, 16);
            return InetAddress.getByAddress(a);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
