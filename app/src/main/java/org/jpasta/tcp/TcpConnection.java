package org.jpasta.tcp;

import io.netty.channel.IoEvent;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoEvent;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.internal.PlatformDependent;
import org.jpasta.log.Log;
import org.jpasta.sys.LibC;
import org.jpasta.sys.TcpCalls;
import org.jpasta.wire.TcpOptions;
import org.jpasta.wire.TcpSegment;

import java.io.IOException;

/**
 * One guest TCP connection and the host socket that carries it (pasta's {@code struct tcp_tap_conn}).
 *
 * <p>Theory of operation: there is no TCP stack here. The host kernel runs TCP with the real peer; this object
 * only reflects one side onto the other. Guest data is written to the socket straight from the tap frame and
 * acknowledged once the socket took it; the window offered to the guest is the room in the socket's send
 * buffer. Socket data is peeked into tap frames and stays queued in the socket until the guest acknowledges it,
 * so a retransmission is a rewind and a second peek. Instead of a state machine the connection keeps pasta's
 * event bits (what has happened: SYN received, FIN sent, ...), from which every decision follows.
 *
 * <p>The socket is registered edge-triggered for input, peer FIN and output: an input edge means new data,
 * which is sent as far as the guest's window allows; the rest is sent when the guest's next acknowledgement
 * opens the window. Output interest is re-armed only when the offered window was squeezed, so that the
 * window update follows as soon as the kernel frees send-buffer space. One timer per connection
 * ({@link TimerWheel}) covers retransmission, window probes, keepalive and inactivity. Event-loop confined.
 */
final class TcpConnection extends TimerWheel.Entry implements EpollIoHandle {
    // events (pasta tcp_conn.h); SOCK_ACCEPTED, TAP_SYN_RCVD and ESTABLISHED clear the others
    static final int SOCK_ACCEPTED = 1, TAP_SYN_RCVD = 1 << 1, TAP_SYN_ACK_SENT = 1 << 2, ESTABLISHED = 1 << 3,
            SOCK_FIN_RCVD = 1 << 4, SOCK_FIN_SENT = 1 << 5, TAP_FIN_RCVD = 1 << 6, TAP_FIN_SENT = 1 << 7,
            TAP_FIN_ACKED = 1 << 8;

    static final long RTO_INIT_NANOS = 1_000_000_000L;
    static final int MAX_RETRIES = 7;
    static final int MAX_SYN_RETRIES = 7;
    static final long KEEPALIVE_NANOS = 30_000_000_000L;
    static final long INACTIVITY_NANOS = 7200_000_000_000L;
    /** Segments sent per call, so that one busy connection cannot starve the others. */
    static final int MAX_SEGMENTS_PER_CALL = 64;

    private static final EpollIoOps SOCKET_OPS =
            EpollIoOps.EPOLLIN.with(EpollIoOps.EPOLLOUT).with(EpollIoOps.EPOLLRDHUP).with(EpollIoOps.EPOLLET);
    private static final int OPS_ERR = EpollIoOps.EPOLLERR.value(), OPS_IN = EpollIoOps.EPOLLIN.value(),
            OPS_OUT = EpollIoOps.EPOLLOUT.value(), OPS_RDHUP = EpollIoOps.EPOLLRDHUP.value(), OPS_HUP = 0x10;

    // key (see FlowTable); IPv4 addresses in the lo words
    final boolean v6;
    final long guestHi, guestLo, remoteHi, remoteLo;
    final int guestPort, remotePort;

    private final TcpTranslator owner;
    int fd = -1;
    private FileDescriptor fdObject;
    private IoRegistration registration;
    int events;
    boolean closed;

    final ToGuestSequence toGuest = new ToGuestSequence();
    int seqFromGuest;
    int seqAckToGuest;
    int guestWindowScale;
    int mssToGuest = WindowPolicy.MSS_DEFAULT;
    int windowToGuest = WindowPolicy.WINDOW_DEFAULT;
    private boolean guestOfferedScale;
    /** Scale of the windows we send: ours only if both SYNs carried the option (RFC 7323 §2.2). */
    private int ourWindowScale;
    /** Sending stopped short (window full, tap full, share used up): the next ACK or retry continues it. */
    private boolean stalled;
    private boolean keepaliveSet;

