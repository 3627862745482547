package org.jpasta.sys;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

import java.nio.charset.StandardCharsets;

/**
 * Direct-mapped libc (see the package documentation for why direct mapping and raw addresses).
 * <p>
 * The {@code native} methods are the C functions as they are; the {@code checked*} helpers throw
 * {@link SysException} and are meant for set-up code, not for the data path. {@code ioctl} and {@code fcntl}
 * are variadic in C and direct mapping has no varargs: a fixed third argument is correct on x86_64 and
 * aarch64, the only targets.
 */
public final class LibC {
    static {
        Native.register(LibC.class, NativeLibrary.getInstance("c"));
    }

    private LibC() {}

    // open(2) flags
    public static final int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0100, O_TRUNC = 01000,
            O_APPEND = 02000, O_NONBLOCK = 04000, O_DIRECTORY = 0200000, O_CLOEXEC = 02000000,
            O_PATH = 010000000;
    // fcntl(2)
    public static final int F_GETFD = 1, F_SETFD = 2, F_GETFL = 3, F_SETFL = 4, FD_CLOEXEC = 1,
            F_SETPIPE_SZ = 1031, F_GETPIPE_SZ = 1032;
    // namespaces, clone(2) flags
    public static final int CLONE_NEWNS = 0x00020000, CLONE_NEWUTS = 0x04000000, CLONE_NEWIPC = 0x08000000,
            CLONE_NEWUSER = 0x10000000, CLONE_NEWPID = 0x20000000, CLONE_NEWNET = 0x40000000;
    // prctl(2)
    public static final int PR_SET_PDEATHSIG = 1, PR_SET_NAME = 15;
    // signals
    public static final int SIGKILL = 9, SIGTERM = 15, SIGUSR1 = 10, SIGCHLD = 17;
    // sockets
    public static final int AF_UNSPEC = 0, AF_INET = 2, AF_INET6 = 10, AF_NETLINK = 16, AF_PACKET = 17;
    public static final int SOCK_STREAM = 1, SOCK_DGRAM = 2, SOCK_RAW = 3, SOCK_NONBLOCK = 04000,
            SOCK_CLOEXEC = 02000000;
    public static final int IPPROTO_IP = 0, IPPROTO_ICMP = 1, IPPROTO_TCP = 6, IPPROTO_UDP = 17,
            IPPROTO_IPV6 = 41, IPPROTO_ICMPV6 = 58;
    public static final int SOL_SOCKET = 1, SO_REUSEADDR = 2, SO_ERROR = 4, SO_SNDBUF = 7, SO_RCVBUF = 8,
            SO_KEEPALIVE = 9, SO_LINGER = 13, SO_RCVLOWAT = 18, SO_BINDTODEVICE = 25, SO_PEEK_OFF = 42,
            SO_MEMINFO = 55;
    public static final int IP_TTL = 2, IP_PKTINFO = 8, IP_RECVERR = 11, IP_FREEBIND = 15, IPV6_UNICAST_HOPS = 16,
            IPV6_V6ONLY = 26, IPV6_RECVERR = 25, IPV6_FREEBIND = 78;
    public static final int MSG_PEEK = 2, MSG_TRUNC = 0x20, MSG_DONTWAIT = 0x40, MSG_ERRQUEUE = 0x2000,
            MSG_NOSIGNAL = 0x4000;
    public static final int SHUT_RD = 0, SHUT_WR = 1, SHUT_RDWR = 2;
    // splice(2)
    public static final int SPLICE_F_MOVE = 1, SPLICE_F_NONBLOCK = 2, SPLICE_F_MORE = 4;
    // inotify(7)
    public static final int IN_NONBLOCK = O_NONBLOCK, IN_CLOEXEC = O_CLOEXEC, IN_DELETE = 0x200,
            IN_DELETE_SELF = 0x400, IN_MOVED_FROM = 0x40, IN_IGNORED = 0x8000;

    // --- files
    public static native int open(String path, int flags, int mode);
    public static native int close(int fd);
    public static native long read(int fd, long address, long count);
    public static native long write(int fd, long address, long count);
    public static native long read(int fd, byte[] buf, long count);
    public static native long write(int fd, byte[] buf, long count);
    public static native int ioctl(int fd, long request, byte[] arg);
    public static native int ioctl(int fd, long request, long arg);
    public static native int fcntl(int fd, int cmd, int arg);
    public static native int dup2(int oldFd, int newFd);
    public static native int pipe2(int[] fds, int flags);
    public static native long splice(int fdIn, Pointer offIn, int fdOut, Pointer offOut, long len, int flags);
    public static native long lseek(int fd, long offset, int whence);
    public static native long readlink(String path, byte[] buf, long size);

