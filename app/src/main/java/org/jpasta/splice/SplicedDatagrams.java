package org.jpasta.splice;

import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.util.collection.LongObjectHashMap;
import io.netty.util.internal.PlatformDependent;
import org.jpasta.config.Configuration;
import org.jpasta.flow.AddressMapping;
import org.jpasta.log.Log;
import org.jpasta.log.RateLimitedWarning;
import org.jpasta.ns.NamespaceThread;
import org.jpasta.sys.DatagramCalls;
import org.jpasta.sys.LibC;
import org.jpasta.sys.SocketAddresses;
import org.jpasta.udp.UdpTimeouts;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Loopback UDP between the host and the namespace, socket to socket, in {@code recvmmsg}/{@code sendmmsg}
 * batches (pasta's spliced UDP, notes §4.3): {@code -U} (namespace loopback → host loopback) and {@code -u}
 * datagrams whose sender is on the host's loopback (→ the namespace's address, or its loopback with
 * {@code --host-lo-to-ns-lo}).
 *
 * <h2>Theory of operation</h2>
 * A datagram arriving at a listener finds or creates its {@link DatagramFlow} and is sent on the flow's
 * connected socket; replies arriving on that socket are sent back from the listener's socket to the client.
 * A {@code -u} listener is shared with the tap path: it is read here in batches as well, and datagrams from
 * senders off the host's loopback are handed back to it ({@link OtherSenders}) in the order they came. With
 * {@code --host-lo-to-ns-lo}, IPv4 listeners report each datagram's destination ({@code IP_PKTINFO}): a
 * datagram the client sent to the host's 127.0.0.2 goes to the namespace's 127.0.0.2, and the replies leave
 * from 127.0.0.2 ({@code IP_PKTINFO} on send), as pasta does. {@code -U} keeps the address always, as pasta's
 * {@code fwd_nat_from_splice()} does: a namespace client of its 127.0.0.2 reaches the host's 127.0.0.2. A flow
 * is then one client and one such address: the address is mixed into the flow's key.
 * Both directions use one preallocated direct block: {@value #BATCH} receive headers with their buffers and
 * source-address slots, and a parallel set of send headers whose iovecs point at the same buffers, so a batch
 * is received once and sent on without copying; consecutive datagrams of the same flow go out in one
 * {@code sendmmsg}. A zero-length datagram is a datagram like any other. Namespace-side flow sockets come
 * from a {@link NamespaceSocketPool}; host-side ones are opened on the loop. Flows are keyed by listener
 * descriptor, the low 24 bits of the client's address (the rest of 127.0.0.0/8 is fixed; IPv6 clients are
 * ::1) and its port, found without allocating, and expire after pasta's UDP timeout. The table is bounded.
 * Event-loop confined.
 */
public final class SplicedDatagrams {
    static final int BATCH = 32, BUFFER = 1 << 16, MAX_FLOWS = 4096;
    /** Batches taken per wake-up before other sockets get their turn (level-triggered: the rest wakes us again). */
    private static final int ROUNDS_PER_WAKEUP = 4;
    private static final int NAME_SLOT = 32;
    /** One {@code IP_PKTINFO} control message: {@code CMSG_SPACE(sizeof(struct in_pktinfo))}. */
    private static final int CONTROL_SLOT = DatagramCalls.cmsgAlign(DatagramCalls.CMSG_DATA + DatagramCalls.PKTINFO_SIZE);
    private static final int[] ONE = {1};
    private static final int RECV_HDRS = 0, RECV_IOV = RECV_HDRS + BATCH * DatagramCalls.MMSGHDR_SIZE,
            NAMES = RECV_IOV + BATCH * DatagramCalls.IOVEC_SIZE, CONTROLS = NAMES + BATCH * NAME_SLOT,
            SEND_HDRS = CONTROLS + BATCH * CONTROL_SLOT, SEND_IOV = SEND_HDRS + BATCH * DatagramCalls.MMSGHDR_SIZE,
            REPLY_NAME = SEND_IOV + BATCH * DatagramCalls.IOVEC_SIZE, REPLY_CONTROL = REPLY_NAME + NAME_SLOT,
            DATA = REPLY_CONTROL + CONTROL_SLOT;