    boolean ackQueued, retryQueued, batchQueued;
    /**
     * Bytes the guest acknowledged that are still in the socket. They are discarded once per batch of tap frames
     * ({@link #endOfBatch}), as pasta's {@code tcp_data_from_tap()} consumes once per batch: one window update
     * to the host's sender instead of one per guest ACK. Each of those lets the sender transmit from this
     * thread's CPU while it also transmits from its own, and the two loopback queues then deliver out of order
     * (measured: SACK recoveries and spurious retransmissions host → namespace). Everything that depends on
     * the socket's read position discards them first.
     */
    private int ackedUndiscarded;
    /** The queued ACK must go out even if it repeats the last one (a deliberate duplicate ACK). */
    boolean duplicateAckWanted;
    private int lastWindowField = -1;
    /** Window from the last SO_MEMINFO reading, and guest bytes written to the socket since. */
    private int measuredWindow, writtenSinceMeasure;
    /** The send buffer was full or nearly: the next EPOLLOUT edge is worth a window update. */
    private boolean sendBufferLimited;
    TcpConnection nextInBatch, nextRetry;

    int retries;
    long rtoDeadline;
    long lastGuestActivity, lastActivity;

    TcpConnection(TcpTranslator owner, boolean v6, long guestHi, long guestLo, int guestPort, long remoteHi,
                  long remoteLo, int remotePort) {
        this.owner = owner;
        this.v6 = v6;
        this.guestHi = guestHi;
        this.guestLo = guestLo;
        this.guestPort = guestPort;
        this.remoteHi = remoteHi;
        this.remoteLo = remoteLo;
        this.remotePort = remotePort;
    }

    boolean has(int event) {
        return (events & event) != 0;
    }

    private void set(int event) {
        if ((event & (SOCK_ACCEPTED | TAP_SYN_RCVD | ESTABLISHED)) != 0) {
            events = event | (events & SOCK_FIN_RCVD); // the peer's FIN may come during the handshake
        } else {
            events |= event;
        }
    }

    // ------------------------------------------------------------------ setup

    void attachSocket(int socketFd) {
        fd = socketFd;
        fdObject = new FileDescriptor(socketFd);
        if (owner.peekOffsetSupported) {
            owner.host.setPeekOffset(fd, 0); // peeks continue where the last one ended
        }
    }

    void registered(IoRegistration reg) {
        registration = reg;
        if (closed) {
            reg.cancel();
            return;
        }
        reg.submit(SOCKET_OPS);
    }

    /** Outbound: the guest's SYN has been seen and {@code connect()} started. */
    void synFromGuest(TcpSegment syn, TcpOptions options, int isn, long now) {
        seqFromGuest = syn.sequenceNumber() + 1;
        seqAckToGuest = seqFromGuest;
        takeGuestSynOptions(options, syn.window());
        toGuest.start(isn);
        lastGuestActivity = lastActivity = now;
        set(TAP_SYN_RCVD);
    }

    /** Outbound: the host connect() completed; answer the guest's SYN. */
    void connected(long now) {
        events = TAP_SYN_ACK_SENT | (events & SOCK_FIN_RCVD); // no longer connecting
        sendSyn(TcpSegment.FLAG_SYN | TcpSegment.FLAG_ACK);
        toGuest.sent(1);
        startRto(now);
    }

    /** Inbound: an accepted socket becomes a SYN to the guest. */
    void accepted(int isn, long now) {
        toGuest.start(isn);
        lastGuestActivity = lastActivity = now;
        set(SOCK_ACCEPTED);
        sendSyn(TcpSegment.FLAG_SYN);
        toGuest.sent(1);
        startRto(now);
    }

