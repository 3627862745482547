package org.jpasta.sys;

import java.nio.charset.StandardCharsets;

/**
 * The tun/tap driver: opening a tap device.
 * <p>
 * A tap's network namespace is fixed when {@code /dev/net/tun} is <em>opened</em>, not at {@code TUNSETIFF}
 * (measured): call {@link #openTap} on a thread that is already in the target namespace.
 */
public final class Tun {
    private Tun() {}

    public static final String DEVICE = "/dev/net/tun";
    /** {@code _IOW('T', 202, int)} */
    public static final long TUNSETIFF = 0x400454caL;
    public static final int IFF_TUN = 0x0001, IFF_TAP = 0x0002, IFF_NO_PI = 0x1000, IFF_VNET_HDR = 0x4000;
    /** {@code IFNAMSIZ}: interface names are at most 15 bytes plus the terminating NUL. */
    public static final int IFNAMSIZ = 16;
    /** {@code sizeof(struct ifreq)} on LP64: name[16], then a 24-byte union whose first member is short flags. */
    public static final int IFREQ_SIZE = 40;

    /** An open tap: its non-blocking descriptor and the name the kernel gave it. */
    public record TapDevice(int fd, String name) {}

    /**
     * Opens {@code /dev/net/tun} non-blocking and attaches it to tap interface {@code name} (created if absent),
     * with {@code IFF_TAP|IFF_NO_PI}: plain Ethernet frames, no packet-information header.
     */
    public static TapDevice openTap(String name) throws SysException {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length >= IFNAMSIZ) {
            throw new SysException("TUNSETIFF " + name, Errno.EINVAL);
        }
        int fd = LibC.checkedOpen(DEVICE, LibC.O_RDWR | LibC.O_NONBLOCK, 0);
        byte[] ifr = new byte[IFREQ_SIZE];
        System.arraycopy(nameBytes, 0, ifr, 0, nameBytes.length);
        int flags = IFF_TAP | IFF_NO_PI;
        ifr[16] = (byte) flags;
        ifr[17] = (byte) (flags >>> 8);
        if (LibC.ioctl(fd, TUNSETIFF, ifr) < 0) {
            int errno = LibC.errno();
            LibC.close(fd);
            throw new SysException("TUNSETIFF ioctl on " + DEVICE, errno);
        }
        int n = 0;
        while (n < IFNAMSIZ && ifr[n] != 0) {
            n++;
        }
        return new TapDevice(fd, new String(ifr, 0, n, StandardCharsets.UTF_8));
    }
}
