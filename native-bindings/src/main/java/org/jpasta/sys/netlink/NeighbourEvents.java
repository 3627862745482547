package org.jpasta.sys.netlink;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import org.jpasta.sys.Errno;
import org.jpasta.sys.LibC;
import org.jpasta.sys.SysException;

import java.io.Closeable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;

/**
 * A non-blocking rtnetlink socket subscribed to {@code RTMGRP_NEIGH}: the kernel multicasts every change of its
 * ARP and NDP tables here. The owner polls {@link #fd()} and calls {@link #drain} when it is readable.
 * Multicast delivery is lossy: when the socket's buffer overflowed, {@link #drain} says so and the owner
 * reads the whole table again with {@link RtNetlink#neighbours}.
 */
public final class NeighbourEvents implements Closeable {
    static final int RTMGRP_NEIGH = 0x4;
    private static final int RECV_SIZE = 65536;

    /** What {@link #drain} found. */
    public enum Drained { DONE, OVERRUN }

    private final int fd;
    private final Memory rx = new Memory(RECV_SIZE);

    /** Subscribes in the calling thread's network namespace. */
    public NeighbourEvents() throws SysException {
        fd = LibC.check(LibC.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC | LibC.SOCK_NONBLOCK, 0),
                "netlink neighbour socket");
        byte[] sa = new byte[12];
        sa[0] = (byte) LibC.AF_NETLINK;
        ByteBuffer.wrap(sa).order(ByteOrder.nativeOrder()).putInt(8, RTMGRP_NEIGH);
        if (LibC.bind(fd, sa, sa.length) < 0) {
            int errno = LibC.errno();
            LibC.close(fd);
            throw new SysException("netlink neighbour bind", errno);
        }
    }

    public int fd() {
        return fd;
    }

    /**
     * Reads every pending notification and hands each neighbour entry to {@code sink}; returns
     * {@link Drained#OVERRUN} if the kernel dropped notifications since the last call.
     */
    public Drained drain(Consumer<Neighbour> sink) throws SysException {
        Drained result = Drained.DONE;
        while (true) {
            long n = LibC.recv(fd, Pointer.nativeValue(rx), RECV_SIZE, LibC.MSG_DONTWAIT);
            if (n < 0) {
                int errno = LibC.errno();
                if (errno == Errno.EINTR) {
                    continue;
                }
                if (errno == Errno.ENOBUFS) {
                    result = Drained.OVERRUN;
                    continue;
                }
                if (errno == Errno.EAGAIN) {
                    return result;
                }
                throw new SysException("netlink neighbour receive", errno);
            }
            RtNetlink.walk(rx.getByteBuffer(0, n).order(ByteOrder.nativeOrder()), (type, body) -> {
                Neighbour neighbour = Neighbour.parse(type, body);
                if (neighbour != null) {
                    sink.accept(neighbour);
                }
            });
        }
    }

    @Override
    public void close() {
        LibC.close(fd);
    }
}
