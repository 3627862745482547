package org.jpasta;

import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.jpasta.config.Configuration;
import org.jpasta.control.ControlSocket;
import org.jpasta.fwd.ForwardRules;
import org.jpasta.udp.UdpListeners;
import org.jpasta.config.ConfigurationPrinter;
import org.jpasta.daemon.ShortSpinStrategy;
import org.jpasta.daemon.StatsPrinter;
import org.jpasta.flow.AddressMapping;
import org.jpasta.pcap.PcapWriter;
import org.jpasta.config.HostNetwork;
import org.jpasta.daemon.PidFile;
import org.jpasta.dns.DnsDefaults;
import org.jpasta.dns.ResolvConf;
import org.jpasta.daemon.Readiness;
import org.jpasta.daemon.Signals;
import org.jpasta.log.Log;
import org.jpasta.ns.CommandSpawner;
import org.jpasta.ns.NamespaceSetup;
import org.jpasta.ns.NamespaceThread;
import org.jpasta.ns.NetnsQuitWatch;
import org.jpasta.sys.LibC;
import org.jpasta.sys.SysException;
import org.jpasta.sys.netlink.RtNetlink;
import org.jpasta.icmp.IcmpEcho;
import org.jpasta.splice.SpliceSetup;
import org.jpasta.tcp.InboundForwarding;
import org.jpasta.tcp.ListeningPortScan;
import org.jpasta.tcp.TcpTranslator;
import org.jpasta.tap.DropCounters;
import org.jpasta.tap.FrameDispatcher;
import org.jpasta.neighbour.NeighbourMacs;
import org.jpasta.neighbour.NeighbourMonitor;
import org.jpasta.tap.Neighbours;
import org.jpasta.tap.TapOutput;
import org.jpasta.tap.TapPort;
import org.jpasta.udp.UdpSetup;
import org.jpasta.wire.MacAddress;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The running instance: the composition root that wires namespace, tap, event loop and protocol handlers
 * together, in pasta's start-up order (conf, namespace, tap + {@code --config-net}, handlers, listeners,
 * netns-quit watch, then "ready": pid file and detach, or start the spawned command).
 */
public final class Pasta {
    private final Configuration config;
    private MultiThreadIoEventLoopGroup group;
    private final ShortSpinStrategy spin = new ShortSpinStrategy();
    private IoEventLoop loop;
    private NamespaceThread ns;
    private TapPort tap;
    private NeighbourMonitor neighbourMonitor;
    private SpliceSetup splice;
    private ListeningPortScan tcpScan;
    private TcpTranslator tcp;
    /** The listeners that new tables from the configuration socket replace; null where that part is off. */
    private InboundForwarding inbound;
    private UdpListeners udpListeners;
    private ControlSocket control;

    /** At exit in spawn mode: tap wake-ups handled at most, and how long the main thread waits for them. */
    private static final int DRAIN_BATCHES = 16;
    private static final long DRAIN_WAIT_MILLIS = 1000, DRAIN_POLL_MILLIS = 5;

    public Pasta(Configuration config) {
        this.config = config;
    }

