package org.jpasta.sys;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * Datagram socket calls that {@link LibC} lacks: {@code recvmsg(2)} (for {@code MSG_ERRQUEUE}),
 * {@code recvmmsg(2)} and {@code sendmmsg(2)}.
 *
 * <h2>Theory of operation</h2>
 * Same conventions as {@link LibC}: JNA direct mapping, raw {@code long} addresses. The caller lays out
 * {@code struct msghdr} / {@code struct mmsghdr} itself in a direct buffer it keeps for the life of the
 * socket, using the offsets below (x86_64 and aarch64 LP64 layout), so no call allocates. The constants
 * describe {@code struct sock_extended_err} as delivered in an {@code IP_RECVERR} / {@code IPV6_RECVERR}
 * control message.
 */
public final class DatagramCalls {
    static {
        Native.register(DatagramCalls.class, NativeLibrary.getInstance("c"));
    }

    private DatagramCalls() {}

    // struct msghdr (LP64)
    public static final int MSGHDR_NAME = 0, MSGHDR_NAMELEN = 8, MSGHDR_IOV = 16, MSGHDR_IOVLEN = 24,
            MSGHDR_CONTROL = 32, MSGHDR_CONTROLLEN = 40, MSGHDR_FLAGS = 48, MSGHDR_SIZE = 56;
    // struct mmsghdr: msghdr then unsigned int msg_len, padded to 64
    public static final int MMSGHDR_LEN = 56, MMSGHDR_SIZE = 64;
    // struct iovec
    public static final int IOVEC_BASE = 0, IOVEC_LEN = 8, IOVEC_SIZE = 16;
    // struct cmsghdr: size_t len, int level, int type, data aligned to 8
    public static final int CMSG_LEN = 0, CMSG_LEVEL = 8, CMSG_TYPE = 12, CMSG_DATA = 16;
    // struct in_pktinfo: int ipi_ifindex, struct in_addr ipi_spec_dst (source for sending), ipi_addr (destination)
    public static final int PKTINFO_IFINDEX = 0, PKTINFO_SPEC_DST = 4, PKTINFO_ADDR = 8, PKTINFO_SIZE = 12;
    // struct sock_extended_err
    public static final int EE_ERRNO = 0, EE_ORIGIN = 4, EE_TYPE = 5, EE_CODE = 6, EE_INFO = 8, EE_DATA = 12,
            EE_OFFENDER = 16;
    public static final int SO_EE_ORIGIN_LOCAL = 1, SO_EE_ORIGIN_ICMP = 2, SO_EE_ORIGIN_ICMP6 = 3;

    public static native long recvmsg(int fd, long msghdr, int flags);

    public static native long sendmsg(int fd, long msghdr, int flags);

    public static native int recvmmsg(int fd, long mmsghdrs, int vlen, int flags, long timeout);

    public static native int sendmmsg(int fd, long mmsghdrs, int vlen, int flags);

    /** Rounds a control-message length up as {@code CMSG_ALIGN} does. */
    public static int cmsgAlign(long length) {
        return (int) ((length + 7) & ~7L);
    }
}