    private final IoEventLoop loop;
    private final NamespaceSocketPool nsSockets4, nsSockets6;
    private final byte[] namespaceTarget4, namespaceTarget6;
    private final long idleNanos;
    private final ByteBuffer block;
    private final long base;
    private final LongObjectHashMap<DatagramFlow> flows = new LongObjectHashMap<>();
    private final List<DatagramFlow> expired = new ArrayList<>();
    /** Flows replaced during a batch, released after it: a run of the batch may still be sent on them. */
    private final List<DatagramFlow> replaced = new ArrayList<>();
    private final RateLimitedWarning warnings = new RateLimitedWarning();
    private final byte[] peerScratch = new byte[SocketAddresses.SOCKADDR_IN6_SIZE];
    /** {@code --host-lo-to-ns-lo}: an IPv4 {@code -u} datagram goes to the loopback address it was sent to. */
    private boolean sameLoopbackAddress;

    SplicedDatagrams(IoEventLoop loop, NamespaceSocketPool nsSockets4, NamespaceSocketPool nsSockets6,
                     byte[] namespaceTarget4, byte[] namespaceTarget6, long idleNanos) {
        this.loop = loop;
        this.nsSockets4 = nsSockets4;
        this.nsSockets6 = nsSockets6;
        this.namespaceTarget4 = namespaceTarget4;
        this.namespaceTarget6 = namespaceTarget6;
        this.idleNanos = idleNanos;
        this.block = ByteBuffer.allocateDirect(DATA + BATCH * BUFFER).order(ByteOrder.nativeOrder());
        this.base = PlatformDependent.directBufferAddress(block);
        layOutHeaders();
    }

    static SplicedDatagrams create(Configuration c, NamespaceThread ns, IoEventLoop loop) {
        NamespaceSocketPool pool4 = c.ip4.enabled ? new NamespaceSocketPool(ns, loop, LibC.AF_INET, LibC.SOCK_DGRAM)
                : null;
        NamespaceSocketPool pool6 = c.ip6.enabled ? new NamespaceSocketPool(ns, loop, LibC.AF_INET6, LibC.SOCK_DGRAM)
                : null;
        SplicedDatagrams d = new SplicedDatagrams(loop, pool4, pool6, SpliceForwarder.namespaceTarget(c, false),
                SpliceForwarder.namespaceTarget(c, true), UdpTimeouts.fromSysctls().idleNanos());
        d.sameLoopbackAddress = c.hostLoToNsLo;
        loop.scheduleAtFixedRate(d::expire, 1, 1, TimeUnit.SECONDS);
        return d;
    }

    private void layOutHeaders() {
        for (int i = 0; i < BATCH; i++) {
            int recv = RECV_HDRS + i * DatagramCalls.MMSGHDR_SIZE, send = SEND_HDRS + i * DatagramCalls.MMSGHDR_SIZE;
            int recvIov = RECV_IOV + i * DatagramCalls.IOVEC_SIZE, sendIov = SEND_IOV + i * DatagramCalls.IOVEC_SIZE;
            long data = base + DATA + (long) i * BUFFER;
            block.putLong(recvIov + DatagramCalls.IOVEC_BASE, data);
            block.putLong(recvIov + DatagramCalls.IOVEC_LEN, BUFFER);
            block.putLong(recv + DatagramCalls.MSGHDR_NAME, base + NAMES + i * NAME_SLOT);
            block.putLong(recv + DatagramCalls.MSGHDR_CONTROL, base + CONTROLS + i * CONTROL_SLOT);
            block.putLong(recv + DatagramCalls.MSGHDR_IOV, base + recvIov);
            block.putLong(recv + DatagramCalls.MSGHDR_IOVLEN, 1);
            block.putLong(sendIov + DatagramCalls.IOVEC_BASE, data);
            block.putLong(send + DatagramCalls.MSGHDR_IOV, base + sendIov);
            block.putLong(send + DatagramCalls.MSGHDR_IOVLEN, 1);
        }
        block.putLong(REPLY_CONTROL + DatagramCalls.CMSG_LEN, DatagramCalls.CMSG_DATA + DatagramCalls.PKTINFO_SIZE);
        block.putInt(REPLY_CONTROL + DatagramCalls.CMSG_LEVEL, LibC.IPPROTO_IP);
        block.putInt(REPLY_CONTROL + DatagramCalls.CMSG_TYPE, LibC.IP_PKTINFO);
    }

