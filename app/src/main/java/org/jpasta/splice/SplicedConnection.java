package org.jpasta.splice;

import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoOps;
import org.jpasta.sys.Errno;
import org.jpasta.sys.LibC;
import org.jpasta.sys.SpliceCalls;

/**
 * One TCP connection carried between two sockets by {@code splice(2)} through two pipes, one per direction.
 *
 * <h2>Theory of operation</h2>
 * Side 0 is the accepted socket (the client's), side 1 the socket we connected (the server's); the two live in
 * different network namespaces, which splice does not care about. Bytes from side {@code i} go socket → pipe
 * {@code i} → other socket and never enter the JVM; {@link #pending} counts what sits in each pipe. This is
 * pasta's {@code tcp_splice.c} loop, with one change: both sockets are registered once, edge-triggered, for
 * {@code EPOLLIN | EPOLLOUT | EPOLLRDHUP}, so the data path makes no {@code epoll_ctl} calls at all.
 * Edge-triggering is correct because {@link #forward} only stops when it will be woken again:
 * <ul>
 * <li>the read side returned {@code EAGAIN} while the pipe was empty (so the socket really is empty: its next
 *     data raises {@code EPOLLIN}), or it returned EOF; or</li>
 * <li>the write side returned {@code EAGAIN} (its next free space raises {@code EPOLLOUT}); bytes stay counted
 *     in {@link #pending} and {@code EPOLLOUT} on that side resumes this direction, which also resumes reading.
 *     No {@code EPOLLIN} is lost meanwhile, since the reader's unread bytes are picked up on resumption.</li>
 * </ul>
 * A blocked side therefore costs nothing: no event fires until the kernel has something new.
 * <p>
 * Closing follows a direct connection: EOF from one side is passed on as {@code shutdown(SHUT_WR)} on the
 * other only once its pipe is empty (so EOF with data still in the pipe loses nothing); when both directions
 * have passed their FIN on, the connection closes cleanly. A socket error, {@code EPOLLERR} or a failed connect
 * resets both sides ({@code SO_LINGER} 0), as the kernel would for a direct peer. Event-loop confined.
 */
final class SplicedConnection {
    static final int ACCEPTED = 0, CONNECTING = 1;
    private static final int EPOLLIN = 0x1, EPOLLOUT = 0x4, EPOLLERR = 0x8, EPOLLHUP = 0x10, EPOLLRDHUP = 0x2000;
    private static final int SPLICE_FLAGS = LibC.SPLICE_F_MOVE | LibC.SPLICE_F_NONBLOCK;
    /** Rounds of read+write per wake-up before yielding to other connections (then resumed by a task). */
    private static final int ROUNDS_PER_WAKEUP = 16;
    private static final int[] LINGER_RESET = {1, 0};
    private static final int[] ONE = {1};
    static final EpollIoOps INTEREST = EpollIoOps.EPOLLIN.with(EpollIoOps.EPOLLOUT).with(EpollIoOps.EPOLLRDHUP)
            .with(EpollIoOps.EPOLLET);
    /** Interest of a reader whose bytes wait for the other side: its new data must not wake us. */
    static final EpollIoOps READER_BLOCKED_INTEREST = EpollIoOps.EPOLLOUT.with(EpollIoOps.EPOLLET);

    private final ConnectionTable table;
    final int slot;
    private final int[] socket = new int[2];
    private final int[] pipeRead = new int[2], pipeWrite = new int[2], pipeCapacity = new int[2];
    private final long[] pending = new long[2];
    private final boolean[] finReceived = new boolean[2], finSent = new boolean[2], readerBlocked = new boolean[2];
    private final SpliceSocket[] sides = new SpliceSocket[2];
    private final Runnable[] resume = new Runnable[2];
    private boolean connected, closed;

    SplicedConnection(ConnectionTable table, int slot, int acceptedFd, int connectingFd, int[] pipes0, int[] pipes1) {
        this.table = table;
        this.slot = slot;
        socket[ACCEPTED] = acceptedFd;
        socket[CONNECTING] = connectingFd;
        pipeRead[0] = pipes0[0];
        pipeWrite[0] = pipes0[1];
        pipeRead[1] = pipes1[0];
        pipeWrite[1] = pipes1[1];
        for (int i = 0; i < 2; i++) {
            int from = i;
            sides[i] = new SpliceSocket(this, i, socket[i]);
            resume[i] = () -> resume(from);
        }
    }

    /** Sets the options pasta sets on both spliced sockets; failures only cost latency. */
    static void tuneSocket(int fd) {
        LibC.setsockopt(fd, LibC.IPPROTO_TCP, SpliceCalls.TCP_NODELAY, ONE, 4);
        LibC.setsockopt(fd, LibC.IPPROTO_TCP, SpliceCalls.TCP_QUICKACK, ONE, 4);
    }

    /** Records how much each pipe holds (as set by {@code F_SETPIPE_SZ}). */
    void pipeCapacities(int capacity0, int capacity1) {
        pipeCapacity[0] = capacity0;
        pipeCapacity[1] = capacity1;
    }

    /** Registers both sockets; events start arriving once the connect completes or data comes in. */
    void register(IoEventLoop loop) {
        for (SpliceSocket side : sides) {
            loop.register(side).addListener(done -> {
                if (done.isSuccess()) {
                    side.registered((IoRegistration) done.getNow());
                } else {
                    close(true);
                }
            });
        }
    }

