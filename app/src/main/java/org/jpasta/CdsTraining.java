package org.jpasta;

import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.jpasta.cli.CliExit;
import org.jpasta.cli.PastaOptions;
import org.jpasta.config.Configuration;
import org.jpasta.config.ConfigurationFromOptions;
import org.jpasta.config.HostNetwork;
import org.jpasta.daemon.ShortSpinStrategy;
import org.jpasta.flow.AddressMapping;
import org.jpasta.icmp.IcmpEcho;
import org.jpasta.log.Log;
import org.jpasta.sys.LibC;
import org.jpasta.sys.netlink.RtNetlink;
import org.jpasta.tap.DropCounters;
import org.jpasta.tap.FrameDispatcher;
import org.jpasta.tap.Neighbours;
import org.jpasta.tap.TapOutput;
import org.jpasta.tap.TapPort;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The class-data-sharing training run: walks the start-up path (option parsing, JNA, netlink, the Netty
 * epoll loop, the frame path) without needing any privilege or namespace, so that the build can dump an
 * AppCDS archive ({@code -XX:ArchiveClassesAtExit}) of exactly the classes a real start loads. Start-up
 * is dominated by class loading and linking (measured; see docs/PERFORMANCE.md), which the archive skips.
 * <p>
 * When the build runs as root with a tun device (CI does), it first makes one real spawn-mode start,
 * {@code --config-net -q -- true}, in a new network namespace of its own: that loads exactly what a real start
 * loads, TCP, UDP and splice set-up included. Nothing is sent anywhere; the command is {@code true}.
 */
public final class CdsTraining {
    private CdsTraining() {}

    public static void main(String[] args) throws Exception {
        if (LibC.geteuid() == 0 && new java.io.File("/dev/net/tun").canRead()) {
            try {
                Configuration real = ConfigurationFromOptions.build(PastaOptions.parse("pasta",
                        new String[] {"--config-net", "-q", "--", "true"}));
                Log.configure(true, false, false);
                new Pasta(real).run();
            } catch (Exception e) {
                // no namespaces here after all: the unprivileged walk below still covers most of start-up
            }
        }
        walkStartupPath();
        Runtime.getRuntime().exit(0); // the event loops are not daemon threads; exit() dumps the archive
    }

    private static void walkStartupPath() throws Exception {
        try {
            PastaOptions.parse("pasta", new String[] {"--bogus"});
        } catch (CliExit expected) {
            // the error path is part of start-up too
        }
        PastaOptions o = PastaOptions.parse("pasta", new String[] {"--config-net", "-q", "-t", "8080", "-u",
                "none", "-T", "auto", "--dns-forward", "169.254.1.1", "--netns", "/run/netns/x"});
        Configuration c = ConfigurationFromOptions.build(o);
        Log.configure(true, false, false);
        try (RtNetlink nl = new RtNetlink()) {
            new HostNetwork(nl).resolve(c);
        }
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
                new DefaultThreadFactory("jpasta-loop", true),
                EpollIoHandler.newFactory(0, new ShortSpinStrategy().factory()));
        IoEventLoop loop = group.next();
        int[] pipe = new int[2];
        LibC.check(LibC.pipe2(pipe, LibC.O_NONBLOCK | LibC.O_CLOEXEC), "pipe2");
        TapPort port = new TapPort(pipe[0]);
        TapOutput out = new TapOutput(port, 0x9a559a559a55L, 0x020000000001L);
        DropCounters drops = new DropCounters();
        IcmpEcho echo = new IcmpEcho(new AddressMapping(c), loop, out, drops);
        FrameDispatcher d = new FrameDispatcher(out, drops, new Neighbours(c, out, drops), echo, true, true, true);
        port.setHandler(d);
        IoRegistration reg = loop.register(port).sync().getNow();
        port.activate(reg);
        ByteBuffer arp = ByteBuffer.allocateDirect(64);
        d.frame(arp, 0, 42);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        LibC.close(pipe[1]);
    }
}