    /**
     * Whether IPv4 {@code -u} listeners must report each datagram's destination ({@code IP_PKTINFO}): with
     * {@code --host-lo-to-ns-lo} a datagram sent to the host's 127.0.0.2 goes to the namespace's 127.0.0.2.
     */
    public boolean wantsDestination() {
        return sameLoopbackAddress;
    }

    /** Receives up to a batch into the shared block; returns how many datagrams arrived. */
    private int receiveBatch(int fd) {
        for (int i = 0; i < BATCH; i++) {
            int recv = RECV_HDRS + i * DatagramCalls.MMSGHDR_SIZE;
            block.putInt(recv + DatagramCalls.MSGHDR_NAMELEN, NAME_SLOT);
            block.putLong(recv + DatagramCalls.MSGHDR_CONTROLLEN, CONTROL_SLOT);
        }
        int n = DatagramCalls.recvmmsg(fd, base + RECV_HDRS, BATCH, LibC.MSG_DONTWAIT, 0);
        for (int i = 0; i < n; i++) {
            block.putLong(SEND_IOV + i * DatagramCalls.IOVEC_SIZE + DatagramCalls.IOVEC_LEN, receivedLength(i));
        }
        return n;
    }

    /** The length of received datagram {@code i}. */
    private int receivedLength(int i) {
        return block.getInt(RECV_HDRS + i * DatagramCalls.MMSGHDR_SIZE + DatagramCalls.MMSGHDR_LEN);
    }

    /**
     * The IPv4 address received datagram {@code i} was sent to, from its {@code IP_PKTINFO} (big-endian in an
     * int); 0 if it has none.
     */
    private int destinationOf(int i) {
        long controlLength = block.getLong(RECV_HDRS + i * DatagramCalls.MMSGHDR_SIZE + DatagramCalls.MSGHDR_CONTROLLEN);
        int cmsg = CONTROLS + i * CONTROL_SLOT;
        if (controlLength < DatagramCalls.CMSG_DATA + DatagramCalls.PKTINFO_SIZE
                || block.getInt(cmsg + DatagramCalls.CMSG_LEVEL) != LibC.IPPROTO_IP
                || block.getInt(cmsg + DatagramCalls.CMSG_TYPE) != LibC.IP_PKTINFO) {
            return 0;
        }
        int at = cmsg + DatagramCalls.CMSG_DATA + DatagramCalls.PKTINFO_ADDR;
        return (block.get(at) & 0xff) << 24 | (block.get(at + 1) & 0xff) << 16 | (block.get(at + 2) & 0xff) << 8
                | (block.get(at + 3) & 0xff);
    }

    /** Copies the sender's address of received datagram {@code i} into {@link #peerScratch}. */
    private void copyName(int i) {
        int name = NAMES + i * NAME_SLOT;
        for (int b = 0; b < peerScratch.length; b++) {
            peerScratch[b] = block.get(name + b);
        }
    }

    /**
     * Sends received datagrams {@code from..to-1} on {@code fd}, to {@code name} (0: connected socket), with the
     * control message at {@code control} (0: none).
     */
    private void sendRun(int fd, int from, int to, long name, int nameLength, long control) {
        for (int i = from; i < to; i++) {
            int send = SEND_HDRS + i * DatagramCalls.MMSGHDR_SIZE;
            block.putLong(send + DatagramCalls.MSGHDR_NAME, name);
            block.putInt(send + DatagramCalls.MSGHDR_NAMELEN, nameLength);
            block.putLong(send + DatagramCalls.MSGHDR_CONTROL, control);
            block.putLong(send + DatagramCalls.MSGHDR_CONTROLLEN, control == 0 ? 0 : CONTROL_SLOT);
        }
        DatagramCalls.sendmmsg(fd, base + SEND_HDRS + (long) from * DatagramCalls.MMSGHDR_SIZE, to - from,
                LibC.MSG_DONTWAIT);
    }

    // ---- -U: datagrams from the namespace's loopback to the host's

    /** A {@code -U} socket in the namespace is readable: forward every pending datagram to the host. */
    void fromNamespace(LoopbackListener listener) {
        for (int round = 0; round < ROUNDS_PER_WAKEUP; round++) {
            int n = receiveBatch(listener.fd);
            if (n <= 0) {
                return;
            }
            forwardBatch(listener, n);
            if (n < BATCH) {
                return;
            }
        }
    }

