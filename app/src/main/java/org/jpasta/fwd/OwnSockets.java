package org.jpasta.fwd;

import org.jpasta.sys.LibC;

import java.io.File;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Tells whether a socket inode seen in {@code /proc/net} belongs to this process.
 *
 * <h2>Theory of operation</h2>
 * The {@code -t} listeners jpasta opens on the host show up in the host's {@code /proc/net/tcp} like anyone
 * else's, and its {@code -T} listeners in the namespace's; forwarding them back with the other direction's
 * {@code auto} would make a loop (pasta excludes its own listening map for the same reason). Rather than ask
 * the TCP code which ports it listens on, this looks at what the process really holds:
 * {@code /proc/self/fd/N -> socket:[INODE]}. Listing the descriptors costs a {@code readlink} per
 * descriptor, so it happens only when the scan meets an inode it has not classified before, and the
 * classification is kept for as long as the inode keeps appearing. The links are read with libc into one
 * buffer: through {@code java.nio.file} the first listing took 13 ms of interpreted start-up before "ready"
 * (65 descriptors). Event-loop confined.
 */
public final class OwnSockets {
    private final Map<Long, Boolean> classified = new HashMap<>();
    private final Set<Long> seenThisScan = new HashSet<>();
    private Set<Long> ownInodes;
    private static final String FD_DIR = "/proc/self/fd";
    private static final byte[] SOCKET_PREFIX = {'s', 'o', 'c', 'k', 'e', 't', ':', '['};
    private final byte[] link = new byte[64];

    /** Starts a scan: inodes not seen again by {@link #finishScan} are forgotten. */
    public void startScan() {
        seenThisScan.clear();
        ownInodes = null;
    }

    /** True if {@code inode} is one of this process's sockets. */
    public boolean isOurs(long inode) {
        seenThisScan.add(inode);
        Boolean known = classified.get(inode);
        if (known != null) {
            return known;
        }
        if (ownInodes == null) {
            ownInodes = listOwnSocketInodes();
        }
        boolean ours = ownInodes.contains(inode);
        classified.put(inode, ours);
        return ours;
    }

    public void finishScan() {
        classified.keySet().retainAll(seenThisScan);
        ownInodes = null;
    }

    private Set<Long> listOwnSocketInodes() {
        Set<Long> inodes = new HashSet<>();
        String[] fds = new File(FD_DIR).list();
        if (fds == null) {
            return inodes; // nothing listed: every socket counts as foreign
        }
        for (String fd : fds) {
            long inode = socketInode(FD_DIR + "/" + fd);
            if (inode >= 0) {
                inodes.add(inode);
            }
        }
        return inodes;
    }

    /** The inode of a descriptor link {@code socket:[INODE]}; -1 for anything else, or if it was closed meanwhile. */
    private long socketInode(String path) {
        int n = (int) LibC.readlink(path, link, link.length);
        return n > 0 ? parseSocketInode(link, n) : -1;
    }

    /** {@code socket:[INODE]} in the first {@code length} bytes of {@code link}: INODE, else -1. */
    static long parseSocketInode(byte[] link, int length) {
        int last = length - 1;
        if (length <= SOCKET_PREFIX.length + 1 || link[last] != ']') {
            return -1;
        }
        for (int i = 0; i < SOCKET_PREFIX.length; i++) {
            if (link[i] != SOCKET_PREFIX[i]) {
                return -1;
            }
        }
        long inode = 0;
        for (int i = SOCKET_PREFIX.length; i < last; i++) {
            int digit = link[i] - '0';
            if (digit < 0 || digit > 9 || inode > (Long.MAX_VALUE - digit) / 10) {
                return -1;
            }
            inode = inode * 10 + digit;
        }
        return inode;
    }
}
