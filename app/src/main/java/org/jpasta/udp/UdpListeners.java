package org.jpasta.udp;

import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.internal.PlatformDependent;
import org.jpasta.flow.AddressMapping;
import org.jpasta.fwd.Direction;
import org.jpasta.fwd.ForwardRule;
import org.jpasta.fwd.ForwardRules;
import org.jpasta.fwd.Protocol;
import org.jpasta.log.Log;
import org.jpasta.splice.SpliceForwarder;
import org.jpasta.splice.SplicedDatagrams;
import org.jpasta.sys.LibC;
import org.jpasta.sys.SocketAddresses;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Inbound UDP ({@code -u}): host sockets bound for every forwarded port, feeding flows towards the guest.
 *
 * <h2>Theory of operation</h2>
 * {@link #open} binds one socket per rule, port and IP version before pasta reports ready (a dual-stack rule
 * gets an IPv4 and an IPv6-only socket), and registers them on the event loop. A datagram arriving on a
 * listener is received straight into the tap output buffer with {@code recvfrom}; its peer address becomes
 * the guest-visible source through {@link AddressMapping#inboundSource4} (so the source is preserved unless
 * the guest could not reach it, e.g. loopback), its destination is the guest on the rule's target port. The
 * resulting guest-side tuple is looked up in the shared flow table, and a new inbound flow remembers the
 * peer's sockaddr and the listener's descriptor: when the guest answers, {@link UdpForwarder} finds that flow
 * and sends with {@code sendto} from the listener's socket, so the peer sees the reply come from the port it
 * talked to. Event-loop confined after {@link #open}; nothing is allocated per datagram of a known flow.
 */
public final class UdpListeners {
    private final UdpForwarder forwarder;
    private final IoEventLoop loop;
    private final boolean ipv4, ipv6;
    private final List<Listener> listeners = new ArrayList<>();
    private final byte[] from = new byte[SocketAddresses.SOCKADDR_STORAGE_SIZE];
    private final int[] fromLength = new int[1];
    private SplicedDatagrams splice;

    public UdpListeners(UdpForwarder forwarder, IoEventLoop loop, boolean ipv4, boolean ipv6) {
        this.forwarder = forwarder;
        this.loop = loop;
        this.ipv4 = ipv4;
        this.ipv6 = ipv6;
    }

    /**
     * Sends datagrams from the host's loopback straight to the namespace through {@code splice} instead of the
     * tap (pasta's spliced UDP); rules with a target address keep the tap path. Null: off ({@code --no-splice}).
     */
    public void spliceLoopback(SplicedDatagrams splice) {
        this.splice = splice;
    }

    /** Binds and registers a socket for every inbound UDP rule's ports; returns how many are listening. */
    public int open(ForwardRules rules) {
        if (rules == null) {
            return 0;
        }
        for (ForwardRule rule : rules.rules(Direction.INBOUND)) {
            if (rule.protocol() != Protocol.UDP || rule.scan()) {
                continue;
            }
            for (int port = rule.firstPort(); port <= rule.lastPort(); port++) {
                openFor(rule, port);
            }
        }
        return listeners.size();
    }

    private void openFor(ForwardRule rule, int port) {
        InetAddress listen = rule.listenAddress();
        if (ipv4 && (listen == null || listen instanceof Inet4Address)) {
            bind(rule, port, false, listen == null ? new byte[4] : listen.getAddress());
        }
        if (ipv6 && (listen == null || listen instanceof Inet6Address)) {
            bind(rule, port, true, listen == null ? new byte[16] : listen.getAddress());
        }
    }

    private void bind(ForwardRule rule, int port, boolean v6, byte[] address) {
        int fd = LibC.socket(v6 ? LibC.AF_INET6 : LibC.AF_INET,
                LibC.SOCK_DGRAM | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, LibC.IPPROTO_UDP);
        if (fd < 0) {
            Log.warn("UDP: can't open socket for port " + port + ": " + LibC.strerrorText(LibC.errno()));
            return;
        }
        int[] one = {1};
        LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_REUSEADDR, one, 4);
        if (v6) {
            LibC.setsockopt(fd, LibC.IPPROTO_IPV6, LibC.IPV6_V6ONLY, one, 4);
        }
        if (rule.listenInterface() != null) {
            byte[] name = (rule.listenInterface() + "\0").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_BINDTODEVICE, name, name.length);
        }
        byte[] sa = v6 ? SocketAddresses.ipv6(address, port, 0) : SocketAddresses.ipv4(address, port);
        if (LibC.bind(fd, sa, sa.length) < 0) {
            if (!rule.weak()) {
                Log.warn("Failed to bind UDP port " + port + ": " + LibC.strerrorText(LibC.errno()));
            }
            LibC.close(fd);
            return;
        }
        Listener l = new Listener(fd, v6, rule, port, guestAddress(rule, v6));
        listeners.add(l);
        loop.register(l).addListener(done -> {
            if (done.isSuccess()) {
                ((IoRegistration) done.getNow()).submit(EpollIoOps.EPOLLIN);
            }
        });
    }

    private long[] guestAddress(ForwardRule rule, boolean v6) {
        AddressMapping m = forwarder.mapping();
        InetAddress t = rule.targetAddress();
        if (t != null && (t instanceof Inet6Address) == v6) {
            byte[] a = t.getAddress();
            return v6 ? new long[] {AddressMapping.hi(a), AddressMapping.lo(a)}
                    : new long[] {0, AddressMapping.int4(a) & 0xffffffffL};
        }
        return v6 ? new long[] {m.guest6Hi(), m.guest6Lo()} : new long[] {0, m.guest4() & 0xffffffffL};
    }

    /** Receives every pending datagram of a listener and forwards each to the guest. */
    private void receive(Listener l) {
        ByteBuffer buf = forwarder.output().buffer();
        int at = forwarder.payloadOffset(l.ipv6);
        long address = PlatformDependent.directBufferAddress(buf) + at;
        int room = buf.capacity() - at;
        for (int i = 0; i < UdpForwarder.RECEIVE_BATCH; i++) {
            fromLength[0] = from.length;
            long n = LibC.recvfrom(l.fd, address, room, LibC.MSG_DONTWAIT, from, fromLength);
            if (n < 0) {
                return;
            }
            if (splice != null && l.rule.targetAddress() == null && SpliceForwarder.isLoopbackPeer(from)) {
                splice.fromHost(l.fd, l.ipv6, from, address, (int) Math.min(n, room), l.rule.targetPortFor(l.port));
                continue;
            }
            UdpFlow f = flowFor(l);
            if (f != null) {
                forwarder.toGuest(f, (int) Math.min(n, room));
            }
        }
    }

    private UdpFlow flowFor(Listener l) {
        AddressMapping m = forwarder.mapping();
        int peerPort = SocketAddresses.port(from);
        int guestPort = l.rule.targetPortFor(l.port);
        long rHi, rLo;
        if (l.ipv6) {
            long pHi = word(from, 8), pLo = word(from, 16);
            rHi = m.inboundSource6Hi(pHi, pLo);
            rLo = m.inboundSource6Lo(pHi, pLo);
        } else {
            int peer = (from[4] & 0xff) << 24 | (from[5] & 0xff) << 16 | (from[6] & 0xff) << 8 | (from[7] & 0xff);
            rHi = 0;
            rLo = m.inboundSource4(peer) & 0xffffffffL;
        }
        UdpFlow f = forwarder.find(l.ipv6, l.guest[0], l.guest[1], guestPort, rHi, rLo, peerPort);
        if (f == null) {
            byte[] target = java.util.Arrays.copyOf(from, l.ipv6 ? SocketAddresses.SOCKADDR_IN6_SIZE
                    : SocketAddresses.SOCKADDR_IN_SIZE);
            f = forwarder.openInbound(l.ipv6, l.guest[0], l.guest[1], guestPort, rHi, rLo, peerPort, target, l.fd);
        }
        return f;
    }

    private static long word(byte[] a, int from) {
        long v = 0;
        for (int i = from; i < from + 8; i++) {
            v = v << 8 | (a[i] & 0xff);
        }
        return v;
    }

    public int count() {
        return listeners.size();
    }

    /** One bound host socket for one port of one rule. */
    private final class Listener implements EpollIoHandle {
        final int fd;
        final boolean ipv6;
        final ForwardRule rule;
        final int port;
        final long[] guest;
        private final FileDescriptor fdObject;

        Listener(int fd, boolean ipv6, ForwardRule rule, int port, long[] guest) {
            this.fd = fd;
            this.ipv6 = ipv6;
            this.rule = rule;
            this.port = port;
            this.guest = guest;
            this.fdObject = new FileDescriptor(fd);
        }

        @Override
        public FileDescriptor fd() {
            return fdObject;
        }

        @Override
        public void handle(IoRegistration registration, IoEvent event) {
            receive(this);
        }

        @Override
        public void close() {
        }
    }
}