    private void forwardBatch(LoopbackListener listener, int n) {
        int runStart = 0;
        DatagramFlow runFlow = null;
        long now = System.nanoTime();
        for (int i = 0; i < n; i++) {
            DatagramFlow flow = flowForReceived(listener, i, now);
            if (flow != runFlow) {
                if (runFlow != null) {
                    sendRun(runFlow.fd, runStart, i, 0, 0, 0);
                }
                runFlow = flow;
                runStart = i;
            }
        }
        if (runFlow != null) {
            sendRun(runFlow.fd, runStart, n, 0, 0, 0);
        }
        releaseReplaced();
    }

    private DatagramFlow flowForReceived(LoopbackListener listener, int i, long now) {
        copyName(i);
        int sentTo = listener.ipv6 ? 0 : destinationOf(i);
        long key = flowKey(listener.fd, sentTo);
        DatagramFlow flow = flows.get(key);
        if (flow != null && (flow.listener != listener || flow.clientSentTo != sentTo || !flow.isClient(peerScratch))) {
            replace(flow); // a descriptor number reused by a new listener, or another flow with the same key
            flow = null;
        }
        if (flow == null) {
            flow = openToHost(listener, key, sentTo, now);
        }
        if (flow != null) {
            flow.lastUsedNanos = now;
        }
        return flow;
    }

    /**
     * To the host's loopback address the client sent to ({@code sentTo}, IPv4; pasta's
     * {@code fwd_nat_from_splice()} keeps it), else to the rule's target or 127.0.0.1 / ::1.
     */
    private DatagramFlow openToHost(LoopbackListener listener, long key, int sentTo, long now) {
        if (flows.size() >= MAX_FLOWS) {
            warnings.warn("UDP (spliced): too many flows, dropping");
            return null;
        }
        boolean v6 = listener.ipv6;
        int fd = LibC.socket(v6 ? LibC.AF_INET6 : LibC.AF_INET, LibC.SOCK_DGRAM | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC,
                0);
        if (fd < 0) {
            warnings.warn("UDP (spliced): can't open host socket: " + LibC.strerrorText(LibC.errno()));
            return null;
        }
        byte[] address = listener.rule.targetAddress() != null ? listener.rule.targetAddress().getAddress()
                : sentTo != 0 ? AddressMapping.bytes4(sentTo) : LoopbackSockets.loopback(v6);
        return connectFlow(fd, key, listener.fd, listener, address, listener.targetPort(), v6, sentTo, now);
    }

    // ---- -u: datagrams from the host's loopback to the namespace

    /** Where a {@code -u} listener's datagrams from senders other than the host's loopback go: the tap path. */
    public interface OtherSenders {
        /** {@code length} bytes at native {@code data} from {@code peer} (a sockaddr, valid during the call). */
        void forward(byte[] peer, long data, int length);
    }

    /**
     * A {@code -u} listener whose rule has no target address is readable: receives its pending datagrams in
     * batches. Those from the host's loopback go into the namespace on {@code targetPort}, consecutive ones of a
     * flow in one {@code sendmmsg}; the others go to {@code others}, in the order they came.
     */
    public void fromHostListener(int listenerFd, boolean ipv6, int targetPort, OtherSenders others) {
        for (int round = 0; round < ROUNDS_PER_WAKEUP; round++) {
            int n = receiveBatch(listenerFd);
            if (n <= 0) {
                return;
            }
            forwardHostBatch(listenerFd, ipv6, targetPort, others, n);
            if (n < BATCH) {
                return;
            }
        }
    }

    private void forwardHostBatch(int listenerFd, boolean ipv6, int targetPort, OtherSenders others, int n) {
        int runStart = 0;
        DatagramFlow runFlow = null;
        long now = System.nanoTime();
        for (int i = 0; i < n; i++) {
            copyName(i);
            boolean loopback = SpliceForwarder.isLoopbackPeer(peerScratch);
            int sentTo = loopback && sameLoopbackAddress && !ipv6 ? destinationOf(i) : 0;
            DatagramFlow flow = loopback ? flowFromHost(listenerFd, ipv6, targetPort, sentTo, now) : null;
            if (flow != runFlow) {
                if (runFlow != null) {
                    sendRun(runFlow.fd, runStart, i, 0, 0, 0);
                }
                runFlow = flow;
                runStart = i;
            }
            if (!loopback) {
                others.forward(peerScratch, base + DATA + (long) i * BUFFER, receivedLength(i));
            }
        }
        if (runFlow != null) {
            sendRun(runFlow.fd, runStart, n, 0, 0, 0);
        }
        releaseReplaced();
    }

