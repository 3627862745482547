package org.jpasta.splice;

import io.netty.channel.IoEventLoop;
import org.jpasta.config.Configuration;
import org.jpasta.log.Log;
import org.jpasta.log.RateLimitedWarning;
import org.jpasta.ns.NamespaceThread;
import org.jpasta.sys.Errno;
import org.jpasta.sys.LibC;
import org.jpasta.sys.SocketAddresses;

/**
 * The entry points of the TCP loopback fast path: an accepted loopback connection in, a spliced connection out.
 *
 * <h2>Theory of operation</h2>
 * pasta never turns loopback-to-loopback TCP into frames (notes §4.2): a connection accepted on one side's
 * loopback is answered by a socket connected on the other side, and the bytes are spliced between the two
 * ({@link SplicedConnection}). Two directions use this class:
 * <ul>
 * <li>{@link #fromHost}: a {@code -t} host listener accepted a client whose address is loopback. The
 *     namespace-side socket comes from a pre-opened {@link NamespaceSocketPool} and connects to the
 *     namespace's own address (pasta 2024-10 and later: services bound only to the namespace's 127.0.0.1 stay
 *     private), or with {@code --host-lo-to-ns-lo} to the loopback address the client connected to (127.0.0.2
 *     stays 127.0.0.2).</li>
 * <li>{@link #toHost}: a {@code -T} listener on the namespace's {@code lo} accepted a client. The host-side
 *     socket is opened right here (the event loop lives in the host's namespace) and connects to the same
 *     loopback address on the host.</li>
 * </ul>
 * Both run on the event loop, take ownership of the accepted descriptor whatever happens, and refuse (reset)
 * the one connection when a resource is missing: a full table, no socket, no pipe. The process goes on.
 */
public final class SpliceForwarder {
    /** Upper bound on live spliced connections (each holds two sockets and two pipes: six descriptors). */
    public static final int MAX_CONNECTIONS = 2048;
    private static final int[] LINGER_RESET = {1, 0};

    private final IoEventLoop loop;
    private final ConnectionTable table;
    private final SplicePipes pipes;
    private final NamespaceSocketPool nsSockets4, nsSockets6;
    private final byte[] namespaceTarget4, namespaceTarget6;
    /** {@code --host-lo-to-ns-lo}: the namespace side connects to the loopback address the client connected to. */
    private boolean sameLoopbackAddress;
    private final byte[] local = new byte[SocketAddresses.SOCKADDR_IN6_SIZE];
    private final int[] localLength = new int[1];
    private final int[] pipe0 = new int[2], pipe1 = new int[2];
    private final RateLimitedWarning refusals = new RateLimitedWarning();

    SpliceForwarder(IoEventLoop loop, NamespaceSocketPool nsSockets4, NamespaceSocketPool nsSockets6,
                    byte[] namespaceTarget4, byte[] namespaceTarget6, SplicePipes pipes, int maxConnections) {
        this.loop = loop;
        this.table = new ConnectionTable(loop, maxConnections);
        this.pipes = pipes;
        this.nsSockets4 = nsSockets4;
        this.nsSockets6 = nsSockets6;
        this.namespaceTarget4 = namespaceTarget4;
        this.namespaceTarget6 = namespaceTarget6;
    }

    /** Builds the forwarder for a configuration: pools filled, targets resolved. Call before the loop serves. */
    static SpliceForwarder create(Configuration config, NamespaceThread ns, IoEventLoop loop) {
        NamespaceSocketPool pool4 = config.ip4.enabled
                ? new NamespaceSocketPool(ns, loop, LibC.AF_INET, LibC.SOCK_STREAM) : null;
        NamespaceSocketPool pool6 = config.ip6.enabled
                ? new NamespaceSocketPool(ns, loop, LibC.AF_INET6, LibC.SOCK_STREAM) : null;
        if (pool4 != null) {
            pool4.fill();
        }
        if (pool6 != null) {
            pool6.fill();
        }
        SpliceForwarder forwarder = new SpliceForwarder(loop, pool4, pool6, namespaceTarget(config, false),
                namespaceTarget(config, true), SplicePipes.probe(), MAX_CONNECTIONS);
        forwarder.sameLoopbackAddress = config.hostLoToNsLo;
        return forwarder;
    }

