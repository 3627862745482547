package org.jpasta.tcp;

import io.netty.util.internal.PlatformDependent;
import org.jpasta.sys.LibC;
import org.jpasta.sys.TcpCalls;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The host-socket operations of the TCP data path, on raw descriptors.
 *
 * <p>Theory of operation: every call here runs on the event loop, so one small native scratch area (for option
 * values and their lengths) is shared by all connections and nothing is allocated per call. Failures are
 * returned as the C calls return them (negative, with {@link LibC#errno()}), because every caller treats them
 * as protocol events (reset, retry), not as exceptions.
 */
final class HostSocket {
    private static final int SK_MEMINFO_SNDBUF = 3, SK_MEMINFO_WMEM_QUEUED = 5;
    private static final int SCRATCH = 1024, MSGHDR = 256, IOVEC = 320, IOVEC_SIZE = 16;
    /** Buffers one {@link #peekSegments} call can fill (the scratch area's room for iovecs). */
    static final int MAX_PEEK_SEGMENTS = (SCRATCH - IOVEC) / IOVEC_SIZE;
    private ByteBuffer discardArea;

    private final ByteBuffer scratch = ByteBuffer.allocateDirect(SCRATCH).order(ByteOrder.nativeOrder());
    private final long scratchAddress = PlatformDependent.directBufferAddress(scratch);
    private final long valueAddress = scratchAddress + 16;
    private final long lengthAddress = scratchAddress;
    private int sndbuf, wmemQueued;
    private final byte[] peer = new byte[128];
    private final int[] peerLength = new int[1];

    /** A non-blocking, close-on-exec TCP socket, or a negative value. */
    static int open(boolean v6) {
        return LibC.socket(v6 ? LibC.AF_INET6 : LibC.AF_INET,
                LibC.SOCK_STREAM | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, LibC.IPPROTO_TCP);
    }

    int setInt(int fd, int level, int name, int value) {
        scratch.putInt(16, value);
        return TcpCalls.setsockopt(fd, level, name, valueAddress, 4);
    }

    /** An int socket option, or -1 (errno set) on failure. */
    int getInt(int fd, int level, int name) {
        scratch.putInt(0, 4);
        if (TcpCalls.getsockopt(fd, level, name, valueAddress, lengthAddress) < 0) {
            return -1;
        }
        return scratch.getInt(16);
    }

    void noDelay(int fd) {
        setInt(fd, LibC.IPPROTO_TCP, TcpCalls.TCP_NODELAY, 1);
    }

    /** Pending error (SO_ERROR), 0 if none. */
    int pendingError(int fd) {
        int e = getInt(fd, LibC.SOL_SOCKET, LibC.SO_ERROR);
        return e < 0 ? LibC.errno() : e;
    }

    /** Whether the socket has a peer (a completed connect); false after an event meant for an earlier fd. */
    boolean isConnected(int fd) {
        peerLength[0] = peer.length;
        return LibC.getpeername(fd, peer, peerLength) == 0;
    }

    /** Sets the peek offset; returns false if the kernel does not support SO_PEEK_OFF on TCP. */
    boolean setPeekOffset(int fd, int offset) {
        return setInt(fd, LibC.SOL_SOCKET, LibC.SO_PEEK_OFF, offset) == 0;
    }

    /** Arranges for close() to send a RST (SO_LINGER {1, 0}). */
    void lingerZero(int fd) {
        scratch.putInt(16, 1);
        scratch.putInt(20, 0);
        TcpCalls.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_LINGER, valueAddress, 8);
    }

    /** Peeks up to {@code length} bytes at the socket's peek offset into {@code address}. */
    static long peek(int fd, long address, int length) {
        return TcpCalls.recv(fd, address, length, LibC.MSG_PEEK | LibC.MSG_DONTWAIT);
    }

    /** Drops {@code length} bytes from the head of the receive queue without copying them. */
    static long discard(int fd, int length) {
        return TcpCalls.recv(fd, 0, length, LibC.MSG_TRUNC | LibC.MSG_DONTWAIT);
    }

    /**
     * Peeks up to {@code length} bytes at the socket's peek offset in one {@code recvmsg}, spread over buffers of
     * {@code segmentLength} bytes that start {@code stride} bytes apart from {@code address} (the payload areas of
     * consecutive frames). Returns the number of bytes, as {@code recv} does.
     */
    long peekSegments(int fd, long address, int stride, int segmentLength, int length) {
        int buffers = 0;
        for (int at = 0; at < length; at += segmentLength, buffers++) {
            int iov = IOVEC + buffers * IOVEC_SIZE;
            scratch.putLong(iov, address + (long) buffers * stride).putLong(iov + 8, Math.min(segmentLength,
                    length - at));
        }
        return peekIntoIovecs(fd, buffers);
    }

    /** {@code recvmsg(MSG_PEEK)} into the first {@code buffers} iovecs of the scratch area, no name or control. */
    private long peekIntoIovecs(int fd, int buffers) {
        scratch.putLong(MSGHDR, 0).putLong(MSGHDR + 8, 0).putLong(MSGHDR + 16, scratchAddress + IOVEC)
                .putLong(MSGHDR + 24, buffers).putLong(MSGHDR + 32, 0).putLong(MSGHDR + 40, 0)
                .putLong(MSGHDR + 48, 0);
        return TcpCalls.recvmsg(fd, scratchAddress + MSGHDR, LibC.MSG_PEEK | LibC.MSG_DONTWAIT);
    }

    /**
     * Fallback without SO_PEEK_OFF: peeks the {@code skip} bytes already sent into a discard area, and up to
     * {@code length} new bytes behind them into {@code address}, in one {@code recvmsg}. Returns the number of
     * new bytes (0 if none), or a negative value on error.
     */
    long peekAfter(int fd, int skip, long address, int length) {
        if (discardArea == null || discardArea.capacity() < skip) {
            discardArea = ByteBuffer.allocateDirect(Math.max(skip, WindowPolicy.MAX_WINDOW + (1 << 16)));
        }
        scratch.putLong(IOVEC, PlatformDependent.directBufferAddress(discardArea)).putLong(IOVEC + 8, skip)
                .putLong(IOVEC + 16, address).putLong(IOVEC + 24, length);
        long n = peekIntoIovecs(fd, 2);
        return n < 0 ? n : Math.max(0, n - skip);
    }

    static long send(int fd, long address, int length) {
        return TcpCalls.send(fd, address, length, LibC.MSG_DONTWAIT | LibC.MSG_NOSIGNAL);
    }

    /**
     * Reads the send buffer's size and use (SO_MEMINFO); afterwards {@link #sndbuf()} and {@link #wmemQueued()}
     * hold the values. Returns false if the call failed.
     */
    boolean readSendBuffer(int fd) {
        scratch.putInt(0, 64);
        if (TcpCalls.getsockopt(fd, LibC.SOL_SOCKET, LibC.SO_MEMINFO, valueAddress, lengthAddress) < 0) {
            return false;
        }
        sndbuf = scratch.getInt(16 + 4 * SK_MEMINFO_SNDBUF);
        wmemQueued = scratch.getInt(16 + 4 * SK_MEMINFO_WMEM_QUEUED);
        return true;
    }

    int sndbuf() {
        return sndbuf;
    }

    int wmemQueued() {
        return wmemQueued;
    }

    /** Probes whether SO_PEEK_OFF works on TCP sockets here (Linux 4.4+ for TCP; pasta logs the result). */
    boolean probePeekOffset() {
        int fd = open(false);
        if (fd < 0) {
            return false;
        }
        try {
            return setPeekOffset(fd, 0);
        } finally {
            LibC.close(fd);
        }
    }
}