    /**
     * The flow of the loopback sender in {@link #peerScratch} to {@code sentTo} (the host loopback address it
     * sent to with {@code --host-lo-to-ns-lo}, else 0), opened if new; null if none could be.
     */
    private DatagramFlow flowFromHost(int listenerFd, boolean ipv6, int targetPort, int sentTo, long now) {
        long key = flowKey(listenerFd, sentTo);
        DatagramFlow flow = flows.get(key);
        if (flow != null && (flow.clientSentTo != sentTo || !flow.isClient(peerScratch))) {
            replace(flow); // another flow whose mixed-in destination gave the same key
            flow = null;
        }
        if (flow == null) {
            flow = openToNamespace(listenerFd, ipv6, key, targetPort, sentTo, now);
            if (flow == null) {
                return null;
            }
        }
        flow.lastUsedNanos = now;
        return flow;
    }

    private DatagramFlow openToNamespace(int listenerFd, boolean v6, long key, int targetPort, int sentTo,
                                         long now) {
        NamespaceSocketPool pool = v6 ? nsSockets6 : nsSockets4;
        byte[] address = sentTo != 0 ? AddressMapping.bytes4(sentTo) : v6 ? namespaceTarget6 : namespaceTarget4;
        if (pool == null || address == null || flows.size() >= MAX_FLOWS) {
            warnings.warn("UDP (spliced): no flow for a loopback datagram, dropping");
            return null;
        }
        int fd = pool.take();
        if (fd < 0) {
            return null;
        }
        return connectFlow(fd, key, listenerFd, null, address, targetPort, v6, sentTo, now);
    }

    private DatagramFlow connectFlow(int fd, long key, int listenerFd, LoopbackListener listener, byte[] address,
                                     int port, boolean v6, int clientSentTo, long now) {
        byte[] peer = java.util.Arrays.copyOf(peerScratch, v6 ? SocketAddresses.SOCKADDR_IN6_SIZE
                : SocketAddresses.SOCKADDR_IN_SIZE);
        keepClientPort(fd, peer, listener != null, v6);
        byte[] target = v6 ? SocketAddresses.ipv6(address, port, 0) : SocketAddresses.ipv4(address, port);
        if (LibC.connect(fd, target, target.length) < 0) {
            warnings.warn("UDP (spliced): connect: " + LibC.strerrorText(LibC.errno()));
            LibC.close(fd);
            return null;
        }
        DatagramFlow flow = new DatagramFlow(this, key, fd, listenerFd, listener, peer, clientSentTo);
        flow.lastUsedNanos = now;
        flows.put(key, flow);
        loop.register(flow).addListener(done -> {
            if (done.isSuccess()) {
                flow.registration = (IoRegistration) done.getNow();
                flow.registration.submit(EpollIoOps.EPOLLIN);
            }
        });
        return flow;
    }

