package org.jpasta.tcp;

import org.jpasta.fwd.OwnSockets;
import org.jpasta.sys.LibC;

import java.util.BitSet;

/**
 * Which TCP ports the namespace listens on, from its {@code /proc/net/tcp} and {@code /proc/net/tcp6}.
 *
 * <p>Theory of operation: a procfs net file shows the network namespace of the thread that opened it, so the
 * files are opened once on the namespace thread ({@link #open}, via {@code /proc/thread-self/net}) and the
 * descriptors kept; every {@link #refresh} rewinds and re-reads them from the event loop. Lines in state
 * {@code 0A} (LISTEN) mark their local port in a bit set. The read buffer is reused, so a scan allocates
 * nothing.
 */
public final class ListeningPortScan implements AutoCloseable {
    private final OwnSockets own = new OwnSockets();
    private static final int TCP_LISTEN = 0x0a;
    private final int[] fds;
    private final byte[] buf = new byte[1 << 16];
    private final BitSet listening = new BitSet(65536);
    private final BitSet next = new BitSet(65536);
    private int lineLength;
    private final byte[] line = new byte[512];

    private ListeningPortScan(int[] fds) {
        this.fds = fds;
    }

    /** Opens the namespace's files; call on a thread that is in the namespace. */
    public static ListeningPortScan open() {
        return openFiles("/proc/thread-self/net/tcp", "/proc/thread-self/net/tcp6");
    }

    /** Opens the given files in procfs format (missing ones are skipped). */
    static ListeningPortScan openFiles(String... paths) {
        int[] fds = new int[paths.length];
        for (int i = 0; i < paths.length; i++) {
            fds[i] = LibC.open(paths[i], LibC.O_RDONLY | LibC.O_CLOEXEC, 0);
        }
        return new ListeningPortScan(fds);
    }

    /** Re-reads the files; false if none could be read. */
    public boolean refresh() {
        next.clear();
        boolean any = false;
        own.startScan();
        for (int fd : fds) {
            if (fd >= 0 && readFile(fd)) {
                any = true;
            }
        }
        own.finishScan();
        if (any) {
            listening.clear();
            listening.or(next);
        }
        return any;
    }

    public boolean isListening(int port) {
        return listening.get(port);
    }

    private boolean readFile(int fd) {
        if (LibC.lseek(fd, 0, 0) < 0) {
            return false;
        }
        lineLength = 0;
        long n;
        while ((n = LibC.read(fd, buf, buf.length)) > 0) {
            for (int i = 0; i < n; i++) {
                byte b = buf[i];
                if (b == '\n') {
                    parseLine();
                    lineLength = 0;
                } else if (lineLength < line.length) {
                    line[lineLength++] = b;
                }
            }
        }
        return n == 0;
    }

    /**
     * "  sl  local_address rem_address   st ... inode": local port after the first ':' of field 2, state in
     * field 4, inode in field 10. Our own {@code -T} listeners in the namespace are skipped: forwarding them
     * back to the host would loop.
     */
    void parseLine() {
        int field = 0, i = 0;
        int port = -1, state = -1;
        long inode = -1;
        while (i < lineLength) {
            while (i < lineLength && line[i] == ' ') {
                i++;
            }
            int start = i;
            while (i < lineLength && line[i] != ' ') {
                i++;
            }
            if (i == start) {
                break;
            }
            field++;
            if (field == 2) {
                int colon = start;
                while (colon < i && line[colon] != ':') {
                    colon++;
                }
                port = hex(colon + 1, i);
            } else if (field == 4) {
                state = hex(start, i);
                if (state != TCP_LISTEN) {
                    break;
                }
            } else if (field == 10) {
                inode = decimal(start, i);
                break;
            }
        }
        if (state == TCP_LISTEN && port > 0 && port < 65536 && !(inode > 0 && own.isOurs(inode))) {
            next.set(port);
        }
    }

    private long decimal(int from, int to) {
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = line[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    private int hex(int from, int to) {
        if (from >= to) {
            return -1;
        }
        int v = 0;
        for (int i = from; i < to; i++) {
            int d = Character.digit(line[i], 16);
            if (d < 0) {
                return -1;
            }
            v = v << 4 | d;
        }
        return v;
    }

    @Override
    public void close() {
        for (int fd : fds) {
            if (fd >= 0) {
                LibC.close(fd);
            }
        }
    }
}
