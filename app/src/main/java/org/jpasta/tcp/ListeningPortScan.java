package org.jpasta.tcp;

import org.jpasta.fwd.OwnSockets;
import org.jpasta.fwd.SocketTable;

import java.util.BitSet;

/**
 * Which TCP ports the namespace listens on ({@code -t auto}), from its {@code /proc/net/tcp} and {@code tcp6}.
 *
 * <p>Theory of operation: the tables are opened once on the namespace thread ({@link #open}, through
 * {@code /proc/thread-self/net}) and re-read from the event loop by {@link SocketTable}; our own {@code -T}
 * listeners in the namespace are not counted ({@link OwnSockets}), or they would be forwarded back. A failed
 * read keeps the previous result rather than dropping every forward. One instance serves both {@code -t auto}
 * and {@code -u auto} (which also forwards the UDP numbers of listening TCP ports): a refresh within
 * {@link #REUSE_NANOS} of the last one reuses it, because generating {@code /proc/net/tcp} walks the kernel's
 * whole TCP hash table and dominates the cost of an idle daemon.
 */
public final class ListeningPortScan implements AutoCloseable {
    private final SocketTable table;
    private final OwnSockets own = new OwnSockets();
    private final BitSet listening = new BitSet(65536);
    private final BitSet next = new BitSet(65536);
    static final long REUSE_NANOS = 900_000_000L;
    private long lastRefreshNanos = System.nanoTime() - 2 * REUSE_NANOS;
    private boolean lastResult;

    private ListeningPortScan(SocketTable table) {
        this.table = table;
    }

    /** Opens the namespace's tables; call on a thread that is in the namespace. */
    public static ListeningPortScan open() {
        return openFiles("/proc/thread-self/net/tcp", "/proc/thread-self/net/tcp6");
    }

    /** Opens the given files in procfs format (missing ones are skipped). */
    static ListeningPortScan openFiles(String... paths) {
        return new ListeningPortScan(SocketTable.open(paths));
    }

    /** Re-reads the tables; false (keeping the previous result) if none could be read. */
    public boolean refresh() {
        long now = System.nanoTime();
        if (now - lastRefreshNanos < REUSE_NANOS) {
            return lastResult;
        }
        lastRefreshNanos = now;
        lastResult = read();
        return lastResult;
    }

    private boolean read() {
        next.clear();
        own.startScan();
        boolean any = table.scan(SocketTable.TCP_LISTEN, own::isOurs, next);
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

    /** The listening ports of the last scan, as a set to walk; read it, never change it. */
    public BitSet listening() {
        return listening;
    }

    @Override
    public void close() {
        table.close();
    }
}