    private void sendSyn(int flags) {
        int seq = toGuest.acked;
        int scale = (flags & TcpSegment.FLAG_ACK) == 0 || guestOfferedScale ? WindowPolicy.OUR_WINDOW_SCALE : -1;
        owner.segments.synAt(this, seq, flags, owner.ourMss(v6), scale,
                WindowPolicy.encode(WindowPolicy.WINDOW_DEFAULT, 0));
    }

    private void takeGuestSynOptions(TcpOptions options, int window) {
        guestOfferedScale = options.windowScale() != TcpOptions.ABSENT;
        ourWindowScale = guestOfferedScale ? WindowPolicy.OUR_WINDOW_SCALE : 0;
        guestWindowScale = WindowPolicy.guestWindowScale(options.windowScale());
        mssToGuest = WindowPolicy.mssToGuest(options.mss(), v6, owner.segments.maxL3Length());
        toGuest.window = window; // unscaled in a SYN
    }

    // ------------------------------------------------------------------ segments from the guest

    void fromGuest(TcpSegment seg, TcpOptions options, long now) {
        int flags = seg.flags();
        lastGuestActivity = lastActivity = now;
        if ((flags & TcpSegment.FLAG_RST) != 0) {
            resetFromGuest();
            return;
        }
        if (has(TAP_SYN_RCVD)) {
            return; // connect() still in progress: a retransmitted SYN needs no answer yet
        }
        if (has(SOCK_ACCEPTED)) {
            synAckFromGuest(seg, options, flags, now);
            return;
        }
        if (has(TAP_SYN_ACK_SENT)) {
            if ((flags & (TcpSegment.FLAG_SYN | TcpSegment.FLAG_ACK)) == TcpSegment.FLAG_SYN) {
                sendSyn(TcpSegment.FLAG_SYN | TcpSegment.FLAG_ACK); // our SYN-ACK was lost
                return;
            }
            if ((flags & TcpSegment.FLAG_ACK) == 0 || seg.acknowledgementNumber() != toGuest.next) {
                return;
            }
            becomeEstablished();
        }
        if ((flags & TcpSegment.FLAG_SYN) != 0) {
            queueDuplicateAck();
            return;
        }
        int payload = seg.payloadLength();
        if ((flags & TcpSegment.FLAG_ACK) != 0) {
            boolean pure = payload == 0 && (flags & TcpSegment.FLAG_FIN) == 0;
            ackFromGuest(seg.acknowledgementNumber(), WindowPolicy.decode(seg.window(), guestWindowScale), pure, now);
            if (closed) {
                return;
            }
        }
        if (payload > 0) {
            dataFromGuest(seg, payload);
        }
        if ((flags & TcpSegment.FLAG_FIN) != 0 && !closed) {
            finFromGuest(seg.sequenceNumber() + payload);
        }
    }

    private void synAckFromGuest(TcpSegment seg, TcpOptions options, int flags, long now) {
        int synAck = TcpSegment.FLAG_SYN | TcpSegment.FLAG_ACK;
        if ((flags & synAck) != synAck || seg.acknowledgementNumber() != toGuest.next) {
            return;
        }
        options.parse(seg);
        seqFromGuest = seg.sequenceNumber() + 1;
        takeGuestSynOptions(options, seg.window());
        becomeEstablished();
        sendAck();
        dataFromSocket(now);
    }

    private void becomeEstablished() {
        set(ESTABLISHED);
        stalled = true; // data that came during the handshake had its input edge already
        toGuest.acked = toGuest.next;
        retries = 0;
        rtoDeadline = 0;
        if (!guestOfferedScale) {
            guestWindowScale = 0;
        }
    }

