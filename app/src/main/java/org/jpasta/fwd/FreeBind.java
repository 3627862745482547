package org.jpasta.fwd;

import org.jpasta.sys.LibC;

/**
 * {@code --freebind}: listeners for {@code -t}/{@code -u} may bind addresses the host does not have (yet),
 * with {@code IP_FREEBIND} / {@code IPV6_FREEBIND}, as pasta sets them. Failures are ignored: without the
 * option the bind itself reports what is wrong.
 */
public final class FreeBind {
    private FreeBind() {}

    public static void apply(int fd, boolean ipv6) {
        int[] one = {1};
        if (ipv6) {
            LibC.setsockopt(fd, LibC.IPPROTO_IPV6, LibC.IPV6_FREEBIND, one, 4);
        } else {
            LibC.setsockopt(fd, LibC.IPPROTO_IP, LibC.IP_FREEBIND, one, 4);
        }
    }
}
