package org.jpasta.tcp;

import io.netty.channel.IoEvent;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.unix.FileDescriptor;
import org.jpasta.log.RateLimitedWarning;
import org.jpasta.fwd.FreeBind;
import org.jpasta.splice.SpliceForwarder;
import org.jpasta.sys.LibC;
import org.jpasta.sys.SocketAddresses;
import org.jpasta.sys.TcpCalls;

import java.io.IOException;

/**
 * One listening host socket of a {@code -t} rule, for one port.
 *
 * <p>Theory of operation: registered edge-triggered; each readiness edge accepts until the queue is empty, and
 * every accepted socket becomes a connection towards the guest at the rule's target port. A dual-stack listener
 * (IPv6 with IPV6_V6ONLY off) sees IPv4 clients as {@code ::ffff:a.b.c.d}; those are carried as IPv4 towards the
 * guest. Running out of descriptors leaves the client in the backlog and warns, rate-limited. Event-loop
 * confined after {@link #open}.
 */
final class HostListener implements EpollIoHandle {
    private static final int ACCEPT_FLAGS = LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC;

    final int port;
    final int targetPort;
    final boolean v6;
    private final FileDescriptor fd;
    /** Null with {@code --splice-only}: no tap, so clients that are not spliced are refused. */
    private final TcpTranslator tcp;
    private final HostSocket host;
    private final RateLimitedWarning warning, refusals;
    private final byte[] peer = new byte[SocketAddresses.SOCKADDR_IN6_SIZE];
    private final int[] peerLength = new int[1];
    IoRegistration registration;

    private LoopbackSplice splice;

    private boolean isIpv4Mapped() {
        return word(peer, 8, 8) == 0 && (word(peer, 16, 8) >>> 32) == 0xffffL;
    }

    private HostListener(TcpTranslator tcp, HostSocket host, int fd, boolean v6, int port, int targetPort,
                         RateLimitedWarning warning, RateLimitedWarning refusals) {
        this.tcp = tcp;
        this.host = host;
        this.fd = new FileDescriptor(fd);
        this.v6 = v6;
        this.port = port;
        this.targetPort = targetPort;
        this.warning = warning;
        this.refusals = refusals;
    }

    /**
     * Binds and listens; returns the listener, or throws with errno in the message text if the port is taken.
     *
     * @param tcp       where clients that are not spliced go; null ({@code --splice-only}): they are reset
     * @param address   IPv4 (4 bytes) or IPv6 (16 bytes) address to bind, all zero for "any"
     * @param dualStack for IPv6 "any": accept IPv4 clients on the same socket
     */
    static HostListener open(TcpTranslator tcp, HostSocket host, byte[] address, boolean dualStack, String ifname,
                             int port, int targetPort, RateLimitedWarning warning, RateLimitedWarning refusals,
                             boolean freebind) throws ListenException {
        boolean v6 = address.length == 16;
        int fd = HostSocket.open(v6);
        if (fd >= 0 && freebind) {
            FreeBind.apply(fd, v6);
        }
        if (fd < 0) {
            throw new ListenException(LibC.errno());
        }
        host.setInt(fd, LibC.SOL_SOCKET, LibC.SO_REUSEADDR, 1);
        if (v6) {
            host.setInt(fd, LibC.IPPROTO_IPV6, LibC.IPV6_V6ONLY, dualStack ? 0 : 1);
        }
        if (ifname != null) {
            byte[] name = (ifname + "\0").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_BINDTODEVICE, name, name.length);
        }
        byte[] sa = v6 ? SocketAddresses.ipv6(address, port, 0) : SocketAddresses.ipv4(address, port);
        if (LibC.bind(fd, sa, sa.length) < 0 || LibC.listen(fd, TcpCalls.SOMAXCONN) < 0) {
            int errno = LibC.errno();
            LibC.close(fd);
            throw new ListenException(errno);
        }
        return new HostListener(tcp, host, fd, v6, port, targetPort, warning, refusals);
    }

    /** A failed bind or listen, with its errno. */
    static final class ListenException extends Exception {
        final int errno;

        ListenException(int errno) {
            super(LibC.strerrorText(errno));
            this.errno = errno;
        }
    }

    @Override
    public void handle(IoRegistration reg, IoEvent event) {
        while (true) {
            peerLength[0] = peer.length;
            int client = LibC.accept4(fd.intValue(), peer, peerLength, ACCEPT_FLAGS);
            if (client < 0) {
                int errno = LibC.errno();
                if (errno == TcpCalls.EMFILE || errno == TcpCalls.ENFILE) {
                    warning.warn("tcp: can't accept connection on port " + port + ": " + LibC.strerrorText(errno));
                }
                return;
            }
            acceptOne(client);
        }
    }

    /** Loopback clients go to {@code splice} instead of the tap (null: never). */
    void setLoopbackSplice(LoopbackSplice splice) {
        this.splice = splice;
    }

    private void acceptOne(int client) {
        int family = (peer[0] & 0xff) | (peer[1] & 0xff) << 8;
        if (splice != null && SpliceForwarder.isLoopbackPeer(peer)) {
            splice.fromHost(client, family == LibC.AF_INET6 && !isIpv4Mapped(), targetPort);
            return;
        }
        if (tcp == null) {
            refuse(client);
            return;
        }
        int peerPort = (peer[2] & 0xff) << 8 | (peer[3] & 0xff);
        if (family == LibC.AF_INET) {
            tcp.acceptedFromHost(client, false, 0, word(peer, 4, 4), peerPort, targetPort);
            return;
        }
        long hi = word(peer, 8, 8), lo = word(peer, 16, 8);
        if (hi == 0 && (lo >>> 32) == 0xffffL) {
            tcp.acceptedFromHost(client, false, 0, lo & 0xffffffffL, peerPort, targetPort);
        } else {
            tcp.acceptedFromHost(client, true, hi, lo, peerPort, targetPort);
        }
    }

    /**
     * No path for this client (pasta's {@code flow_target()} finds no target interface: {@code --splice-only}
     * and a client that is not loopback): reset it, with pasta's message.
     */
    private void refuse(int client) {
        if (refusals != null) {
            byte[] local = new byte[SocketAddresses.SOCKADDR_IN6_SIZE];
            int[] localLength = {local.length};
            String to = LibC.getsockname(client, local, localLength) == 0 ? endpoint(local) : "?";
            refusals.warn("No rules to forward HOST TCP " + endpoint(peer) + " -> " + to);
        }
        host.lingerZero(client);
        LibC.close(client);
    }

    private static String endpoint(byte[] sockaddr) {
        java.net.InetAddress a = SocketAddresses.address(sockaddr);
        return "[" + (a == null ? "?" : a.getHostAddress()) + "]:" + SocketAddresses.port(sockaddr);
    }

    private static long word(byte[] a, int from, int length) {
        long v = 0;
        for (int i = from; i < from + length; i++) {
            v = v << 8 | (a[i] & 0xff);
        }
        return v;
    }

    /** Stops listening and closes the socket. */
    void shutdown() {
        if (registration != null) {
            registration.cancel();
        }
        try {
            fd.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public FileDescriptor fd() {
        return fd;
    }

    @Override
    public void close() {
    }
}
