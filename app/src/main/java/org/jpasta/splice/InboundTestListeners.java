package org.jpasta.splice;

import io.netty.channel.IoEventLoop;
import org.jpasta.fwd.Direction;
import org.jpasta.fwd.ForwardRule;
import org.jpasta.fwd.ForwardRules;
import org.jpasta.fwd.Protocol;
import org.jpasta.log.Log;
import org.jpasta.sys.LibC;
import org.jpasta.sys.SocketAddresses;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in for the {@code -t} host listeners while they are being written in {@code org.jpasta.tcp}: only
 * with {@code JPASTA_SPLICE_TEST_INBOUND=1} in the environment, and only so that the integration tests can
 * drive {@link SpliceForwarder#fromHost} through a real process.
 *
 * <h2>Theory of operation</h2>
 * For each port of each fixed inbound TCP rule it listens on the host's 127.0.0.1 and ::1 (never a wildcard,
 * so it cannot take a non-loopback client the tap path would serve) and hands every accepted connection to
 * {@link SpliceForwarder#fromHost}, exactly the call the real listener makes for loopback clients. Remove it
 * once the TCP listeners call the entry point themselves.
 */
final class InboundTestListeners {
    static final String ENABLE = "JPASTA_SPLICE_TEST_INBOUND";
    private final List<LoopbackListener> listeners = new ArrayList<>();

    private InboundTestListeners() {}

    static boolean enabled() {
        return "1".equals(System.getenv(ENABLE));
    }

    /** Binds and registers the stand-in listeners. */
    static InboundTestListeners open(ForwardRules rules, SpliceForwarder forwarder, IoEventLoop loop,
                                     boolean ipv4, boolean ipv6) {
        InboundTestListeners l = new InboundTestListeners();
        for (ForwardRule rule : rules.rules(Direction.INBOUND)) {
            if (rule.protocol() != Protocol.TCP || rule.scan()) {
                continue;
            }
            for (int port = rule.firstPort(); port <= rule.lastPort(); port++) {
                if (ipv4 && !(rule.listenAddress() instanceof Inet6Address)) {
                    l.bind(rule, port, false, forwarder, loop);
                }
                if (ipv6 && !(rule.listenAddress() instanceof Inet4Address)) {
                    l.bind(rule, port, true, forwarder, loop);
                }
            }
        }
        Log.warn("splice: test stand-in for -t listening on " + l.listeners.size() + " loopback sockets");
        return l;
    }

    private void bind(ForwardRule rule, int port, boolean v6, SpliceForwarder forwarder, IoEventLoop loop) {
        int fd = LibC.socket(v6 ? LibC.AF_INET6 : LibC.AF_INET,
                LibC.SOCK_STREAM | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, 0);
        LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_REUSEADDR, new int[] {1}, 4);
        byte[] sa = v6 ? SocketAddresses.ipv6(LoopbackSockets.loopback(true), port, 0)
                : SocketAddresses.ipv4(LoopbackSockets.loopback(false), port);
        if (LibC.bind(fd, sa, sa.length) < 0 || LibC.listen(fd, 1024) < 0) {
            Log.warn("splice: test listener on port " + port + ": " + LibC.strerrorText(LibC.errno()));
            LibC.close(fd);
            return;
        }
        byte[] peer = new byte[SocketAddresses.SOCKADDR_STORAGE_SIZE];
        int[] length = new int[1];
        LoopbackListener listener = new LoopbackListener(fd, v6, port, rule, self -> {
            while (true) {
                length[0] = peer.length;
                int accepted = LibC.accept4(self.fd, peer, length, LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC);
                if (accepted < 0) {
                    return;
                }
                forwarder.fromHost(accepted, self.ipv6, self.targetPort());
            }
        });
        listeners.add(listener);
        listener.register(loop);
    }
}