    // --- processes and namespaces
    public static native int getpid();
    public static native int getuid();
    public static native int geteuid();
    public static native int getgid();
    public static native int setsid();
    public static native int kill(int pid, int sig);
    public static native int setns(int fd, int nstype);
    public static native int unshare(int flags);
    public static native int prctl(int option, long arg2, long arg3, long arg4, long arg5);
    public static native int sethostname(byte[] name, long len);
    public static native int gethostname(byte[] name, long len);

    // --- sockets
    public static native int socket(int domain, int type, int protocol);
    public static native int bind(int fd, byte[] addr, int addrLen);
    public static native int connect(int fd, byte[] addr, int addrLen);
    public static native int listen(int fd, int backlog);
    public static native int accept4(int fd, byte[] addr, int[] addrLen, int flags);
    public static native int shutdown(int fd, int how);
    public static native int getsockname(int fd, byte[] addr, int[] addrLen);
    public static native int getpeername(int fd, byte[] addr, int[] addrLen);
    public static native int setsockopt(int fd, int level, int name, int[] value, int len);
    public static native int setsockopt(int fd, int level, int name, byte[] value, int len);
    public static native int getsockopt(int fd, int level, int name, int[] value, int[] len);
    public static native int getsockopt(int fd, int level, int name, byte[] value, int[] len);
    public static native long send(int fd, long address, long len, int flags);
    public static native long recv(int fd, long address, long len, int flags);
    public static native long sendto(int fd, long address, long len, int flags, byte[] to, int toLen);
    public static native long recvfrom(int fd, long address, long len, int flags, byte[] from, int[] fromLen);
    public static native long sendto(int fd, byte[] buf, long len, int flags, byte[] to, int toLen);
    public static native long recv(int fd, byte[] buf, long len, int flags);

    // --- inotify
    public static native int inotify_init1(int flags);
    public static native int inotify_add_watch(int fd, String path, int mask);

    // --- misc
    public static native int if_nametoindex(String name);
    public static native Pointer strerror(int errnum);

    /** errno of the last failed call on this thread. */
    public static int errno() {
        return Native.getLastError();
    }

    /** The C library's message for an errno value. */
    public static String strerrorText(int errnum) {
        Pointer p = strerror(errnum);
        return p == null ? "errno " + errnum : p.getString(0, StandardCharsets.UTF_8.name());
    }

    // --- checked helpers for set-up code

    /** {@code open(2)}, throwing with the call name and path on failure. */
    public static int checkedOpen(String path, int flags, int mode) throws SysException {
        int fd = open(path, flags | O_CLOEXEC, mode);
        if (fd < 0) {
            throw new SysException("open " + path, errno());
        }
        return fd;
    }

    /** Throws if {@code rc < 0}, naming {@code call}; returns rc otherwise. */
    public static int check(int rc, String call) throws SysException {
        if (rc < 0) {
            throw new SysException(call, errno());
        }
        return rc;
    }

    /** Throws if {@code rc < 0}, naming {@code call}; returns rc otherwise. */
    public static long check(long rc, String call) throws SysException {
        if (rc < 0) {
            throw new SysException(call, errno());
        }
        return rc;
    }

    /** Closes quietly: used on error paths and at shutdown, where a second failure adds nothing. */
    public static void closeQuietly(int fd) {
        if (fd >= 0) {
            close(fd);
        }
    }

    /** Sets an int socket option. */
    public static void setIntOption(int fd, int level, int name, int value) throws SysException {
        check(setsockopt(fd, level, name, new int[] {value}, 4), "setsockopt " + level + "/" + name);
    }

    /** Reads an int socket option. */
    public static int getIntOption(int fd, int level, int name) throws SysException {
        int[] v = new int[1];
        check(getsockopt(fd, level, name, v, new int[] {4}), "getsockopt " + level + "/" + name);
        return v[0];
    }

    /** Moves the calling thread into the namespace behind {@code path} (per thread for network namespaces). */
    public static void enterNamespace(String path, int nstype) throws SysException {
        int fd = checkedOpen(path, O_RDONLY, 0);
        try {
            check(setns(fd, nstype), "setns " + path);
        } finally {
            close(fd);
        }
    }

    /** Sets O_NONBLOCK on a descriptor. */
    public static void setNonBlocking(int fd) throws SysException {
        int flags = check(fcntl(fd, F_GETFL, 0), "fcntl F_GETFL");
        check(fcntl(fd, F_SETFL, flags | O_NONBLOCK), "fcntl F_SETFL");
    }

    /** The host name of the calling process's UTS namespace. */
    public static String hostname() {
        byte[] b = new byte[256];
        if (gethostname(b, b.length) < 0) {
            return "";
        }
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }
}
