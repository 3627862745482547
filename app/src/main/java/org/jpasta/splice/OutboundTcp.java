package org.jpasta.splice;

import org.jpasta.sys.LibC;
import org.jpasta.sys.SocketAddresses;

/**
 * {@code -T}: connections accepted on the namespace's loopback, spliced to the host's loopback.
 *
 * <h2>Theory of operation</h2>
 * pasta keeps both ends loopback (notes §4.2, {@code fwd_nat_from_splice}): a client that connected to
 * 127.0.0.1 (or 127.0.0.5, or ::1) in the namespace reaches the same address on the host, on the rule's
 * target port; a rule with a target address goes there instead. The accept loop drains the listen queue on
 * each wake-up and hands each connection to {@link SpliceForwarder#toHost}, which owns it from then on.
 * Event-loop confined; the scratch arrays are reused, so accepting allocates only the per-connection state.
 */
final class OutboundTcp {
    private final SpliceForwarder forwarder;
    private final byte[] peer = new byte[SocketAddresses.SOCKADDR_STORAGE_SIZE];
    private final byte[] local = new byte[SocketAddresses.SOCKADDR_STORAGE_SIZE];
    private final int[] length = new int[1];

    OutboundTcp(SpliceForwarder forwarder) {
        this.forwarder = forwarder;
    }

    /** Accepts every pending connection of {@code listener}. */
    void acceptAll(LoopbackListener listener) {
        while (true) {
            length[0] = peer.length;
            int fd = LibC.accept4(listener.fd, peer, length, LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC);
            if (fd < 0) {
                return;
            }
            forwarder.toHost(fd, listener.ipv6, targetAddress(listener, fd), listener.targetPort());
        }
    }

    private byte[] targetAddress(LoopbackListener listener, int fd) {
        if (listener.rule.targetAddress() != null) {
            return listener.rule.targetAddress().getAddress();
        }
        length[0] = local.length;
        if (LibC.getsockname(fd, local, length) < 0) {
            return LoopbackSockets.loopback(listener.ipv6);
        }
        return listener.ipv6 ? java.util.Arrays.copyOfRange(local, 8, 24) : java.util.Arrays.copyOfRange(local, 4, 8);
    }
}