    /** epoll readiness {@code ops} (raw bits) on {@code side}. */
    void onEvent(int side, int ops) {
        if (closed) {
            return;
        }
        if ((ops & EPOLLERR) != 0 && socketError(side) != 0) {
            close(true);
            return;
        }
        if (!connected) {
            onEventWhileConnecting(side, ops);
            return;
        }
        int other = 1 - side;
        if ((ops & EPOLLOUT) != 0 && pending[other] > 0 && !forward(other)) {
            close(true);
            return;
        }
        if ((ops & (EPOLLIN | EPOLLRDHUP | EPOLLHUP)) != 0 && !forward(side)) {
            close(true);
            return;
        }
        closeIfDone();
    }

    private void onEventWhileConnecting(int side, int ops) {
        if (side != CONNECTING || (ops & EPOLLOUT) == 0) {
            return; // data from the client waits in its socket until the connect completes
        }
        if (socketError(CONNECTING) != 0) {
            close(true);
            return;
        }
        connected = true;
        if (!forward(ACCEPTED) || !forward(CONNECTING)) {
            close(true);
            return;
        }
        closeIfDone();
    }

    /**
     * The pending error of a side's socket (0: none). Checked before acting on {@code EPOLLERR}, as pasta does:
     * an event queued for a descriptor number that was closed and reused within one epoll batch must not reset
     * the new connection. Only on error and connect paths, so the arrays it allocates do not matter.
     */
    private int socketError(int side) {
        int[] error = new int[1];
        int rc = LibC.getsockopt(socket[side], LibC.SOL_SOCKET, LibC.SO_ERROR, error, new int[] {4});
        return rc < 0 ? LibC.errno() : error[0];
    }

    private void resume(int from) {
        if (closed) {
            return;
        }
        if (!forward(from)) {
            close(true);
            return;
        }
        closeIfDone();
    }

    /**
     * Moves what can be moved from side {@code from} to the other side; false on an error that resets the
     * connection. See the class documentation for why every way out of the loop is followed by an event.
     */
    private boolean forward(int from) {
        int to = 1 - from;
        int capacity = pipeCapacity[from];
        for (int round = 0; ; round++) {
            long read = 0;
            if (!finReceived[from]) {
                read = SpliceCalls.splice(socket[from], 0, pipeWrite[from], 0, capacity, SPLICE_FLAGS);
                if (read > 0) {
                    pending[from] += read;
                } else if (read == 0) {
                    finReceived[from] = true;
                } else {
                    int errno = LibC.errno();
                    if (errno == Errno.EINTR) {
                        continue;
                    }
                    if (errno != Errno.EAGAIN) {
                        return false;
                    }
                }
            }
            if (pending[from] == 0) {
                break; // nothing in the pipe: the read above found the socket empty, or at EOF
            }
            int more = read >= capacity * 9L / 10 ? LibC.SPLICE_F_MORE : 0;
            long written = SpliceCalls.splice(pipeRead[from], 0, socket[to], 0, pending[from], SPLICE_FLAGS | more);
            if (written <= 0) {
                int errno = written < 0 ? LibC.errno() : Errno.EAGAIN;
                if (errno == Errno.EINTR) {
                    continue;
                }
                if (errno != Errno.EAGAIN) {
                    return false;
                }
                blockReader(from);
                return true; // the writer is full: EPOLLOUT on it resumes this direction
            }
            pending[from] -= written;
            if (round >= ROUNDS_PER_WAKEUP) {
                table.loop().execute(resume[from]); // fairness: let other connections run, keep going later
                return true;
            }
        }
        unblockReader(from);
        return passOnFin(from, to);
    }

    /**
     * The writer of direction {@code from} is full: stop {@code EPOLLIN} on the reader until {@code EPOLLOUT}
     * on the writer, as pasta's {@code OUT_WAIT} does. Otherwise every segment the reader receives meanwhile
     * would wake the loop for two splices that can only fail (measured: 4x the wake-ups, +40 % CPU per byte).
     */
    private void blockReader(int from) {
        if (!readerBlocked[from]) {
            readerBlocked[from] = true;
            sides[from].interest(READER_BLOCKED_INTEREST);
        }
    }

    /** The pipe of direction {@code from} drained: read again on {@code EPOLLIN}. */
    private void unblockReader(int from) {
        if (readerBlocked[from]) {
            readerBlocked[from] = false;
            sides[from].interest(INTEREST);
        }
    }

    private boolean passOnFin(int from, int to) {
        if (finReceived[from] && pending[from] == 0 && !finSent[to]) {
            if (LibC.shutdown(socket[to], LibC.SHUT_WR) < 0 && LibC.errno() != Errno.ENOTCONN) {
                return false;
            }
            finSent[to] = true;
        }
        return true;
    }

    private void closeIfDone() {
        if (finSent[ACCEPTED] && finSent[CONNECTING]) {
            close(false);
        }
    }

    /** Closes both sockets and both pipes; with {@code reset}, both peers see a reset. */
    void close(boolean reset) {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = 0; i < 2; i++) {
            sides[i].cancel();
            if (reset) {
                LibC.setsockopt(socket[i], LibC.SOL_SOCKET, LibC.SO_LINGER, LINGER_RESET, 8);
            }
            LibC.close(socket[i]);
            LibC.close(pipeRead[i]);
            LibC.close(pipeWrite[i]);
        }
        table.release(this);
    }

    boolean isClosed() {
        return closed;
    }
}
