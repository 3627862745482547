package org.jpasta.tcp;

import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.util.concurrent.Future;
import org.jpasta.flow.AddressMapping;
import org.jpasta.log.Log;
import org.jpasta.log.RateLimitedWarning;
import org.jpasta.sys.LibC;
import org.jpasta.sys.SocketAddresses;
import org.jpasta.sys.TcpCalls;
import org.jpasta.tap.DropCounters;
import org.jpasta.tap.TapOutput;
import org.jpasta.tap.TransportHandler;
import org.jpasta.wire.Ipv4Packet;
import org.jpasta.wire.Ipv6Packet;
import org.jpasta.wire.TcpOptions;
import org.jpasta.wire.TcpSegment;

import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * TCP from the guest, carried by host sockets: pasta's {@code tcp.c} entry points.
 *
 * <p>Theory of operation: every TCP segment the dispatcher hands over is looked up by 4-tuple in the
 * {@link FlowTable}; a hit goes to its {@link TcpConnection}, a SYN without a flow opens one (a non-blocking
 * host {@code connect()} to the translated destination), anything else is answered with a RST as a host with
 * no such connection would. Work that is cheaper done once per batch of frames is queued during the batch and
 * done at {@link #endOfBatch}: one ACK per connection, however many segments it got, and one discard of what
 * the guest acknowledged. Connections that could not finish sending (tap full, or their per-call share used
 * up) are queued for a retry, run soon or on the next timer tick. All of it runs on the one event loop; nothing
 * here allocates per segment.
 */
public final class TcpTranslator implements TransportHandler {
    /** pasta's FLOW_MAX. */
    public static final int DEFAULT_FLOW_LIMIT = 131071;

    final GuestSegments segments;
    final HostSocket host = new HostSocket();
    final TimerWheel timers;
    final TcpStats stats = new TcpStats();
    private io.netty.util.concurrent.ScheduledFuture<?> ticker;
    final boolean peekOffsetSupported;
    private final FlowTable table;
    private final AddressMapping mapping;
    private final IoEventLoop loop;
    private final DropCounters drops;
    private final int ourMss4, ourMss6, scopeId6;
    private final TcpSegment seg = new TcpSegment();
    private final TcpOptions options = new TcpOptions();
    private final RateLimitedWarning limitWarning = new RateLimitedWarning();
    private final RateLimitedWarning socketWarning = new RateLimitedWarning();
    private TcpConnection batchHead;
    private TcpConnection retryHead;
    private final Runnable retryTask = this::runRetries;
    private boolean retryScheduled;
    private byte[] outboundBind4, outboundBind6, outboundDevice4, outboundDevice6;

    public TcpTranslator(AddressMapping mapping, IoEventLoop loop, TapOutput out, DropCounters drops, int mtu,
                         int flowLimit, int scopeId6) {
        this.mapping = mapping;
        this.loop = loop;
        this.drops = drops;
        this.segments = new GuestSegments(out);
        this.table = new FlowTable(flowLimit);
        this.ourMss4 = WindowPolicy.ourMss(mtu, false);
        this.ourMss6 = WindowPolicy.ourMss(mtu, true);
        this.scopeId6 = scopeId6;
        this.timers = new TimerWheel(System.nanoTime(), this::startTicking);
        this.peekOffsetSupported = host.probePeekOffset();
        if (peekOffsetSupported) {
            Log.debug("SO_PEEK_OFF supported");
        }
        if (Log.debug) {
            loop.scheduleAtFixedRate(() -> Log.debug("tcp: " + statistics()), 1, 1, TimeUnit.SECONDS);
        }
    }

    int ourMss(boolean v6) {
        return v6 ? ourMss6 : ourMss4;
    }

    /**
     * Whether some guest socket may still send: true while a connection has seen neither the guest's FIN nor its
     * RST. Once the spawned command has exited, the guest kernel closes its orphaned sockets by itself.
     */
    public boolean guestStillSending() {
        return table.anyGuestSenderOpen();
    }

    /** Number of open connections. */
    public int connectionCount() {
        return table.size();
    }

    public String statistics() {
        return stats + " flows=" + table.size() + " segmentsToGuest=" + segments.segmentsSent + " tapFull="
                + segments.sendFailures;
    }

    // ------------------------------------------------------------------ from the guest

    @Override
    public void fromGuest4(ByteBuffer frame, Ipv4Packet ip) {
        if (!seg.wrap(frame, ip.payloadOffset(), ip.payloadLength())) {
            drops.malformed(seg.dropReason(), "TCP");
            return;
        }
        long src = ip.source() & 0xffffffffL, dst = ip.destination() & 0xffffffffL;
        TcpConnection c = table.find(false, 0, src, seg.sourcePort(), 0, dst, seg.destinationPort());
        if (c != null) {
            c.fromGuest(seg, options, System.nanoTime());
        } else {
            noConnection(false, 0, src, 0, dst);
        }
    }

    @Override
    public void fromGuest6(ByteBuffer frame, Ipv6Packet ip) {
        if (!seg.wrap(frame, ip.upperLayerOffset(), ip.upperLayerLength())) {
            drops.malformed(seg.dropReason(), "TCP");
            return;
        }
        long sHi = ip.sourceHi(), sLo = ip.sourceLo(), dHi = ip.destinationHi(), dLo = ip.destinationLo();
        TcpConnection c = table.find(true, sHi, sLo, seg.sourcePort(), dHi, dLo, seg.destinationPort());
        if (c != null) {
            c.fromGuest(seg, options, System.nanoTime());
        } else {
            noConnection(true, sHi, sLo, dHi, dLo);
        }
    }

    private void noConnection(boolean v6, long sHi, long sLo, long dHi, long dLo) {
        int flags = seg.flags();
        if ((flags & TcpSegment.FLAG_RST) != 0) {
            return;
        }
        if ((flags & (TcpSegment.FLAG_SYN | TcpSegment.FLAG_ACK)) == TcpSegment.FLAG_SYN) {
            if (!validEndpoints(v6, sHi, sLo, dHi, dLo)) {
                Log.debug("Invalid endpoint in TCP SYN");
                drops.unhandled(DropCounters.Unhandled.IP_PROTOCOL);
                return;
            }
            connectFromGuest(v6, sHi, sLo, dHi, dLo);
            return;
        }
        resetUnknown(v6, sHi, sLo, dHi, dLo);
    }

    /** Answers a segment of no connection the way RFC 9293 §3.10.7.1 says a closed port does. */
    private void resetUnknown(boolean v6, long sHi, long sLo, long dHi, long dLo) {
        stats.resetsToUnknown++;
        int flags = seg.flags();
        if ((flags & TcpSegment.FLAG_ACK) != 0) {
            segments.resetUnknown(v6, dHi, dLo, seg.destinationPort(), sHi, sLo, seg.sourcePort(),
                    seg.acknowledgementNumber(), 0, TcpSegment.FLAG_RST);
        } else {
            int length = seg.payloadLength() + ((flags & TcpSegment.FLAG_SYN) != 0 ? 1 : 0)
                    + ((flags & TcpSegment.FLAG_FIN) != 0 ? 1 : 0);
            segments.resetUnknown(v6, dHi, dLo, seg.destinationPort(), sHi, sLo, seg.sourcePort(), 0,
                    seg.sequenceNumber() + length, TcpSegment.FLAG_RST | TcpSegment.FLAG_ACK);
        }
    }

    private boolean validEndpoints(boolean v6, long sHi, long sLo, long dHi, long dLo) {
        if (seg.sourcePort() == 0 || seg.destinationPort() == 0) {
            return false;
        }
        if (v6) {
            return isUnicast6(sHi, sLo) && isUnicast6(dHi, dLo);
        }
        return isUnicast4((int) sLo) && isUnicast4((int) dLo);
    }

    private static boolean isUnicast4(int a) {
        return a != 0 && a != -1 && (a >>> 28) != 0xe;
    }

    private static boolean isUnicast6(long hi, long lo) {
        return (hi != 0 || lo != 0) && (hi >>> 56) != 0xff;
    }

    private void connectFromGuest(boolean v6, long sHi, long sLo, long dHi, long dLo) {
        if (table.isFull()) {
            stats.refusedNoSlot++;
            drops.unhandled(DropCounters.Unhandled.NO_FLOW_SLOT);
            limitWarning.warn("tcp: flow table full (" + table.limit() + " flows), refusing new connection");
            resetUnknown(v6, sHi, sLo, dHi, dLo);
            return;
        }
        int fd = HostSocket.open(v6);
        if (fd < 0) {
            refuseNoSocket(v6, sHi, sLo, dHi, dLo);
            return;
        }
        host.noDelay(fd);
        bindOutbound(fd, v6);
        int dstPort = seg.destinationPort();
        byte[] target = v6 ? mapping.outboundTarget6(dHi, dLo, dstPort, scopeId6)
                : mapping.outboundTarget4((int) dLo, dstPort);
        TcpConnection c = new TcpConnection(this, v6, sHi, sLo, seg.sourcePort(), dHi, dLo, dstPort);
        c.attachSocket(fd);
        options.parse(seg);
        long now = System.nanoTime();
        c.synFromGuest(seg, options, ThreadLocalRandom.current().nextInt(), now);
        table.add(c);
        stats.connectionsOpened++;
        if (!register(c)) {
            return;
        }
        if (LibC.connect(fd, target, target.length) == 0) {
            c.connected(now);
            return;
        }
        int errno = LibC.errno();
        if (errno != TcpCalls.EINPROGRESS) {
            if (Log.debug) {
                Log.debug("tcp: connect: " + LibC.strerrorText(errno));
            }
            stats.connectFailures++;
            c.resetBoth(null);
        }
    }

    /** {@code -o} and {@code --outbound-if4/6}: the source side of outbound sockets. */
    public void setOutbound(byte[] address4, String interface4, byte[] address6, String interface6) {
        outboundBind4 = address4 == null ? null : SocketAddresses.ipv4(address4, 0);
        outboundBind6 = address6 == null ? null : SocketAddresses.ipv6(address6, 0, 0);
        outboundDevice4 = deviceName(interface4);
        outboundDevice6 = deviceName(interface6);
    }

    private static byte[] deviceName(String name) {
        return name == null ? null : (name + "\0").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private void bindOutbound(int fd, boolean v6) {
        byte[] device = v6 ? outboundDevice6 : outboundDevice4;
        if (device != null && LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_BINDTODEVICE, device, device.length) < 0
                && Log.debug) {
            Log.debug("tcp: SO_BINDTODEVICE: " + LibC.strerrorText(LibC.errno()));
        }
        byte[] address = v6 ? outboundBind6 : outboundBind4;
        if (address != null && LibC.bind(fd, address, address.length) < 0 && Log.debug) {
            Log.debug("tcp: bind to outbound address: " + LibC.strerrorText(LibC.errno()));
        }
    }

    private void refuseNoSocket(boolean v6, long sHi, long sLo, long dHi, long dLo) {
        int errno = LibC.errno();
        stats.refusedNoSocket++;
        drops.unhandled(DropCounters.Unhandled.SOCKET_ERROR);
        socketWarning.warn("tcp: can't open socket: " + LibC.strerrorText(errno) + ", refusing new connection");
        resetUnknown(v6, sHi, sLo, dHi, dLo);
    }

    // ------------------------------------------------------------------ from host listeners

    /**
     * An accepted host connection for the guest: a SYN to {@code guest:guestPort} from the client's address
     * as the guest should see it. Takes ownership of {@code fd}.
     */
    void acceptedFromHost(int fd, boolean v6, long peerHi, long peerLo, int peerPort, int guestPort) {
        long srcHi, srcLo, dstHi, dstLo;
        if (v6) {
            srcHi = mapping.inboundSource6Hi(peerHi, peerLo);
            srcLo = mapping.inboundSource6Lo(peerHi, peerLo);
            dstHi = mapping.guest6Hi();
            dstLo = mapping.guest6Lo();
        } else {
            srcHi = 0;
            srcLo = mapping.inboundSource4((int) peerLo) & 0xffffffffL;
            dstHi = 0;
            dstLo = mapping.guest4() & 0xffffffffL;
        }
        if (table.isFull() || table.find(v6, dstHi, dstLo, guestPort, srcHi, srcLo, peerPort) != null) {
            stats.refusedNoSlot++;
            limitWarning.warn("tcp: flow table full (" + table.limit() + " flows), refusing connection");
            host.lingerZero(fd);
            LibC.close(fd);
            return;
        }
        host.noDelay(fd);
        TcpConnection c = new TcpConnection(this, v6, dstHi, dstLo, guestPort, srcHi, srcLo, peerPort);
        c.attachSocket(fd);
        table.add(c);
        stats.connectionsAccepted++;
        if (register(c)) {
            c.accepted(ThreadLocalRandom.current().nextInt(), System.nanoTime());
        }
    }

    // ------------------------------------------------------------------ loop plumbing

    private boolean register(TcpConnection c) {
        Future<IoRegistration> f = loop.register(c);
        if (f.isDone()) {
            return registered(c, f);
        }
        f.addListener(done -> registered(c, f));
        return !c.closed;
    }

    private boolean registered(TcpConnection c, Future<IoRegistration> f) {
        if (!f.isSuccess()) {
            socketWarning.warn("tcp: can't register socket: " + f.cause());
            c.resetBoth(null);
            return false;
        }
        c.registered(f.getNow());
        return true;
    }

    void queueAck(TcpConnection c) {
        c.ackQueued = true;
        queueForBatch(c);
    }

    /** Puts a connection on the list {@link #endOfBatch} goes through (ACK to send, acknowledged bytes to drop). */
    void queueForBatch(TcpConnection c) {
        if (!c.batchQueued) {
            c.batchQueued = true;
            c.nextInBatch = batchHead;
            batchHead = c;
        }
    }

    /** Asks for {@link TcpConnection#dataFromSocket} to run again soon. */
    void retryLater(TcpConnection c) {
        if (c.retryQueued) {
            return;
        }
        c.retryQueued = true;
        c.nextRetry = retryHead;
        retryHead = c;
        if (!retryScheduled) {
            retryScheduled = true;
            loop.execute(retryTask);
        }
    }

    private void runRetries() {
        retryScheduled = false;
        TcpConnection c = retryHead;
        retryHead = null;
        long now = System.nanoTime();
        while (c != null) {
            TcpConnection next = c.nextRetry;
            c.nextRetry = null;
            c.retryQueued = false;
            c.dataFromSocket(now);
            c = next;
        }
    }

    @Override
    public void endOfBatch() {
        TcpConnection c = batchHead;
        batchHead = null;
        while (c != null) {
            TcpConnection next = c.nextInBatch;
            c.nextInBatch = null;
            c.batchQueued = false;
            c.endOfBatch();
            c = next;
        }
    }

    void removed(TcpConnection c) {
        table.remove(c);
    }

    /** Starts the wheel's periodic advance; called when the first timer is armed on an empty wheel. */
    private void startTicking() {
        if (ticker == null) {
            ticker = loop.scheduleAtFixedRate(this::tick, TimerWheel.TICK_NANOS, TimerWheel.TICK_NANOS,
                    TimeUnit.NANOSECONDS);
        }
    }

    private void tick() {
        timers.advance(System.nanoTime());
        if (timers.size() == 0 && ticker != null) {
            ticker.cancel(false); // nothing pending: no wake-ups until the next timer is armed
            ticker = null;
        }
    }
}
