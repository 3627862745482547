package org.jpasta.udp;

import io.netty.channel.IoEvent;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoEvent;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;

/**
 * One UDP pseudo-connection.
 *
 * <p>Theory of operation: a flow is named by its guest-side 4-tuple: the guest's address and port, and the
 * peer address and port as the guest sees them (for DNS forwarding, the {@code --dns-forward} address; for
 * inbound flows, the mapped source). That tuple is the flow table key in both directions, so a datagram from
 * the guest and a reply from the host find the same flow. Outbound flows own a host socket bound to the
 * guest's source port and connected to the translated peer: the kernel then filters replies for us. Inbound
 * flows (from a {@code -u} listener) borrow the listener's socket and answer with {@code sendto} to
 * {@link #target}, so replies leave from the port the peer talked to. IPv4 addresses sit in the {@code Lo}
 * fields with zero {@code Hi}. Event-loop confined.
 */
final class UdpFlow implements EpollIoHandle {
    final boolean ipv6;
    final long guestHi, guestLo;
    final int guestPort;
    final long remoteHi, remoteLo;
    final int remotePort;
    /** Host-side peer as a sockaddr: where {@code sendto} goes for flows without a connected socket. */
    final byte[] target;
    /** The socket datagrams leave from; owned (and connected) only if {@link #ownsSocket}. */
    final int fd;
    final boolean ownsSocket;
    private final FileDescriptor fdObject;
    private final UdpForwarder owner;
    IoRegistration registration;

    long lastActivityNanos;
    boolean guestSent, hostSent;
    /** The kernel refused a segmented (UDP GSO) message for this flow: send one datagram per message. */
    boolean segmentationRefused;
    /** Position in the table's dense list, for O(1) removal during expiry. */
    int listIndex = -1;

    UdpFlow(UdpForwarder owner, boolean ipv6, long guestHi, long guestLo, int guestPort, long remoteHi,
            long remoteLo, int remotePort, byte[] target, int fd, boolean ownsSocket) {
        this.owner = owner;
        this.ipv6 = ipv6;
        this.guestHi = guestHi;
        this.guestLo = guestLo;
        this.guestPort = guestPort;
        this.remoteHi = remoteHi;
        this.remoteLo = remoteLo;
        this.remotePort = remotePort;
        this.target = target;
        this.fd = fd;
        this.ownsSocket = ownsSocket;
        this.fdObject = new FileDescriptor(fd);
    }

    boolean matches(boolean v6, long gHi, long gLo, int gPort, long rHi, long rLo, int rPort) {
        return ipv6 == v6 && guestPort == gPort && remotePort == rPort && guestLo == gLo && remoteLo == rLo
                && guestHi == gHi && remoteHi == rHi;
    }

    /** Hash of the guest-side tuple; the same function is used for lookups, which have no flow at hand. */
    static int hash(boolean v6, long gHi, long gLo, int gPort, long rHi, long rLo, int rPort) {
        long h = gLo * 0x9E3779B97F4A7C15L;
        h ^= rLo * 0xC2B2AE3D27D4EB4FL;
        h ^= (gHi ^ Long.rotateLeft(rHi, 17)) * 0x165667B19E3779F9L;
        h ^= ((long) gPort << 16 | rPort | (v6 ? 1L << 40 : 0)) * 0x27D4EB2F165667C5L;
        return (int) (h ^ h >>> 29 ^ h >>> 47);
    }

    int hash() {
        return hash(ipv6, guestHi, guestLo, guestPort, remoteHi, remoteLo, remotePort);
    }

    @Override
    public FileDescriptor fd() {
        return fdObject;
    }

    @Override
    public void handle(IoRegistration registration, IoEvent event) {
        EpollIoOps ops = ((EpollIoEvent) event).ops();
        if (ops.contains(EpollIoOps.EPOLLERR)) {
            owner.errors(this);
        }
        if (ops.contains(EpollIoOps.EPOLLIN)) {
            owner.replies(this);
        }
    }

    @Override
    public void close() {
        // the forwarder closes the descriptor when the flow expires
    }
}