    /**
     * Sets everything up and runs. Returns the exit status for spawn mode (the command's); for attach modes
     * returns -1 once ready, leaving the daemon running on the event loop.
     */
    public int run() throws SysException, IOException, InterruptedException {
        PidFile pidFile = config.pidFile != null ? PidFile.open(config.pidFile.toString()) : null;
        if (config.controlPath != null) {
            control = ControlSocket.bind(config.controlPath); // as pasta's conf(): fails before anything is set up
        }
        try (RtNetlink host = new RtNetlink()) {
            new HostNetwork(host).resolve(config);
        }
        DnsDefaults.applyAndWarn(config, ResolvConf.read(ResolvConf.DEFAULT_PATH));

        Log.debug("host network read");
        ns = config.mode == Configuration.Mode.SPAWN ? NamespaceThread.createNew()
                : NamespaceThread.join(netnsPath());
        Log.debug("namespace entered");
        // as pasta: the summary comes once the namespace could be opened (conf() opens it before conf_print())
        if (!config.quiet && (config.mode != Configuration.Mode.SPAWN || config.debug)) {
            ConfigurationPrinter.print(config);
        }
        NamespaceSetup.Result nsSide = ns.run(() -> NamespaceSetup.run(config));
        Log.debug(nsSide.hasTap() ? "tap " + config.nsIfname + " set up" : "namespace set up, no tap (--splice-only)");
        startLoop(nsSide);
        Log.debug("event loop running");
        if (control != null) {
            control.start(config.forwardRules, config.forwardCapabilities, this::switchRules);
        }
        Signals.install(() -> exit(0));
        if (config.mode != Configuration.Mode.SPAWN && !config.noNetnsQuit) {
            NetnsQuitWatch.start(Path.of(netnsPath()), loop, () -> exit(0));
        }
        if (pidFile != null) {
            pidFile.write(LibC.getpid());
        }
        Log.debug("ready");
        if (config.mode == Configuration.Mode.SPAWN) {
            return runCommand();
        }
        int readyFd = Readiness.readyFd();
        if (readyFd >= 0) {
            Readiness.signalReadyAndDetach(readyFd);
        }
        return -1;
    }

    private String netnsPath() {
        return config.mode == Configuration.Mode.PID ? "/proc/" + config.targetPid + "/ns/net" : config.netnsPath;
    }

