package org.jpasta.fwd;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * {@code auto} would make a loop (pasta excludes its own listening map for the same reason). Rather than ask the TCP code which ports it listens on, this looks at what the process
 * really holds: {@code /proc/self/fd/N -> socket:[INODE]}. Listing the descriptors costs a read per
 * descriptor, so it happens only when the scan meets an inode it has not classified before, and the
 * classification is kept for as long as the inode keeps appearing. Event-loop confined.
 */
public final class OwnSockets {
    private final Map<Long, Boolean> classified = new HashMap<>();
    private final Set<Long> seenThisScan = new HashSet<>();
    private Set<Long> ownInodes;

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

    private static Set<Long> listOwnSocketInodes() {
        Set<Long> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                long inode = socketInode(fd);
                if (inode >= 0) {
                    inodes.add(inode);
                }
            }
        } catch (IOException e) {
            // nothing listed: every socket counts as foreign
        }
        return inodes;
    }

    private static long socketInode(Path fd) {
        try {
            String target = Files.readSymbolicLink(fd).toString();
            if (target.startsWith("socket:[") && target.endsWith("]")) {
                return Long.parseLong(target, 8, target.length() - 1, 10);
            }
        } catch (IOException | RuntimeException e) {
            // closed meanwhile
        }
        return -1;
    }
}