    private void ackFromGuest(int ack, int window, boolean pureAck, long now) {
        int result = toGuest.onAck(ack, window, pureAck);
        switch (result) {
            case ToGuestSequence.ACK_ADVANCED -> {
                int bytes = toGuest.bytesAcked();
                if (bytes > 0) {
                    ackedUndiscarded += bytes;
                    owner.queueForBatch(this);
                }
                retries = 0;
                if (toGuest.finAcked()) {
                    if (!discardAcked()) {
                        return; // closing with unread bytes in the socket would reset the host's peer
                    }
                    set(TAP_FIN_ACKED);
                    if (closeIfDone()) {
                        return;
                    }
                }
                rtoDeadline = toGuest.inFlight() > 0 ? now + RTO_INIT_NANOS : 0;
                if (stalled) {
                    dataFromSocket(now); // otherwise the socket's next input edge brings the next data
                }
            }
            case ToGuestSequence.ACK_DUPLICATE -> {
                owner.stats.fastRetransmits++;
                rewind();
                dataFromSocket(now);
            }
            case ToGuestSequence.ACK_WINDOW_ONLY -> {
                if (stalled) {
                    dataFromSocket(now);
                }
            }
            default -> {
            }
        }
    }

    private void dataFromGuest(TcpSegment seg, int payload) {
        int skip = seqFromGuest - seg.sequenceNumber();
        if (skip < 0) {
            owner.stats.outOfOrder++;
            queueDuplicateAck(); // a gap: the duplicate ACK makes the guest resend
            return;
        }
        if (skip >= payload) {
            if (payload <= 1 && skip > 0) {
                keepaliveFromGuest();
            }
            queueDuplicateAck(); // keepalive or retransmission: answer it
            return;
        }
        if (has(TAP_FIN_RCVD)) {
            return;
        }
        long address = PlatformDependent.directBufferAddress(seg.buffer()) + seg.payloadOffset() + skip;
        long n = HostSocket.send(fd, address, payload - skip);
        if (n < 0) {
            int errno = LibC.errno();
            if (errno == TcpCalls.EAGAIN) {
                measuredWindow = 0;
                owner.stats.sendBufferFull++;
                rearmOutput();
                queueDuplicateAck();
                return;
            }
            if (errno != TcpCalls.EPIPE) {
                resetBoth("send");
            }
            return;
        }
        seqFromGuest += (int) n;
        writtenSinceMeasure += (int) n;
        if (n < payload - skip) {
            measuredWindow = 0;
            owner.stats.sendBufferFull++;
            rearmOutput();
            duplicateAckWanted = true;
        }
        queueAck();
    }

    private void keepaliveFromGuest() {
        if (!keepaliveSet) {
            keepaliveSet = true;
            owner.host.setInt(fd, LibC.SOL_SOCKET, LibC.SO_KEEPALIVE, 1);
        }
    }

    private void finFromGuest(int finSequence) {
        if (finSequence != seqFromGuest || has(TAP_FIN_RCVD)) {
            queueDuplicateAck();
            return;
        }
        seqFromGuest++;
        set(TAP_FIN_RCVD);
        LibC.shutdown(fd, LibC.SHUT_WR);
        set(SOCK_FIN_SENT);
        queueAck();
        closeIfDone();
    }

    private void resetFromGuest() {
        owner.host.lingerZero(fd);
        release();
    }

    // ------------------------------------------------------------------ socket to guest