    private void startLoop(NamespaceSetup.Result nsSide) throws InterruptedException, SysException {
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("jpasta-loop", false),
                EpollIoHandler.newFactory(0, spin.factory()));
        loop = group.next();
        if (!nsSide.hasTap()) {
            startSpliceOnly();
            return;
        }
        tap = new TapPort(nsSide.tap().fd());
        TapPort watched = tap;
        spin.watchTap(() -> watched.framesIn.sum() + watched.framesOut.sum());
        tap.setOnFatal(() -> exit(1));
        if (config.pcapFile != null) {
            tap.setCapture(PcapWriter.open(config.pcapFile));
            Log.info("Saving packet capture to " + config.pcapFile);
        }
        AddressMapping mapping = new AddressMapping(config);
        NeighbourMacs macs = NeighbourMacs.forConfiguration(config, mapping,
                MacAddress.read(java.nio.ByteBuffer.wrap(config.ourMac), 0));
        TapOutput output = new TapOutput(tap, macs, MacAddress.read(java.nio.ByteBuffer.wrap(nsSide.tapMac()), 0));
        DropCounters drops = new DropCounters();
        IcmpEcho echo = new IcmpEcho(mapping, loop, output, drops);
        Neighbours neighbours = new Neighbours(config, output, drops);
        neighbours.startUnsolicitedAdvertisements(loop);
        neighbourMonitor = NeighbourMonitor.start(config, macs, neighbours::announce, loop);
        FrameDispatcher dispatcher = new FrameDispatcher(output, drops, neighbours, echo, config.ip4.enabled,
                config.ip6.enabled, !config.noIcmp);
        splice = SpliceSetup.start(config, ns, loop);
        // the namespace's TCP table, shared by -t auto and -u auto (see ListeningPortScan)
        tcpScan = ns.run(ListeningPortScan::open);
        UdpSetup.Started udp = UdpSetup.start(config, mapping, loop, output, drops, splice.udp(), ns, tcpScan);
        udpListeners = udp.listeners();
        dispatcher.setUdp(udp.handler());
        if (!config.noTcp) {
            tcp = new TcpTranslator(mapping, loop, output, drops,
                    config.mtu, Integer.getInteger("jpasta.tcp.maxFlows", TcpTranslator.DEFAULT_FLOW_LIMIT),
                    config.ip6.templateIndex);
            tcp.setOutbound(config.ip4.outboundAddress, config.ip4.outboundInterface, config.ip6.outboundAddress,
                    config.ip6.outboundInterface);
            dispatcher.setTcp(tcp);
            startTcpForwarding(tcp);
        }
        tap.setHandler(dispatcher);
        if (config.statsDelay > 0 && config.foreground) {
            StatsPrinter.start(loop, config.statsDelay, tap, drops, System.err);
        }
        IoRegistration reg = loop.register(tap).sync().getNow();
        tap.activate(reg);
    }

    /**
     * {@code --splice-only}: no tap, hence no ICMP, DHCP, NDP or RA; the loopback paths are all there is:
     * {@code -t}/{@code -u} clients from the host's loopback spliced to the namespace's loopback
     * ({@code --host-lo-to-ns-lo} is implied), {@code -T}/{@code -U} the other way. Other {@code -t}/{@code -u}
     * clients are refused, as pasta's {@code fwd_nat_from_host()} finds no target for them.
     */
    private void startSpliceOnly() throws SysException {
        if (config.pcapFile != null) {
            PcapWriter.open(config.pcapFile); // pasta creates the capture file all the same; nothing goes into it
            Log.info("Saving packet capture to " + config.pcapFile);
        }
        splice = SpliceSetup.start(config, ns, loop);
        tcpScan = ns.run(ListeningPortScan::open);
        udpListeners = UdpSetup.startSpliceOnly(config, loop, splice.udp(), ns, tcpScan);
        if (!config.noTcp) {
            startTcpForwarding(null);
        }
    }

    /**
     * {@code -t}: explicit ports are bound now (before "ready"); {@code auto} scans the namespace's procfs.
     * {@code tcp} is null with {@code --splice-only}.
     */
    private void startTcpForwarding(TcpTranslator tcp) throws SysException {
        if (config.forwardRules == null) {
            return;
        }
        inbound = new InboundForwarding(tcp, loop, config.ip4.enabled, config.ip6.enabled);
        inbound.setFreebind(config.freebind);
        if (!config.noSplice && splice.tcp() != null) {
            inbound.setLoopbackSplice(splice.tcp()::fromHost);
        }
        inbound.bindExplicit(config.forwardRules);
        if (inbound.hasScanRules() || config.controlPath != null) {
            inbound.startScan(tcpScan);
        }
    }

    /**
     * New tables from the configuration socket (pasta's {@code fwd_listen_switch()}): on the event loop, every
     * listener of the old tables closes and those of the new ones open; connections and flows already set up
     * go on. Returns once done, so the next client sees the new tables.
     */
    private void switchRules(ForwardRules next) {
        loop.submit(() -> {
            boolean ok = inbound == null || inbound.replace(next);
            if (udpListeners != null) {
                udpListeners.replace(next);
            }
            splice.replace(next);
            if (!ok) {
                Log.error("Error switching to new forwarding rules");
            }
        }).syncUninterruptibly();
    }

    private int runCommand() throws IOException, InterruptedException {
        Signals.ignoreInterrupt();
        String hostname = config.hostname != null ? config.hostname : "pasta-" + LibC.hostname();
        Process p = ns.run(() -> CommandSpawner.start(config.command, hostname));
        if (!config.debug || config.logFile != null) {
            Log.detachStderr(); // as pasta: the command owns the terminal now, but -d without -l keeps printing
        }
        int status = p.waitFor();
        Log.debug("command exited with status " + status);
        drainTap();
        return status;
    }

    /**
     * Passes on what the command sent just before it exited (its last datagrams, and TCP data and FIN that the
     * guest kernel keeps sending for orphaned sockets) before the exit closes every host socket: first what
     * waits in the tap queue, then until every TCP flow has the guest's FIN or RST. pasta exits at once and
     * loses them. The wait is bounded.
     */
    private void drainTap() throws InterruptedException {
        if (tap == null) {
            return; // --splice-only: no tap queue, and no TCP flow through one
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_WAIT_MILLIS);
        if (!loop.submit(() -> tap.drain(DRAIN_BATCHES)).await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
            return;
        }
        while (tcp != null) {
            var pending = loop.submit(tcp::guestStillSending);
            if (!pending.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS) || !pending.getNow()
                    || System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_POLL_MILLIS) >= deadline) {
                return;
            }
            Thread.sleep(DRAIN_POLL_MILLIS);
        }
    }

    /** Ends the process: the kernel closes every descriptor, so host ports are free at once. */
    public static void exit(int status) {
        Log.debug("exiting with status " + status);
        Log.close();
        Runtime.getRuntime().halt(status);
    }
}
