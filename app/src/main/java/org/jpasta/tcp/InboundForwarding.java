package org.jpasta.tcp;

import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.util.concurrent.Future;
import org.jpasta.fwd.AutoScanPorts;
import org.jpasta.fwd.Direction;
import org.jpasta.fwd.ForwardRule;
import org.jpasta.fwd.ForwardRules;
import org.jpasta.fwd.Protocol;
import org.jpasta.log.Log;
import org.jpasta.log.RateLimitedWarning;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The host listeners of {@code -t}: bound at start-up for explicit ports, and kept in step with the namespace's
 * listening ports for {@code auto} rules.
 *
 * <p>Theory of operation: explicit rules are bound before "ready", and a port that cannot be bound is a start-up
 * error, as in pasta ({@code Listen failed for HOST TCP ...}, then {@code Couldn't listen on requested ports}),
 * unless the rule is weak. {@code auto} rules are driven by a {@link ListeningPortScan} of the namespace's
 * {@code /proc/net/tcp} and {@code tcp6} once a second: a port the namespace listens on gets a host listener,
 * and the listener goes when the namespace stops listening. Listeners for a port are kept in a 65536-entry
 * array per rule, with a set of the open ones, so a scan visits only the ports that are listening or open
 * ({@link AutoScanPorts}) and allocates nothing unless something changed. New tables from the configuration
 * socket ({@link #replace}) close every listener and bind those of the new rules. Runs on the event loop after
 * start-up.
 */
public final class InboundForwarding {
    private static final long SCAN_INTERVAL_MILLIS = 1000;

    private final TcpTranslator tcp;
    private final HostSocket host;
    private final IoEventLoop loop;
    private final boolean ipv4, ipv6;
    private final RateLimitedWarning acceptWarning = new RateLimitedWarning();
    private final RateLimitedWarning refusals = new RateLimitedWarning();
    private final List<ForwardRule> scanRules = new ArrayList<>();
    private final List<HostListener[]> scanListeners = new ArrayList<>();
    /** Per {@code auto} rule, the ports with a listener open. */
    private final List<BitSet> scanOpen = new ArrayList<>();
    private final AutoScanPorts visit = new AutoScanPorts();
    private final List<HostListener> explicitListeners = new ArrayList<>();
    private ListeningPortScan scan;

    private LoopbackSplice splice;
    private boolean freebind;

    /** {@code --freebind}: listeners may bind addresses the host does not have. */
    public void setFreebind(boolean freebind) {
        this.freebind = freebind;
    }

    /** Loopback clients of rules without a target address are spliced (pasta's default; off with --no-splice). */
    public void setLoopbackSplice(LoopbackSplice splice) {
        this.splice = splice;
    }

    /**
     * @param tcp the tap side for clients that are not spliced; null with {@code --splice-only}, where only
     *            loopback clients are forwarded (spliced) and the others are reset, as pasta does
     */
    public InboundForwarding(TcpTranslator tcp, IoEventLoop loop, boolean ipv4, boolean ipv6) {
        this.tcp = tcp;
        this.host = tcp != null ? tcp.host : new HostSocket();
        this.loop = loop;
        this.ipv4 = ipv4;
        this.ipv6 = ipv6;
    }

    /**
     * Binds the listeners of every explicit inbound TCP rule; remembers {@code auto} rules for the scan.
     *
     * @throws IllegalStateException with pasta's message if a required port cannot be bound
     */
    public void bindExplicit(ForwardRules rules) {
        if (!bindRules(rules, true)) {
            throw new IllegalStateException("Couldn't listen on requested ports");
        }
    }

    /**
     * Binds what {@code rules} asks for; false if a port that is not best effort could not be bound. With
     * {@code stopAtFailure} (start-up, which then fails), the first such port ends it.
     */
    private boolean bindRules(ForwardRules rules, boolean stopAtFailure) {
        boolean ok = true;
        for (ForwardRule rule : rules.rules(Direction.INBOUND)) {
            if (rule.protocol() != Protocol.TCP) {
                continue;
            }
            if (rule.scan()) {
                scanRules.add(rule);
                scanListeners.add(new HostListener[65536]);
                scanOpen.add(new BitSet(65536));
                continue;
            }
            for (int port = rule.firstPort(); port <= rule.lastPort(); port++) {
                if (!rule.excludedPorts().contains(port) && !listen(rule, port, explicitListeners, true)
                        && !rule.weak()) {
                    ok = false;
                    if (stopAtFailure) {
                        return false;
                    }
                }
            }
        }
        return ok;
    }

    /**
     * Replaces every listener with those of {@code rules} (pasta's {@code fwd_listen_switch()}: the old ones
     * close first, so a port both tables have is bound again); connections already accepted go on. False if a
     * port that is not best effort could not be bound; the others are bound all the same. Event loop only.
     */
    public boolean replace(ForwardRules rules) {
        for (HostListener l : explicitListeners) {
            l.shutdown();
        }
        explicitListeners.clear();
        for (HostListener[] byPort : scanListeners) {
            for (int port = 0; port < byPort.length; port++) {
                if (byPort[port] != null) {
                    byPort[port].shutdown();
                    byPort[port] = null;
                }
            }
        }
        scanRules.clear();
        scanListeners.clear();
        scanOpen.clear();
        boolean ok = bindRules(rules, false);
        if (scan != null && !scanRules.isEmpty()) {
            rescan();
        }
        return ok;
    }

    /**
     * Starts the once-a-second scan (the scan's files are already open). The caller starts it where there are
     * {@code auto} rules, or where a configuration socket may add some: a scan without them reads nothing.
     */
    public void startScan(ListeningPortScan portScan) {
        this.scan = portScan;
        loop.execute(this::rescan);
        loop.scheduleAtFixedRate(this::rescan, SCAN_INTERVAL_MILLIS, SCAN_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    public boolean hasScanRules() {
        return !scanRules.isEmpty();
    }

    private void rescan() {
        if (scanRules.isEmpty() || !scan.refresh()) {
            return;
        }
        for (int i = 0; i < scanRules.size(); i++) {
            ForwardRule rule = scanRules.get(i);
            HostListener[] listeners = scanListeners.get(i);
            BitSet open = scanOpen.get(i);
            visit.collectByTarget(rule, scan.listening(), open);
            for (int port = visit.next(rule.firstPort()); port >= 0; port = visit.next(port + 1)) {
                boolean wanted = scan.isListening(rule.targetPortFor(port)) && !rule.excludedPorts().contains(port);
                if (wanted && listeners[port] == null) {
                    List<HostListener> opened = new ArrayList<>(1);
                    if (listen(rule, port, opened, false) && !opened.isEmpty()) {
                        listeners[port] = opened.get(0);
                        open.set(port);
                        Log.debug("tcp: auto-forwarding port " + port);
                    }
                } else if (!wanted && listeners[port] != null) {
                    listeners[port].shutdown();
                    listeners[port] = null;
                    open.clear(port);
                    Log.debug("tcp: no longer forwarding port " + port);
                }
            }
        }
    }

    /**
     * Opens the listener of one rule for one port into {@code opened}; false if it failed, after a warning if
     * {@code explicit} (an {@code auto} port is tried again at the next scan).
     */
    private boolean listen(ForwardRule rule, int port, List<HostListener> opened, boolean explicit) {
        InetAddress address = rule.listenAddress();
        int target = rule.targetPortFor(port);
        byte[] bytes;
        boolean dualStack = false;
        if (address == null) {
            dualStack = ipv4 && ipv6;
            bytes = ipv6 ? new byte[16] : new byte[4];
        } else {
            if (address instanceof Inet4Address ? !ipv4 : !ipv6) {
                return true;
            }
            bytes = address.getAddress();
        }
        try {
            HostListener l = HostListener.open(tcp, host, bytes, dualStack, rule.listenInterface(), port, target,
                    acceptWarning, refusals, freebind);
            if (rule.targetAddress() == null) {
                l.setLoopbackSplice(splice);
            }
            register(l);
            opened.add(l);
            return true;
        } catch (HostListener.ListenException e) {
            if (explicit || Log.debug) {
                String where = address == null ? (ipv6 ? "[::]" : "0.0.0.0") : address.getHostAddress();
                String message = "Listen failed for HOST TCP " + where
                        + (rule.listenInterface() != null ? "%" + rule.listenInterface() : "") + "/" + port + ": "
                        + e.getMessage();
                if (explicit) {
                    Log.warn(message);
                } else {
                    Log.debug(message);
                }
            }
            return false;
        }
    }

    private void register(HostListener l) {
        Future<IoRegistration> f = loop.register(l);
        f.addListener(done -> {
            if (f.isSuccess()) {
                l.registration = f.getNow();
                l.registration.submit(EpollIoOps.EPOLLIN.with(EpollIoOps.EPOLLET));
            } else {
                Log.warn("tcp: can't register listener for port " + l.port + ": " + f.cause());
                l.shutdown();
            }
        });
    }
}