    /**
     * Binds a new flow socket to the source port of the client ({@code peer}, its sockaddr), as pasta does for UDP
     * ({@code fwd_nat_from_splice()}, {@code fwd_nat_from_host()}): the server sees the port the client sent
     * from. Towards the host ({@code -U}) the client's loopback address is kept too; into the namespace the
     * kernel picks the source address. {@code SO_REUSEADDR} as pasta sets it. Where the port is taken, pasta
     * drops the datagram; here the socket stays unbound and {@code connect} picks a free port, so the
     * datagram still goes through.
     */
    private void keepClientPort(int fd, byte[] peer, boolean towardsHost, boolean v6) {
        int clientPort = SocketAddresses.port(peer);
        byte[] local;
        if (towardsHost && (SocketAddresses.family(peer) == LibC.AF_INET6) == v6) {
            local = peer;
        } else {
            local = v6 ? SocketAddresses.ipv6(new byte[16], clientPort, 0)
                    : SocketAddresses.ipv4(new byte[4], clientPort);
        }
        LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_REUSEADDR, ONE, 4);
        if (LibC.bind(fd, local, local.length) < 0 && Log.debug) {
            Log.debug("UDP (spliced): can't keep source port " + clientPort + ": "
                    + LibC.strerrorText(LibC.errno()) + ", using another");
        }
    }

    // ---- replies

    /** A flow socket is readable: send every reply back to the client from its listener's socket. */
    void replies(DatagramFlow flow) {
        if (!flow.listenerAlive()) {
            release(flow);
            return;
        }
        for (int b = 0; b < flow.peer.length; b++) {
            block.put(REPLY_NAME + b, flow.peer[b]);
        }
        long control = 0;
        if (flow.clientSentTo != 0) { // from the address the client sent to, not the kernel's 127.0.0.1
            int at = REPLY_CONTROL + DatagramCalls.CMSG_DATA + DatagramCalls.PKTINFO_SPEC_DST;
            for (int b = 0; b < 4; b++) {
                block.put(at + b, (byte) (flow.clientSentTo >>> (24 - 8 * b)));
            }
            control = base + REPLY_CONTROL;
        }
        for (int round = 0; round < ROUNDS_PER_WAKEUP; round++) {
            int n = receiveBatch(flow.fd);
            if (n <= 0) {
                return;
            }
            flow.lastUsedNanos = System.nanoTime();
            sendRun(flow.listenerFd, 0, n, base + REPLY_NAME, flow.peer.length, control);
            if (n < BATCH) {
                return;
            }
        }
    }

    // ---- table

    /**
     * The table key of the client in {@link #peerScratch} on {@code listenerFd}, sending to {@code sentTo} (an
     * IPv4 loopback address, or 0 where the destination does not matter).
     */
    private long flowKey(int listenerFd, int sentTo) {
        long key = key(listenerFd, peerScratch);
        return sentTo == 0 ? key : key ^ spread(sentTo);
    }

    /**
     * Takes {@code flow} out of the table for a new flow with its key; it is released after the batch, whose
     * pending run may still be for it (releasing now could even hand its descriptor number to the new flow).
     */
    private void replace(DatagramFlow flow) {
        flows.remove(flow.key);
        replaced.add(flow);
    }

    private void releaseReplaced() {
        for (int r = 0; r < replaced.size(); r++) {
            replaced.get(r).release();
        }
        replaced.clear();
    }

    /** Spreads a destination address over a key's bits, so flows of one client to several addresses differ. */
    private static long spread(int address) {
        return (address & 0xffffffffL) * 0x9E3779B97F4A7C15L;
    }

    static long key(int listenerFd, byte[] sockaddr) {
        int port = SocketAddresses.port(sockaddr);
        long low24 = SocketAddresses.family(sockaddr) == LibC.AF_INET
                ? ((sockaddr[5] & 0xffL) << 16 | (sockaddr[6] & 0xffL) << 8 | (sockaddr[7] & 0xffL))
                : ((sockaddr[21] & 0xffL) << 16 | (sockaddr[22] & 0xffL) << 8 | (sockaddr[23] & 0xffL));
        return (long) listenerFd << 40 | low24 << 16 | port;
    }

    private void expire() {
        long now = System.nanoTime();
        for (DatagramFlow flow : flows.values()) {
            if (now - flow.lastUsedNanos > idleNanos || !flow.listenerAlive()) {
                expired.add(flow);
            }
        }
        releaseExpired();
    }

    private void releaseExpired() {
        for (DatagramFlow flow : expired) {
            release(flow);
        }
        expired.clear();
    }

    private void release(DatagramFlow flow) {
        if (flows.get(flow.key) == flow) {
            flows.remove(flow.key);
        }
        flow.release();
    }

    /**
     * Ends the {@code -u} flows whose replies go out of host socket {@code listenerFd}, which is being closed
     * (its number could otherwise come back as another socket while they still send from it).
     */
    public void closeFlowsBorrowing(int listenerFd) {
        for (DatagramFlow flow : flows.values()) {
            if (flow.listenerFd == listenerFd) {
                expired.add(flow);
            }
        }
        releaseExpired();
    }

    /** Live spliced datagram flows. */
    public int flowCount() {
        return flows.size();
    }
}