    /**
     * Sends what the socket holds beyond what is in flight, as far as the guest's window allows: one peek fills
     * up to {@link GuestSegments#BATCH} segments (see there why one peek, not one per segment).
     */
    void dataFromSocket(long now) {
        if (closed || !has(ESTABLISHED) || toGuest.finSent) {
            return;
        }
        stalled = false;
        int sent = 0;
        while (sent < MAX_SEGMENTS_PER_CALL) {
            int room = toGuest.room();
            if (room == 0) {
                stalled = true;
                if (toGuest.window == 0) {
                    armProbe(now);
                }
                return;
            }
            int segments = Math.min(Math.min(GuestSegments.BATCH, MAX_SEGMENTS_PER_CALL - sent),
                    (int) Math.min(HostSocket.MAX_PEEK_SEGMENTS, ((long) room + mssToGuest - 1) / mssToGuest));
            int requested = (int) Math.min(room, (long) segments * mssToGuest);
            long address = owner.segments.payloadAddress(v6, 0);
            long n;
            if (owner.peekOffsetSupported) {
                n = owner.host.peekSegments(fd, address, GuestSegments.SLOT, mssToGuest, requested);
            } else {
                requested = Math.min(requested, mssToGuest);
                if (!discardAcked()) {
                    return;
                }
                n = owner.host.peekAfter(fd, toGuest.inFlight(), address, requested);
            }
            if (n < 0) {
                int errno = LibC.errno();
                if (errno != TcpCalls.EAGAIN) {
                    resetBoth("recv(MSG_PEEK)");
                }
                return;
            }
            if (n == 0) {
                endOfStream(now);
                return;
            }
            // the queue ended before what we asked for: if the peer's FIN is in, it rides on the last segment
            boolean drained = n < requested;
            int left = (int) n;
            for (int slot = 0; left > 0; slot++, sent++) {
                int length = Math.min(left, mssToGuest);
                left -= length;
                if (!sendData(slot, length, drained && left == 0 && has(SOCK_FIN_RCVD), now)) {
                    return;
                }
            }
            if (drained) {
                return; // the queue is drained: the next arrival is a new input edge
            }
        }
        stalled = true;
        owner.retryLater(this); // more may be waiting: continue after the others had their turn
    }

    private boolean sendData(int slot, int length, boolean fin, long now) {
        int flags = TcpSegment.FLAG_ACK | TcpSegment.FLAG_PSH | (fin ? TcpSegment.FLAG_FIN : 0);
        if (!owner.segments.data(this, slot, toGuest.next, flags, WindowPolicy.encode(windowToGuest,
                ourWindowScale), length)) {
            // the tap is full: forget this peek and try again shortly
            if (owner.peekOffsetSupported && discardAcked()) {
                owner.host.setPeekOffset(fd, toGuest.inFlight());
            }
            stalled = true;
            owner.retryLater(this);
            return false;
        }
        toGuest.sent(length);
        if (fin) {
            toGuest.sentFin();
            set(TAP_FIN_SENT);
        }
        seqAckToGuest = seqFromGuest;
        lastWindowField = WindowPolicy.encode(windowToGuest, ourWindowScale);
        lastActivity = now;
        startRto(now);
        return true;
    }

    private void endOfStream(long now) {
        if (!owner.peekOffsetSupported && !has(SOCK_FIN_RCVD)) {
            return; // the fallback peek returns 0 for "nothing new" too
        }
        set(SOCK_FIN_RCVD);
        // Unlike pasta, the FIN follows the last data at once instead of waiting for its ACK: a guest that
        // delays ACKs would otherwise hold every close up by a delayed-ACK timeout.
        if (owner.segments.control(this, toGuest.next, TcpSegment.FLAG_FIN | TcpSegment.FLAG_ACK,
                WindowPolicy.encode(windowToGuest, ourWindowScale))) {
            toGuest.sentFin();
            set(TAP_FIN_SENT);
            seqAckToGuest = seqFromGuest;
            startRto(now);
        } else {
            stalled = true;
            owner.retryLater(this);
        }
    }

    private void rewind() {
        if (!discardAcked()) {
            return;
        }
        toGuest.rewind();
        if (owner.peekOffsetSupported) {
            owner.host.setPeekOffset(fd, 0);
        }
        events &= ~TAP_FIN_SENT;
    }

    /** Discards what the guest acknowledged since the last discard; false if the connection was reset. */
    private boolean discardAcked() {
        if (ackedUndiscarded == 0 || closed) {
            return !closed;
        }
        int bytes = ackedUndiscarded;
        ackedUndiscarded = 0;
        if (HostSocket.discard(fd, bytes) < 0) {
            resetBoth("recv(MSG_TRUNC)");
            return false;
        }
        return true;
    }

    /** The tap batch is over: discard what the guest acknowledged in it, then send the queued ACK. */
    void endOfBatch() {
        discardAcked();
        if (ackQueued) {
            ackQueued = false;
            sendAck();
        }
    }

