package org.jpasta.splice;

import io.netty.channel.IoEventLoop;
import io.netty.util.collection.IntObjectHashMap;
import org.jpasta.fwd.ForwardRule;
import org.jpasta.log.Log;
import org.jpasta.ns.NamespaceThread;
import org.jpasta.sys.LibC;
import org.jpasta.sys.SysException;

import java.util.BitSet;
import java.util.function.Consumer;

/**
 * The loopback sockets of the outbound rules of one protocol ({@code -T} or {@code -U}) inside the namespace,
 * by port.
 *
 * <h2>Theory of operation</h2>
 * For every port of a rule there is one socket per enabled IP version, opened by the namespace thread
 * ({@link LoopbackSockets}) and served by the event loop. Fixed rules are opened at start-up, waiting for the
 * namespace thread ({@link #openNow}); a failure is fatal unless the rule is best effort, as pasta's "Listen
 * failed" is. {@code auto} rules open and close ports at run time ({@link #openLater}, {@link #close}) without
 * the event loop ever waiting: the namespace thread opens the sockets and hands them back with
 * {@code loop.execute}. A port is "open" from the moment it is queued, so a port seen twice by the scanner is
 * not opened twice. Event-loop confined after start-up.
 */
final class NamespaceListeners {
    private final NamespaceThread ns;
    private final IoEventLoop loop;
    private final int type;
    private final boolean ipv4, ipv6;
    private final Consumer<LoopbackListener> onReadable;
    private final IntObjectHashMap<LoopbackListener[]> byPort = new IntObjectHashMap<>();
    /** The keys of {@link #byPort}, as a set an {@code auto} scan can walk. */
    private final BitSet openPorts = new BitSet(65536);
    private volatile int lastBindErrno;

    NamespaceListeners(NamespaceThread ns, IoEventLoop loop, int type, boolean ipv4, boolean ipv6,
                       Consumer<LoopbackListener> onReadable) {
        this.ns = ns;
        this.loop = loop;
        this.type = type;
        this.ipv4 = ipv4;
        this.ipv6 = ipv6;
        this.onReadable = onReadable;
    }

    /** Opens a fixed rule's port, waiting for the namespace thread; throws if a non-weak rule fails. */
    void openNow(ForwardRule rule, int port) throws SysException {
        LoopbackListener[] pair = ns.run(() -> bindPair(rule, port));
        if (pair[0] == null && pair[1] == null && !rule.weak()) {
            throw new SysException("Listen failed for SPLICE " + rule.protocol().label() + " port " + port,
                    lastBindErrno);
        }
        adopt(port, pair);
    }

    /** Queues opening an auto-scanned port; a no-op if it is open already. */
    void openLater(ForwardRule rule, int port) {
        openLater(rule, port, false);
    }

    /**
     * Queues opening a fixed rule's port at run time (new tables from the configuration socket); a port that
     * cannot be bound is reported, as at start-up, unless the rule is best effort.
     */
    void openFixedLater(ForwardRule rule, int port) {
        openLater(rule, port, !rule.weak());
    }

    private void openLater(ForwardRule rule, int port, boolean reportFailure) {
        if (byPort.containsKey(port)) {
            return;
        }
        LoopbackListener[] pair = new LoopbackListener[2];
        byPort.put(port, pair);
        openPorts.set(port);
        ns.execute(() -> {
            LoopbackListener[] bound = bindPair(rule, port);
            int errno = lastBindErrno;
            loop.execute(() -> adoptQueued(port, pair, bound, reportFailure ? errno : 0));
        });
    }

    private void adoptQueued(int port, LoopbackListener[] placeholder, LoopbackListener[] bound, int reportErrno) {
        if (byPort.get(port) != placeholder) {
            closeAll(bound); // closed again before the sockets arrived
            return;
        }
        if (bound[0] == null && bound[1] == null && reportErrno != 0) {
            Log.warn("Listen failed for SPLICE " + (type == LibC.SOCK_STREAM ? "TCP" : "UDP") + " port " + port
                    + ": " + LibC.strerrorText(reportErrno));
        }
        placeholder[0] = bound[0];
        placeholder[1] = bound[1];
        register(placeholder);
    }

    private void adopt(int port, LoopbackListener[] pair) {
        byPort.put(port, pair);
        openPorts.set(port);
        register(pair);
    }

    private void register(LoopbackListener[] pair) {
        for (LoopbackListener l : pair) {
            if (l != null) {
                l.register(loop);
            }
        }
    }

    /** Closes a port's sockets (auto: the host side stopped listening). */
    void close(int port) {
        LoopbackListener[] pair = byPort.remove(port);
        openPorts.clear(port);
        if (pair != null) {
            closeAll(pair);
        }
    }

    /** Closes every port (the tables were replaced). */
    void closeAllPorts() {
        for (LoopbackListener[] pair : byPort.values()) {
            closeAll(pair);
        }
        byPort.clear();
        openPorts.clear();
    }

    boolean isOpen(int port) {
        return byPort.containsKey(port);
    }

    /** The open ports, as a set to walk; read it, never change it. */
    BitSet openPorts() {
        return openPorts;
    }

    int count() {
        return byPort.size();
    }

    /** Runs on the namespace thread. */
    private LoopbackListener[] bindPair(ForwardRule rule, int port) {
        LoopbackListener[] pair = new LoopbackListener[2];
        if (ipv4) {
            pair[0] = bindOne(rule, port, false);
        }
        if (ipv6) {
            pair[1] = bindOne(rule, port, true);
        }
        return pair;
    }

    private LoopbackListener bindOne(ForwardRule rule, int port, boolean v6) {
        int fd = LoopbackSockets.bind(v6, type, port);
        if (fd < 0) {
            lastBindErrno = -fd;
            if (!rule.weak() || Log.debug) {
                Log.debug("splice: can't listen on " + (v6 ? "[::1]:" : "127.0.0.1:") + port + ": "
                        + LibC.strerrorText(-fd));
            }
            return null;
        }
        return new LoopbackListener(fd, v6, port, rule, onReadable);
    }

    private static void closeAll(LoopbackListener[] pair) {
        for (LoopbackListener l : pair) {
            if (l != null) {
                l.close();
            }
        }
    }
}
