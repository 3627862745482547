package org.jpasta.splice;

import io.netty.channel.IoEventLoop;
import org.jpasta.config.Configuration;
import org.jpasta.fwd.Direction;
import org.jpasta.fwd.ForwardRule;
import org.jpasta.fwd.ForwardRules;
import org.jpasta.fwd.Protocol;
import org.jpasta.ns.NamespaceThread;
import org.jpasta.sys.LibC;
import org.jpasta.sys.SysException;

import java.util.ArrayList;
import java.util.List;

/**
 * Composition of the loopback fast path for {@link org.jpasta.Pasta}: the TCP splice forwarder (whose
 * {@link SpliceForwarder#fromHost} the {@code -t} listeners call), the {@code -T} and {@code -U} sockets in
 * the namespace with their {@code auto} scan, and the spliced datagram flows.
 *
 * <h2>Theory of operation</h2>
 * Everything that can fail because of the configuration (a fixed {@code -T} port already taken) fails here,
 * before pasta reports ready, as pasta's "Listen failed" does. {@code --no-tcp} and {@code --no-udp} leave
 * out their half.
 */
public final class SpliceSetup {
    private final SpliceForwarder forwarder;
    private final SplicedDatagrams datagrams;
    private final NamespaceListeners tcpListeners, udpListeners;
    private final OutboundAutoScan scan;
    private final IoEventLoop loop;

    private SpliceSetup(SpliceForwarder forwarder, SplicedDatagrams datagrams, NamespaceListeners tcpListeners,
                        NamespaceListeners udpListeners, OutboundAutoScan scan, IoEventLoop loop) {
        this.forwarder = forwarder;
        this.datagrams = datagrams;
        this.tcpListeners = tcpListeners;
        this.udpListeners = udpListeners;
        this.scan = scan;
        this.loop = loop;
    }

    /** Builds and starts the fast path; call once, after the event loop exists. */
    public static SpliceSetup start(Configuration c, NamespaceThread ns, IoEventLoop loop) throws SysException {
        ForwardRules rules = c.forwardRules != null ? c.forwardRules : ForwardRules.empty();
        SpliceForwarder forwarder = c.noTcp ? null : SpliceForwarder.create(c, ns, loop);
        SplicedDatagrams datagrams = c.noUdp ? null : SplicedDatagrams.create(c, ns, loop);
        NamespaceListeners tcp = null, udp = null;
        if (forwarder != null) {
            OutboundTcp outbound = new OutboundTcp(forwarder);
            tcp = new NamespaceListeners(ns, loop, LibC.SOCK_STREAM, c.ip4.enabled, c.ip6.enabled,
                    outbound::acceptAll);
            openFixed(rules, Protocol.TCP, tcp);
        }
        if (datagrams != null) {
            udp = new NamespaceListeners(ns, loop, LibC.SOCK_DGRAM, c.ip4.enabled, c.ip6.enabled,
                    datagrams::fromNamespace);
            openFixed(rules, Protocol.UDP, udp);
        }
        OutboundAutoScan scan = new OutboundAutoScan(scanRules(rules, Protocol.TCP, tcp), tcp,
                scanRules(rules, Protocol.UDP, udp), udp);
        if (scan.hasRules()) {
            scan.start(loop);
        }
        return new SpliceSetup(forwarder, datagrams, tcp, udp, scan, loop);
    }

    /**
     * Replaces the namespace's {@code -T}/{@code -U} sockets with those of {@code rules}' outbound table (pasta's
     * {@code fwd_listen_switch()}): all close, then the fixed ports are opened by the namespace thread (a port
     * that cannot be bound is reported when the answer comes back) and the {@code auto} rules are scanned for.
     * Connections and flows already set up go on. Event loop only.
     */
    public void replace(ForwardRules rules) {
        for (NamespaceListeners listeners : new NamespaceListeners[] {tcpListeners, udpListeners}) {
            if (listeners != null) {
                listeners.closeAllPorts();
            }
        }
        openFixedLater(rules, Protocol.TCP, tcpListeners);
        openFixedLater(rules, Protocol.UDP, udpListeners);
        scan.setRules(scanRules(rules, Protocol.TCP, tcpListeners), scanRules(rules, Protocol.UDP, udpListeners));
        if (scan.hasRules()) {
            scan.start(loop);
        }
    }

    private static void openFixedLater(ForwardRules rules, Protocol protocol, NamespaceListeners listeners) {
        if (listeners == null) {
            return;
        }
        for (ForwardRule rule : rules.rules(Direction.OUTBOUND)) {
            if (rule.protocol() == protocol && !rule.scan()) {
                for (int port = rule.firstPort(); port <= rule.lastPort(); port++) {
                    listeners.openFixedLater(rule, port);
                }
            }
        }
    }

    private static void openFixed(ForwardRules rules, Protocol protocol, NamespaceListeners listeners)
            throws SysException {
        for (ForwardRule rule : rules.rules(Direction.OUTBOUND)) {
            if (rule.protocol() == protocol && !rule.scan()) {
                for (int port = rule.firstPort(); port <= rule.lastPort(); port++) {
                    listeners.openNow(rule, port);
                }
            }
        }
    }

    private static List<ForwardRule> scanRules(ForwardRules rules, Protocol protocol, NamespaceListeners listeners) {
        List<ForwardRule> scan = new ArrayList<>();
        if (listeners == null) {
            return scan;
        }
        for (ForwardRule rule : rules.rules(Direction.OUTBOUND)) {
            if (rule.protocol() == protocol && rule.scan()) {
                scan.add(rule);
            }
        }
        return scan;
    }

    /** The TCP entry point for {@code -t} listeners ({@code null} with {@code --no-tcp}). */
    public SpliceForwarder tcp() {
        return forwarder;
    }

    /** The datagram side, for loopback {@code -u} traffic ({@code null} with {@code --no-udp}). */
    public SplicedDatagrams udp() {
        return datagrams;
    }
}
