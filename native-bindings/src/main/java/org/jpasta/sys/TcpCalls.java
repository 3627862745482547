package org.jpasta.sys;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * The socket calls TCP translation needs on its data path, with raw native addresses.
 *
 * <p>Theory of operation: {@link LibC} takes Java arrays for option values, which JNA copies on every call;
 * the TCP data path asks for {@code TCP_INFO}, {@code SO_MEMINFO} and {@code SIOCOUTQ} once per batch and
 * connection, so these variants take the address of a caller-owned scratch area instead and allocate nothing.
 * Direct mapping, like {@link LibC}; kept apart from it so that the two can grow independently.
 */
public final class TcpCalls {
    static {
        Native.register(TcpCalls.class, NativeLibrary.getInstance("c"));
    }

    private TcpCalls() {
    }

    public static final int TCP_NODELAY = 1, TCP_MAXSEG = 2, TCP_KEEPIDLE = 4, TCP_INFO = 11, TCP_QUICKACK = 12;
    public static final long SIOCINQ = 0x541B, SIOCOUTQ = 0x5411;
    public static final int EAGAIN = 11, EINPROGRESS = 115, EADDRINUSE = 98, EMFILE = 24, ENFILE = 23,
            ENOTCONN = 107, EPIPE = 32, ECONNRESET = 104, EINTR = 4;
    public static final int SOMAXCONN = 4096;

    public static native int getsockopt(int fd, int level, int name, long value, long lengthAddress);

    public static native int setsockopt(int fd, int level, int name, long value, int length);

    public static native int ioctl(int fd, long request, long argument);

    public static native long recv(int fd, long address, long length, int flags);

    public static native long send(int fd, long address, long length, int flags);

    public static native long recvmsg(int fd, long msghdr, int flags);
}
