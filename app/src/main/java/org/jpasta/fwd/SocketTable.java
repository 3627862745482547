package org.jpasta.fwd;

import org.jpasta.sys.LibC;

import java.util.BitSet;
import java.util.function.LongPredicate;

/**
 * Bound ports from the kernel's socket tables ({@code /proc/net/tcp}, {@code tcp6}, {@code udp}, {@code udp6}),
 * for {@code auto} forwarding in both directions.
 *
 * <h2>Theory of operation</h2>
 * pasta's {@code auto} reads these tables every second and keeps the local ports of sockets in one state:
 * {@code 0A} (LISTEN) for TCP, {@code 07} (CLOSE, bound but not connected) for UDP. A line is
 * {@code "sl: LOCAL_ADDR:PORT REM_ADDR:PORT ST TX:RX TR:WHEN RETR UID TIMEOUT INODE ..."}, hexadecimal but for
 * the last, decimal fields; the parser walks the bytes once. A procfs net file shows the network namespace of
 * the thread that opened it, so the namespace's tables are opened on the namespace thread
 * ({@code /proc/thread-self/net/...}) and the descriptors kept; every {@link #scan} rewinds and re-reads them
 * with raw {@code read(2)}s into one reused buffer ({@code Files.readString} truncates procfs files on this
 * JDK), so a scan allocates nothing. Sockets the caller recognises as its own ({@link OwnSockets}) are
 * skipped, so that pasta never forwards its own listeners back the other way (a loop).
 */
public final class SocketTable implements AutoCloseable {
    public static final int TCP_LISTEN = 0x0A, UDP_BOUND = 0x07;
    private static final int FIELD_LOCAL = 1, FIELD_STATE = 3, FIELD_INODE = 9;
    private static final int MAX_LINE = 512;

    private final int[] fds;
    private final byte[] chunk = new byte[1 << 16];
    private final byte[] line = new byte[MAX_LINE];

    private SocketTable(int[] fds) {
        this.fds = fds;
    }

    /** Opens the tables at {@code paths} on the calling thread; missing ones are skipped. */
    public static SocketTable open(String... paths) {
        int[] fds = new int[paths.length];
        for (int i = 0; i < paths.length; i++) {
            fds[i] = LibC.open(paths[i], LibC.O_RDONLY | LibC.O_CLOEXEC, 0);
        }
        return new SocketTable(fds);
    }

    /**
     * Re-reads every table and sets in {@code ports} the local port of each socket in {@code state} that
     * {@code ours} does not claim. Returns false if no table could be read.
     */
    public boolean scan(int state, LongPredicate ours, BitSet ports) {
        boolean any = false;
        for (int fd : fds) {
            if (fd >= 0 && scanFile(fd, state, ours, ports)) {
                any = true;
            }
        }
        return any;
    }

    private boolean scanFile(int fd, int state, LongPredicate ours, BitSet ports) {
        if (LibC.lseek(fd, 0, 0) < 0) {
            return false;
        }
        int lineLength = 0;
        long n;
        while ((n = LibC.read(fd, chunk, chunk.length)) > 0) {
            for (int i = 0; i < n; i++) {
                byte b = chunk[i];
                if (b == '\n') {
                    parseLine(line, 0, lineLength, state, ours, ports);
                    lineLength = 0;
                } else if (lineLength < MAX_LINE) {
                    line[lineLength++] = b;
                }
            }
        }
        return n == 0;
    }

    /** Parses a whole table held in memory (tests, and tables read some other way). */
    public static void parse(byte[] text, int state, LongPredicate ours, BitSet ports) {
        int lineStart = 0;
        while (lineStart < text.length) {
            int end = lineStart;
            while (end < text.length && text[end] != '\n') {
                end++;
            }
            parseLine(text, lineStart, end, state, ours, ports);
            lineStart = end + 1;
        }
    }

    private static void parseLine(byte[] t, int from, int to, int state, LongPredicate ours, BitSet ports) {
        int port = -1, lineState = -1;
        long inode = -1;
        int field = 0, i = from;
        while (i < to) {
            while (i < to && isSpace(t[i])) {
                i++;
            }
            int start = i;
            while (i < to && !isSpace(t[i])) {
                i++;
            }
            if (start == i) {
                break;
            }
            if (field == FIELD_LOCAL) {
                int colon = start;
                while (colon < i && t[colon] != ':') {
                    colon++;
                }
                port = (int) number(t, colon + 1, i, 16);
            } else if (field == FIELD_STATE) {
                lineState = (int) number(t, start, i, 16);
            } else if (field == FIELD_INODE) {
                inode = number(t, start, i, 10);
                break;
            }
            field++;
        }
        // like pasta's sscanf(), only port and state are required; without an inode a socket can't be ours
        if (lineState == state && port > 0 && port < 65536 && !(inode >= 0 && ours.test(inode))) {
            ports.set(port);
        }
    }

    private static long number(byte[] t, int from, int to, int radix) {
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = Character.digit(t[i], radix);
            if (d < 0) {
                return -1;
            }
            v = v * radix + d;
        }
        return v;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n';
    }

    private static int indexAfter(byte[] t, int from, byte b) {
        for (int i = from; i < t.length; i++) {
            if (t[i] == b) {
                return i + 1;
            }
        }
        return t.length;
    }

    @Override
    public void close() {
        for (int fd : fds) {
            LibC.closeQuietly(fd);
        }
    }
}
