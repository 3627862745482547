package org.jpasta.udp;

import org.jpasta.sys.LibC;
import org.jpasta.tcp.ListeningPortScan;

import java.util.BitSet;

/**
 * Which ports {@code -u auto} forwards: those with a bound UDP socket in the namespace, plus those with a
 * listening TCP socket (pasta's {@code fwd_scan_ports_udp()}: protocols such as iperf3 set up a UDP transfer
 * on the number of their TCP control port).
 *
 * <h2>Theory of operation</h2>
 * A procfs net file shows the network namespace of the thread that opened it, so {@link #open} must run on
 * the namespace thread: it opens {@code /proc/thread-self/net/udp} and {@code udp6}, and a
 * {@link ListeningPortScan} for the TCP files. The descriptors are kept; {@link #refresh}, on the event loop,
 * rewinds and re-reads them with raw {@code read(2)}s (procfs must not be read through {@code Files}, which
 * truncates it on this JDK). A UDP socket that is bound but not connected shows state {@code 07}
 * ({@code TCP_CLOSE}), which is what pasta calls {@code UDP_LISTEN}; connected ones ({@code 01}) are the
 * namespace's own outgoing flows and are not forwarded. The read buffer, the line buffer and both bit sets
 * are reused, so a scan allocates nothing.
 */
public final class UdpPortScan implements AutoCloseable {
    /** Socket state of a bound, unconnected UDP socket in {@code /proc/net/udp}. */
    static final int UDP_LISTEN = 0x07;
    private final int[] fds;
    private final ListeningPortScan tcp;
    private final byte[] buf = new byte[1 << 16];
    private final byte[] line = new byte[512];
    private int lineLength;
    private final BitSet bound = new BitSet(65536);
    private final BitSet next = new BitSet(65536);

    UdpPortScan(int[] fds, ListeningPortScan tcp) {
        this.fds = fds;
        this.tcp = tcp;
    }

    /** Opens the namespace's UDP and TCP socket tables; call on a thread that is in the namespace. */
    public static UdpPortScan open() {
        return new UdpPortScan(openFiles("/proc/thread-self/net/udp", "/proc/thread-self/net/udp6"),
                ListeningPortScan.open());
    }

    /** Opens files in {@code /proc/net/udp} format; missing ones get -1 and are skipped. */
    static int[] openFiles(String... paths) {
        int[] fds = new int[paths.length];
        for (int i = 0; i < paths.length; i++) {
            fds[i] = LibC.open(paths[i], LibC.O_RDONLY | LibC.O_CLOEXEC, 0);
        }
        return fds;
    }

    /** Re-reads the tables; false (keeping the previous result) if no UDP table could be read. */
    public boolean refresh() {
        next.clear();
        boolean any = false;
        for (int fd : fds) {
            if (fd >= 0 && readFile(fd)) {
                any = true;
            }
        }
        if (!any) {
            return false;
        }
        boolean tcpRead = tcp != null && tcp.refresh();
        bound.clear();
        bound.or(next);
        if (tcpRead) {
            for (int port = 1; port < 65536; port++) {
                if (tcp.isListening(port)) {
                    bound.set(port);
                }
            }
        }
        return true;
    }

    /** Whether the last scan found {@code port} bound (UDP) or listening (TCP) in the namespace. */
    public boolean isBound(int port) {
        return bound.get(port);
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

    /** Feeds one line in procfs format, for tests. */
    void parseLine(String text) {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        lineLength = Math.min(bytes.length, line.length);
        System.arraycopy(bytes, 0, line, 0, lineLength);
        parseLine();
    }

    /** The ports found by lines fed so far since the last {@link #refresh}, for tests. */
    boolean parsed(int port) {
        return next.get(port);
    }

    /**
     * {@code "  sl  local_address rem_address   st ..."}: the local port follows the ':' of field 2, the state
     * is field 4; the header line and anything malformed fail to parse and are skipped.
     */
    private void parseLine() {
        int field = 0, i = 0, port = -1, state = -1;
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
                break;
            }
        }
        if (state == UDP_LISTEN && port > 0 && port < 65536) {
            next.set(port);
        }
    }

    private int hex(int from, int to) {
        if (from >= to || to - from > 8) {
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
        if (tcp != null) {
            tcp.close();
        }
    }
}