    // ------------------------------------------------------------------ ACKs and windows to the guest

    void queueAck() {
        owner.queueAck(this);
    }

    private void queueDuplicateAck() {
        duplicateAckWanted = true;
        owner.queueAck(this);
    }

    /**
     * Sends an ACK with the current window, unless it would repeat the last one exactly: the guest counts
     * repeated ACKs as duplicates, and three of them make it retransmit.
     */
    void sendAck() {
        if (closed || fd < 0) {
            return;
        }
        windowToGuest = currentWindow();
        int field = WindowPolicy.encode(windowToGuest, ourWindowScale);
        boolean repeat = seqAckToGuest == seqFromGuest && field == lastWindowField;
        if (repeat && !duplicateAckWanted) {
            return;
        }
        duplicateAckWanted = false;
        owner.segments.control(this, toGuest.next, TcpSegment.FLAG_ACK, field);
        seqAckToGuest = seqFromGuest;
        lastWindowField = field;
    }

    private int currentWindow() {
        if (has(SOCK_FIN_SENT)) {
            return windowToGuest; // we shut down writing: the window no longer matters
        }
        if (!has(ESTABLISHED)) {
            return WindowPolicy.WINDOW_DEFAULT;
        }
        // What we wrote since the last reading can only have used room: while that estimate keeps three
        // quarters of the reading, it stands in for another getsockopt (one per ACK otherwise).
        int estimate = measuredWindow - writtenSinceMeasure;
        if (measuredWindow > 0 && estimate >= measuredWindow - (measuredWindow >> 2)) {
            return estimate;
        }
        if (!owner.host.readSendBuffer(fd)) {
            return WindowPolicy.WINDOW_DEFAULT;
        }
        int sndbuf = owner.host.sndbuf(), queued = owner.host.wmemQueued();
        if ((long) (sndbuf - queued) * 2 < queued) {
            rearmOutput(); // not writable: ask for EPOLLOUT when the kernel frees room
        }
        measuredWindow = WindowPolicy.windowFromSendBuffer(sndbuf, queued);
        writtenSinceMeasure = 0;
        return measuredWindow;
    }

    private void rearmOutput() {
        sendBufferLimited = true;
        if (registration != null) {
            registration.submit(SOCKET_OPS);
        }
    }

    // ------------------------------------------------------------------ socket events

    @Override
    public void handle(IoRegistration reg, IoEvent event) {
        if (closed) {
            return;
        }
        int ops = ((EpollIoEvent) event).ops().value();
        long now = System.nanoTime();
        lastActivity = now;
        if (has(TAP_SYN_RCVD)) {
            connectEvent(ops, now);
            if (!closed && (ops & OPS_RDHUP) != 0) {
                set(SOCK_FIN_RCVD); // data and FIN may come with the connect edge: read once established
            }
            return;
        }
        if ((ops & OPS_ERR) != 0) {
            resetBoth(null);
            return;
        }
        if ((ops & (OPS_RDHUP | OPS_HUP)) != 0) {
            set(SOCK_FIN_RCVD);
        }
        if ((ops & (OPS_IN | OPS_RDHUP | OPS_HUP)) != 0) {
            dataFromSocket(now);
        }
        if ((ops & OPS_OUT) != 0 && sendBufferLimited && has(ESTABLISHED) && !closed) {
            // every edge reports EPOLLOUT while writable; only after a squeeze is it a window update
            sendBufferLimited = false;
            measuredWindow = 0;
            sendAck(); // window update: the kernel freed send-buffer room
        }
    }

    private void connectEvent(int ops, long now) {
        if ((ops & (OPS_ERR | OPS_HUP)) != 0 || owner.host.pendingError(fd) != 0) {
            owner.stats.connectFailures++;
            sendReset();
            release();
            return;
        }
        if ((ops & OPS_OUT) != 0 && owner.host.isConnected(fd)) {
            connected(now);
        }
    }

    // ------------------------------------------------------------------ timers

