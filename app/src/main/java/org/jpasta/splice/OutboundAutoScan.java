package org.jpasta.splice;

import io.netty.channel.IoEventLoop;
import org.jpasta.fwd.AutoScanPorts;
import org.jpasta.fwd.ForwardRule;
import org.jpasta.fwd.OwnSockets;
import org.jpasta.fwd.SocketTable;

import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code -T auto} / {@code -U auto}: namespace loopback ports that follow what the host has bound.
 *
 * <h2>Theory of operation</h2>
 * Every second (pasta's {@code FWD_PORT_SCAN_INTERVAL}) the host's {@code /proc/net/tcp}, {@code tcp6},
 * {@code udp} and {@code udp6} are read from the event loop, which lives in the host's namespace
 * ({@code /proc/thread-self/net} names that thread's namespace). TCP ports in LISTEN, and UDP ports bound
 * plus the TCP ones (pasta: "useful for iperf3"), minus this process's own sockets ({@link OwnSockets}),
 * are the wanted set; each port of an {@code auto} rule that is wanted or open is then opened or closed in the
 * namespace to match ({@link AutoScanPorts}; {@link NamespaceListeners}, which never blocks the loop). Reading
 * four small procfs files a second is the only cost while nothing changes.
 */
final class OutboundAutoScan {
    static final long INTERVAL_MILLIS = 1000;
    private static final String NET = "/proc/thread-self/net/";
    private List<ForwardRule> tcpRules, udpRules;
    private boolean started;
    private final NamespaceListeners tcpListeners, udpListeners;
    private final OwnSockets own = new OwnSockets();
    private final BitSet tcpPorts = new BitSet(65536), udpPorts = new BitSet(65536);
    private final AutoScanPorts visit = new AutoScanPorts();
    /** The host's tables: opened on the constructing thread, which is in the host's namespace. */
    private final SocketTable tcpTable = SocketTable.open(NET + "tcp", NET + "tcp6");
    private final SocketTable udpTable = SocketTable.open(NET + "udp", NET + "udp6");

    OutboundAutoScan(List<ForwardRule> tcpRules, NamespaceListeners tcpListeners, List<ForwardRule> udpRules,
                     NamespaceListeners udpListeners) {
        this.tcpRules = tcpRules;
        this.udpRules = udpRules;
        this.tcpListeners = tcpListeners;
        this.udpListeners = udpListeners;
    }

    boolean hasRules() {
        return !tcpRules.isEmpty() || !udpRules.isEmpty();
    }

    void start(IoEventLoop loop) {
        if (!started) {
            started = true;
            loop.scheduleAtFixedRate(this::scan, 0, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** New {@code auto} rules (the tables were replaced; their ports were closed); event loop only. */
    void setRules(List<ForwardRule> tcp, List<ForwardRule> udp) {
        tcpRules = tcp;
        udpRules = udp;
    }

    /** One scan: read the host's tables, then open and close namespace ports to match. */
    void scan() {
        if (!hasRules()) {
            return;
        }
        own.startScan();
        tcpPorts.clear();
        udpPorts.clear();
        tcpTable.scan(SocketTable.TCP_LISTEN, own::isOurs, tcpPorts);
        if (!udpRules.isEmpty()) {
            udpTable.scan(SocketTable.UDP_BOUND, own::isOurs, udpPorts);
            udpPorts.or(tcpPorts);
        }
        own.finishScan();
        sync(tcpRules, tcpPorts, tcpListeners);
        sync(udpRules, udpPorts, udpListeners);
    }

    private void sync(List<ForwardRule> rules, BitSet wanted, NamespaceListeners listeners) {
        for (ForwardRule rule : rules) {
            visit.collectByPort(rule, wanted, listeners.openPorts());
            for (int port = visit.next(rule.firstPort()); port >= 0; port = visit.next(port + 1)) {
                boolean want = wanted.get(port);
                if (want && !listeners.isOpen(port)) {
                    listeners.openLater(rule, port);
                } else if (!want && listeners.isOpen(port)) {
                    listeners.close(port);
                }
            }
        }
    }
}