    /** Where host loopback connections go in the namespace: its address, or its loopback if asked. */
    static byte[] namespaceTarget(Configuration config, boolean ipv6) {
        if (config.hostLoToNsLo) {
            return ipv6 ? loopback6() : new byte[] {127, 0, 0, 1};
        }
        Configuration.Family family = ipv6 ? config.ip6 : config.ip4;
        return family.enabled ? family.address : null;
    }

    private static byte[] loopback6() {
        byte[] a = new byte[16];
        a[15] = 1;
        return a;
    }

    /**
     * Splices a connection a {@code -t} listener accepted from a loopback client into the namespace.
     * <p>
     * Call on the event loop, for an accepted, non-blocking TCP socket of the host whose peer is loopback
     * ({@link #isLoopbackPeer}), when the rule has no target address and {@code --no-splice} is off. The
     * forwarder owns {@code acceptedFd} from then on, whatever the result. It connects a namespace socket to
     * the namespace's address ({@code --host-lo-to-ns-lo}: its loopback) on {@code targetPort} and splices.
     *
     * @param acceptedFd the accepted host socket
     * @param ipv6       the client's family: true for {@code ::1}, false for 127.0.0.0/8 (also when it arrived
     *                   IPv4-mapped on a dual-stack socket); the namespace side is opened in this family
     * @param targetPort the rule's destination port in the namespace
     * @return true if splicing started; false if the connection was refused (reset and closed)
     */
    public boolean fromHost(int acceptedFd, boolean ipv6, int targetPort) {
        NamespaceSocketPool pool = ipv6 ? nsSockets6 : nsSockets4;
        byte[] address = ipv6 ? namespaceTarget6 : namespaceTarget4;
        if (sameLoopbackAddress && address != null) {
            address = localLoopbackAddress(acceptedFd, ipv6, address);
        }
        if (pool == null || address == null) {
            return refuse(acceptedFd, -1, "no namespace address for IPv" + (ipv6 ? 6 : 4));
        }
        int nsFd = pool.take();
        if (nsFd < 0) {
            return refuse(acceptedFd, -1, "no namespace socket");
        }
        return splice(acceptedFd, nsFd, sockaddr(address, targetPort, ipv6));
    }

    /**
     * Splices a connection a {@code -T} listener accepted in the namespace to {@code targetAddress} (4 or 16
     * bytes, normally the loopback address the client connected to) on {@code targetPort} on the host. Same
     * contract as {@link #fromHost}.
     */
    public boolean toHost(int acceptedFd, boolean ipv6, byte[] targetAddress, int targetPort) {
        int hostFd = LibC.socket(ipv6 ? LibC.AF_INET6 : LibC.AF_INET,
                LibC.SOCK_STREAM | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, 0);
        if (hostFd < 0) {
            return refuse(acceptedFd, -1, "can't open host socket: " + LibC.strerrorText(LibC.errno()));
        }
        return splice(acceptedFd, hostFd, sockaddr(targetAddress, targetPort, ipv6));
    }

    /**
     * True if a peer sockaddr (as {@code accept4} filled it) is loopback, the splice condition: 127.0.0.0/8,
     * ::1, or 127.0.0.0/8 as an IPv4-mapped address ({@code ::ffff:127.x.y.z}, what a dual-stack listener
     * sees for an IPv4 client; pass {@code ipv6 = false} to {@link #fromHost} for those).
     */
    public static boolean isLoopbackPeer(byte[] sockaddr) {
        if (SocketAddresses.family(sockaddr) == LibC.AF_INET) {
            return sockaddr[4] == 127;
        }
        for (int i = 8; i < 18; i++) {
            if (sockaddr[i] != 0) {
                return false;
            }
        }
        if (sockaddr[18] == (byte) 0xff && sockaddr[19] == (byte) 0xff) {
            return sockaddr[20] == 127;
        }
        for (int i = 18; i < 23; i++) {
            if (sockaddr[i] != 0) {
                return false;
            }
        }
        return sockaddr[23] == 1;
    }