    private void startRto(long now) {
        if (rtoDeadline == 0) {
            rtoDeadline = now + rto();
        }
        owner.timers.armIfEarlier(this, rtoDeadline);
    }

    private void armProbe(long now) {
        if (rtoDeadline == 0) {
            rtoDeadline = now + rto();
            owner.timers.armIfEarlier(this, rtoDeadline);
        }
    }

    private long rto() {
        return RTO_INIT_NANOS << Math.min(retries, 7);
    }

    @Override
    void onTimer(long now) {
        if (closed) {
            return;
        }
        if (rtoDeadline != 0 && now >= rtoDeadline) {
            rtoDeadline = 0;
            if (!retransmit(now)) {
                return;
            }
        }
        if (now - lastActivity >= INACTIVITY_NANOS) {
            resetBoth("inactivity");
            return;
        }
        if (has(ESTABLISHED) && now - lastGuestActivity >= KEEPALIVE_NANOS) {
            sendKeepalive();
            lastGuestActivity = now;
        }
        long next = lastGuestActivity + KEEPALIVE_NANOS;
        if (rtoDeadline != 0) {
            next = Math.min(next, rtoDeadline);
        }
        owner.timers.arm(this, next);
    }

    /** Returns false if the connection was reset. */
    private boolean retransmit(long now) {
        retries++;
        if (has(SOCK_ACCEPTED) || has(TAP_SYN_ACK_SENT)) {
            if (retries > MAX_SYN_RETRIES) {
                resetBoth("handshake timeout");
                return false;
            }
            sendSyn(has(SOCK_ACCEPTED) ? TcpSegment.FLAG_SYN : TcpSegment.FLAG_SYN | TcpSegment.FLAG_ACK);
            rtoDeadline = now + rto();
            return true;
        }
        if (!has(ESTABLISHED)) {
            return true;
        }
        if (toGuest.inFlight() > 0) {
            if (retries > MAX_RETRIES) {
                resetBoth("retransmissions count exceeded");
                return false;
            }
            owner.stats.timeoutRetransmits++;
            rewind();
            dataFromSocket(now);
        } else if (toGuest.window == 0) {
            sendKeepalive(); // zero-window probe: the answer carries the guest's window
            rtoDeadline = now + rto();
        } else {
            retries = 0;
        }
        return !closed;
    }

    private void sendKeepalive() {
        owner.segments.control(this, toGuest.next - 1, TcpSegment.FLAG_ACK,
                WindowPolicy.encode(windowToGuest, ourWindowScale));
    }

    // ------------------------------------------------------------------ closing

    private boolean closeIfDone() {
        if (has(TAP_FIN_RCVD) && has(TAP_FIN_ACKED)) {
            if (ackQueued) {
                sendAck();
            }
            release();
            return true;
        }
        return false;
    }

    /** RST to the guest, and a RST to the host peer (linger 0). */
    void resetBoth(String why) {
        if (why != null && Log.debug) {
            Log.debug("tcp: reset " + this + ": " + why);
        }
        sendReset();
        if (fd >= 0) {
            owner.host.lingerZero(fd);
        }
        release();
    }

    private void sendReset() {
        owner.segments.control(this, toGuest.next, TcpSegment.FLAG_RST | TcpSegment.FLAG_ACK, 0);
    }

    /** Releases everything; safe to call twice. */
    void release() {
        if (closed) {
            return;
        }
        closed = true;
        owner.timers.cancel(this);
        if (registration != null) {
            registration.cancel();
        }
        if (fdObject != null) {
            try {
                fdObject.close();
            } catch (IOException e) {
                Log.debug("tcp: close: " + e.getMessage());
            }
        }
        owner.removed(this);
    }

    @Override
    public FileDescriptor fd() {
        return fdObject;
    }

    @Override
    public void close() throws IOException {
    }

    @Override
    public String toString() {
        return (v6 ? "v6 " : "") + "guest port " + guestPort + " <-> remote port " + remotePort;
    }
}
