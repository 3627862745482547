package org.jpasta.udp;

import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.internal.PlatformDependent;
import org.jpasta.flow.AddressMapping;
import org.jpasta.fwd.AutoScanPorts;
import org.jpasta.fwd.Direction;
import org.jpasta.fwd.ForwardRule;
import org.jpasta.fwd.ForwardRules;
import org.jpasta.fwd.FreeBind;
import org.jpasta.fwd.Protocol;
import org.jpasta.log.Log;
import org.jpasta.log.RateLimitedWarning;
import org.jpasta.splice.SplicedDatagrams;
import org.jpasta.sys.LibC;
import org.jpasta.sys.SocketAddresses;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
 * <p>
 * Where loopback senders are spliced (a rule without a target address, {@code --no-splice} off), the listener
 * is read by {@link SplicedDatagrams} in {@code recvmmsg} batches instead: loopback senders' datagrams go
 * socket to socket into the namespace, and the others are copied into the tap output buffer and continue here.
 *
 * <p>{@code -u auto} rules (pasta's {@code FWD_SCAN}) get no sockets at start-up: once a second a
 * {@link UdpPortScan} of the namespace's socket tables says which target ports are bound there (UDP, or TCP
 * listening, as pasta does), and the rule's host sockets follow (a scan visits only those ports and the ones
 * with sockets open, {@link AutoScanPorts}): opened for a newly bound port, closed, with
 * the inbound flows answering through them, when the namespace lets the port go. New tables from the
 * configuration socket ({@link #replace}) close every socket, with its flows, and bind those of the new rules.
 */
public final class UdpListeners {
    private static final long SCAN_INTERVAL_MILLIS = 1000;
    private static final int MAX_DATAGRAM = 65536;
    /** Null with {@code --splice-only}: no tap, datagrams that are not spliced are dropped. */
    private final UdpForwarder forwarder;
    /** Where datagrams are received without a tap ({@code --splice-only}); else the tap output buffer. */
    private final ByteBuffer spliceOnlyBuffer;
    private final RateLimitedWarning refusals = new RateLimitedWarning();
    private final IoEventLoop loop;
    private final boolean ipv4, ipv6;
    private final List<Listener> listeners = new ArrayList<>();
    private final List<ForwardRule> scanRules = new ArrayList<>();
    /** Per {@code auto} rule, the listeners open for each port, or null. */
    private final List<Listener[][]> scanListeners = new ArrayList<>();
    /** Per {@code auto} rule, the ports with sockets open: with the scan's result, what a scan visits. */
    private final List<BitSet> scanOpen = new ArrayList<>();
    private final AutoScanPorts visit = new AutoScanPorts();
    private UdpPortScan scan;
    private final byte[] from = new byte[SocketAddresses.SOCKADDR_STORAGE_SIZE];
    private final int[] fromLength = new int[1];
    private SplicedDatagrams splice;

    /**
     * @param forwarder the tap side; null with {@code --splice-only}, where only datagrams from the host's
     *                  loopback are forwarded (spliced) and the others dropped, as pasta does
     */
    public UdpListeners(UdpForwarder forwarder, IoEventLoop loop, boolean ipv4, boolean ipv6) {
        this.forwarder = forwarder;
        this.spliceOnlyBuffer = forwarder == null ? ByteBuffer.allocateDirect(MAX_DATAGRAM) : null;
        this.loop = loop;
        this.ipv4 = ipv4;
        this.ipv6 = ipv6;
    }

    /** {@code --freebind}: sockets may bind addresses the host does not have. */
    public void setFreebind(boolean freebind) {
        this.freebind = freebind;
    }

    private boolean freebind;

    /**
     * Sends datagrams from the host's loopback straight to the namespace through {@code splice} instead of the
     * tap (pasta's spliced UDP); rules with a target address keep the tap path. Null: off ({@code --no-splice}).
     */
    public void spliceLoopback(SplicedDatagrams splice) {
        this.splice = splice;
    }

    /**
     * Binds and registers a socket for every port of the explicit inbound UDP rules; remembers {@code auto}
     * rules for {@link #startScan}. Returns how many sockets are listening.
     */
    public int open(ForwardRules rules) {
        if (rules == null) {
            return 0;
        }
        for (ForwardRule rule : rules.rules(Direction.INBOUND)) {
            if (rule.protocol() != Protocol.UDP) {
                continue;
            }
            if (rule.scan()) {
                scanRules.add(rule);
                scanListeners.add(new Listener[65536][]);
                scanOpen.add(new BitSet(65536));
                continue;
            }
            for (int port = rule.firstPort(); port <= rule.lastPort(); port++) {
                if (!rule.excludedPorts().contains(port)) {
                    openMissing(rule, port, null);
                }
            }
        }
        return listeners.size();
    }

    /**
     * Replaces every socket with those of {@code rules} (pasta's {@code fwd_listen_switch()}: the old ones close
     * first, with the flows answering through them). Event loop only.
     */
    public void replace(ForwardRules rules) {
        for (Listener l : new ArrayList<>(listeners)) {
            close(l);
        }
        scanRules.clear();
        scanListeners.clear();
        scanOpen.clear();
        open(rules);
        if (scan != null && !scanRules.isEmpty()) {
            rescan();
        }
    }

    /** Whether there are {@code -u auto} rules, which need a {@link UdpPortScan}. */
    public boolean hasScanRules() {
        return !scanRules.isEmpty();
    }

    /**
     * Starts the once-a-second scan (the scan's files are already open), first now. The caller starts it where
     * there are {@code auto} rules, or where a configuration socket may add some: a scan without them reads nothing.
     */
    public void startScan(UdpPortScan portScan) {
        scan = portScan;
        loop.execute(this::rescan);
        loop.scheduleAtFixedRate(this::rescan, SCAN_INTERVAL_MILLIS, SCAN_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Opens host sockets for ports newly bound in the namespace and closes those of ports no longer bound. */
    void rescan() {
        if (scanRules.isEmpty() || !scan.refresh()) {
            return;
        }
        for (int i = 0; i < scanRules.size(); i++) {
            ForwardRule rule = scanRules.get(i);
            Listener[][] open = scanListeners.get(i);
            BitSet openPorts = scanOpen.get(i);
            visit.collectByTarget(rule, scan.bound(), openPorts);
            for (int port = visit.next(rule.firstPort()); port >= 0; port = visit.next(port + 1)) {
                boolean wanted = scan.isBound(rule.targetPortFor(port)) && !rule.excludedPorts().contains(port);
                if (wanted && (open[port] == null || lacksFamily(rule, open[port]))) {
                    boolean first = open[port] == null;
                    Listener[] opened = openMissing(rule, port, open[port]);
                    if (opened != null) { // otherwise (e.g. taken on the host) tried again next scan
                        open[port] = opened;
                        openPorts.set(port);
                        if (first) {
                            Log.debug("udp: auto-forwarding port " + port);
                        }
                    }
                } else if (!wanted && open[port] != null) {
                    for (int family = 0; family < 2; family++) {
                        if (open[port][family] != null) {
                            close(open[port][family]);
                        }
                    }
                    open[port] = null;
                    openPorts.clear(port);
                    Log.debug("udp: no longer forwarding port " + port);
                }
            }
        }
    }

    private boolean wants4(ForwardRule rule) {
        return ipv4 && (rule.listenAddress() == null || rule.listenAddress() instanceof Inet4Address);
    }

    private boolean wants6(ForwardRule rule) {
        return ipv6 && (rule.listenAddress() == null || rule.listenAddress() instanceof Inet6Address);
    }

    /** Whether an {@code auto} port's sockets ({@code have}: IPv4, IPv6) lack one the rule wants. */
    private boolean lacksFamily(ForwardRule rule, Listener[] have) {
        return wants4(rule) && have[0] == null || wants6(rule) && have[1] == null;
    }

    /**
     * Binds those sockets of one rule for one port ({@code have}: IPv4, IPv6; null for a new port) that are not
     * open yet; returns both, or null if neither is open. Explicit rules call it once per port. For an
     * {@code auto} port, a family that could not be bound (its port taken on the host just then) is tried again
     * at the next scan rather than given up for good.
     */
    private Listener[] openMissing(ForwardRule rule, int port, Listener[] have) {
        InetAddress listen = rule.listenAddress();
        Listener v4 = have != null ? have[0] : null, v6 = have != null ? have[1] : null;
        if (wants4(rule) && v4 == null) {
            v4 = bind(rule, port, false, listen == null ? new byte[4] : listen.getAddress());
        }
        if (wants6(rule) && v6 == null) {
            v6 = bind(rule, port, true, listen == null ? new byte[16] : listen.getAddress());
        }
        return v4 == null && v6 == null ? null : new Listener[] {v4, v6};
    }

    private Listener bind(ForwardRule rule, int port, boolean v6, byte[] address) {
        int fd = LibC.socket(v6 ? LibC.AF_INET6 : LibC.AF_INET,
                LibC.SOCK_DGRAM | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, LibC.IPPROTO_UDP);
        if (fd < 0) {
            Log.warn("UDP: can't open socket for port " + port + ": " + LibC.strerrorText(LibC.errno()));
            return null;
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
        if (freebind) {
            FreeBind.apply(fd, v6);
        }
        if (!v6 && splice != null && splice.wantsDestination() && rule.targetAddress() == null) {
            LibC.setsockopt(fd, LibC.IPPROTO_IP, LibC.IP_PKTINFO, one, 4);
        }
        byte[] sa = v6 ? SocketAddresses.ipv6(address, port, 0) : SocketAddresses.ipv4(address, port);
        if (LibC.bind(fd, sa, sa.length) < 0) {
            if (!rule.weak() && !rule.scan()) {
                Log.warn("Failed to bind UDP port " + port + ": " + LibC.strerrorText(LibC.errno()));
            } else if (Log.debug) {
                Log.debug("udp: can't bind port " + port + ": " + LibC.strerrorText(LibC.errno()));
            }
            LibC.close(fd);
            return null;
        }
        Listener l = new Listener(fd, v6, rule, port, guestAddress(rule, v6));
        listeners.add(l);
        loop.register(l).addListener(done -> {
            if (done.isSuccess()) {
                l.registration = (IoRegistration) done.getNow();
                if (l.closed) {
                    l.registration.cancel(); // closed before registration completed
                    return;
                }
                l.registration.submit(EpollIoOps.EPOLLIN);
            }
        });
        return l;
    }

    /** Stops forwarding through a listener: its inbound flows go first, as they answer through its socket. */
    private void close(Listener l) {
        l.closed = true;
        listeners.remove(l);
        if (forwarder != null) {
            forwarder.closeFlowsBorrowing(l.fd);
        }
        if (splice != null) {
            splice.closeFlowsBorrowing(l.fd); // their replies go out of this socket, whose number may be reused
        }
        if (l.registration != null) {
            l.registration.cancel();
        }
        LibC.close(l.fd);
    }

    private long[] guestAddress(ForwardRule rule, boolean v6) {
        if (forwarder == null) {
            return null; // no guest behind a tap
        }
        AddressMapping m = forwarder.mapping();
        InetAddress t = rule.targetAddress();
        if (t != null && (t instanceof Inet6Address) == v6) {
            byte[] a = t.getAddress();
            return v6 ? new long[] {AddressMapping.hi(a), AddressMapping.lo(a)}
                    : new long[] {0, AddressMapping.int4(a) & 0xffffffffL};
        }
        return v6 ? new long[] {m.guest6Hi(), m.guest6Lo()} : new long[] {0, m.guest4() & 0xffffffffL};
    }

    /**
     * Receives every pending datagram of a listener and forwards each to the guest. Where loopback senders are
     * spliced, the splice path reads the listener in batches and hands the other senders' datagrams back to
     * {@link #fromOtherSender}.
     */
    private void receive(Listener l) {
        if (splice != null && l.rule.targetAddress() == null) {
            splice.fromHostListener(l.fd, l.ipv6, l.rule.targetPortFor(l.port), l);
            return;
        }
        ByteBuffer buf = tapBuffer();
        int at = payloadOffset(l);
        long address = PlatformDependent.directBufferAddress(buf) + at;
        int room = buf.capacity() - at;
        for (int i = 0; i < UdpForwarder.RECEIVE_BATCH; i++) {
            fromLength[0] = from.length;
            long n = LibC.recvfrom(l.fd, address, room, LibC.MSG_DONTWAIT, from, fromLength);
            if (n < 0) {
                return;
            }
            toGuest(l, (int) Math.min(n, room));
        }
    }

    /** A datagram the splice path received on {@code l} from off the host's loopback: on to the tap path. */
    private void fromOtherSender(Listener l, byte[] peer, long data, int length) {
        if (forwarder == null) { // --splice-only: no tap to copy it to; dropped, with pasta's warning
            System.arraycopy(peer, 0, from, 0, Math.min(peer.length, from.length));
            toGuest(l, 0);
            return;
        }
        ByteBuffer buf = tapBuffer();
        int at = payloadOffset(l);
        int n = Math.min(length, buf.capacity() - at);
        PlatformDependent.copyMemory(data, PlatformDependent.directBufferAddress(buf) + at, n);
        System.arraycopy(peer, 0, from, 0, Math.min(peer.length, from.length));
        toGuest(l, n);
    }

    private ByteBuffer tapBuffer() {
        return forwarder != null ? forwarder.output().buffer() : spliceOnlyBuffer;
    }

    private int payloadOffset(Listener l) {
        return forwarder != null ? forwarder.payloadOffset(l.ipv6) : 0;
    }

    /** Forwards the {@code n} bytes at the tap buffer's payload offset, sent by {@link #from}, to the guest. */
    private void toGuest(Listener l, int n) {
        if (forwarder == null) {
            refusals.warn("No rules to forward HOST UDP [" + SocketAddresses.address(from).getHostAddress() + "]:"
                    + SocketAddresses.port(from) + " -> port " + l.port + ", dropping");
            return;
        }
        UdpFlow f = flowFor(l);
        if (f != null) {
            forwarder.toGuest(f, n);
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
    private final class Listener implements EpollIoHandle, SplicedDatagrams.OtherSenders {
        final int fd;
        final boolean ipv6;
        final ForwardRule rule;
        final int port;
        final long[] guest;
        private final FileDescriptor fdObject;
        IoRegistration registration;
        boolean closed;

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
            if (!closed) {
                receive(this);
            }
        }

        @Override
        public void forward(byte[] peer, long data, int length) {
            fromOtherSender(this, peer, data, length);
        }

        @Override
        public void close() {
        }
    }
}