    /**
     * The host loopback address {@code acceptedFd} was reached on (127.0.0.2 stays 127.0.0.2, as pasta's
     * {@code fwd_nat_from_host()} keeps it with {@code --host-lo-to-ns-lo}), in the client's family; {@code
     * fallback} if it can't be told.
     */
    private byte[] localLoopbackAddress(int acceptedFd, boolean ipv6, byte[] fallback) {
        localLength[0] = local.length;
        if (LibC.getsockname(acceptedFd, local, localLength) < 0) {
            return fallback;
        }
        int family = SocketAddresses.family(local);
        if (family == LibC.AF_INET && !ipv6) {
            return local[4] == 127 ? java.util.Arrays.copyOfRange(local, 4, 8) : fallback;
        }
        if (family != LibC.AF_INET6) {
            return fallback;
        }
        if (!ipv6) { // IPv4 client on a dual-stack listener: ::ffff:127.x.y.z
            return local[18] == (byte) 0xff && local[19] == (byte) 0xff && local[20] == 127
                    ? java.util.Arrays.copyOfRange(local, 20, 24) : fallback;
        }
        return fallback; // IPv6 has one loopback address, ::1
    }

    private static byte[] sockaddr(byte[] address, int port, boolean ipv6) {
        return ipv6 ? SocketAddresses.ipv6(address, port, 0) : SocketAddresses.ipv4(address, port);
    }

    private boolean splice(int acceptedFd, int connectingFd, byte[] target) {
        int slot = table.reserveSlot();
        if (slot < 0) {
            return refuse(acceptedFd, connectingFd, "too many spliced connections");
        }
        SplicedConnection.tuneSocket(acceptedFd);
        SplicedConnection.tuneSocket(connectingFd);
        if (LibC.connect(connectingFd, target, target.length) < 0 && LibC.errno() != Errno.EINPROGRESS) {
            table.unreserve(slot);
            return refuse(acceptedFd, connectingFd, "connect: " + LibC.strerrorText(LibC.errno()));
        }
        int capacity0 = pipes.open(pipe0);
        int capacity1 = capacity0 < 0 ? -1 : pipes.open(pipe1);
        if (capacity1 < 0) {
            if (capacity0 >= 0) {
                LibC.close(pipe0[0]);
                LibC.close(pipe0[1]);
            }
            table.unreserve(slot);
            return refuse(acceptedFd, connectingFd, "can't open pipe: " + LibC.strerrorText(LibC.errno()));
        }
        SplicedConnection connection = new SplicedConnection(table, slot, acceptedFd, connectingFd, pipe0, pipe1);
        connection.pipeCapacities(capacity0, capacity1);
        table.put(connection);
        connection.register(loop);
        if (Log.debug) {
            Log.debug("TCP (spliced): connection " + slot + " to port " + SocketAddresses.port(target)
                    + ", pipes " + capacity0 + "/" + capacity1 + " bytes");
        }
        return true;
    }

    private boolean refuse(int acceptedFd, int otherFd, String why) {
        refusals.warn("TCP (spliced): connection refused: " + why);
        for (int fd : new int[] {acceptedFd, otherFd}) {
            if (fd >= 0) {
                LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_LINGER, LINGER_RESET, 8);
                LibC.close(fd);
            }
        }
        return false;
    }

    /** Live spliced connections. */
    public int connectionCount() {
        return table.size();
    }

    IoEventLoop loop() {
        return loop;
    }
}
