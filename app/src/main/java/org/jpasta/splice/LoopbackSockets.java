package org.jpasta.splice;

import org.jpasta.sys.LibC;

import java.nio.charset.StandardCharsets;

/**
 * Opens the sockets {@code -T} and {@code -U} listen on: bound to a port on the loopback interface of the
 * calling thread's namespace.
 *
 * <h2>Theory of operation</h2>
 * pasta 2026 binds the wildcard address with {@code SO_BINDTODEVICE "lo"} (notes §1.4), so every loopback
 * address (127.0.0.0/8, ::1) is served and nothing else; on kernels that refuse the option for an unprivileged
 * caller it falls back to binding 127.0.0.1 or ::1. IPv6 sockets are {@code IPV6_V6ONLY} so that the two
 * families stay separate sockets, as pasta has them. Runs on the namespace thread for {@code -T/-U}.
 */
final class LoopbackSockets {
    private static final byte[] LO = "lo\0".getBytes(StandardCharsets.US_ASCII);
    private static final int BACKLOG = 1024;

    private LoopbackSockets() {}

    /**
     * A non-blocking socket of {@code type} ({@code SOCK_STREAM}: listening) bound to {@code port} on the
     * loopback interface, or {@code -errno} on failure.
     */
    static int bind(boolean ipv6, int type, int port) {
        int fd = LibC.socket(ipv6 ? LibC.AF_INET6 : LibC.AF_INET, type | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            return -LibC.errno();
        }
        int[] one = {1};
        LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_REUSEADDR, one, 4);
        if (ipv6) {
            LibC.setsockopt(fd, LibC.IPPROTO_IPV6, LibC.IPV6_V6ONLY, one, 4);
        } else if (type == LibC.SOCK_DGRAM) { // which of 127.0.0.0/8 a datagram was sent to, kept on the host
            LibC.setsockopt(fd, LibC.IPPROTO_IP, LibC.IP_PKTINFO, one, 4);
        }
        boolean onDevice = LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_BINDTODEVICE, LO, LO.length) == 0;
        byte[] address = onDevice ? new byte[ipv6 ? 16 : 4] : loopback(ipv6);
        byte[] sa = ipv6 ? org.jpasta.sys.SocketAddresses.ipv6(address, port, 0)
                : org.jpasta.sys.SocketAddresses.ipv4(address, port);
        if (LibC.bind(fd, sa, sa.length) < 0 || (type == LibC.SOCK_STREAM && LibC.listen(fd, BACKLOG) < 0)) {
            int errno = LibC.errno();
            LibC.close(fd);
            return -errno;
        }
        return fd;
    }

    static byte[] loopback(boolean ipv6) {
        byte[] a = new byte[ipv6 ? 16 : 4];
        if (ipv6) {
            a[15] = 1;
        } else {
            a[0] = 127;
            a[3] = 1;
        }
        return a;
    }
}
