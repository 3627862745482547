package org.jpasta.udp;

import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.util.internal.PlatformDependent;
import org.jpasta.flow.AddressMapping;
import org.jpasta.log.Log;
import org.jpasta.log.RateLimitedWarning;
import org.jpasta.sys.LibC;
import org.jpasta.sys.SocketAddresses;
import org.jpasta.tap.DropCounters;
import org.jpasta.tap.TapOutput;
import org.jpasta.tap.TapPort;
import org.jpasta.tap.TransportHandler;
import org.jpasta.wire.EthernetFrame;
import org.jpasta.wire.InternetChecksum;
import org.jpasta.wire.IpProtocol;
import org.jpasta.wire.Ipv4Packet;
import org.jpasta.wire.Ipv6Packet;
import org.jpasta.wire.UdpDatagram;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * UDP between the guest and host sockets (pasta's {@code udp.c} / {@code udp_flow.c}, tap side).
 *
 * <h2>Theory of operation</h2>
 * A datagram from the guest is first offered to the local services (DHCP on port 67, DHCPv6 on 547). Any
 * other datagram is looked up in the {@link UdpFlowTable} by its guest-side tuple; a miss opens a host socket
 * bound to the guest's source port (pasta keeps UDP source ports; if the port is taken the kernel picks one)
 * and connected to the destination translated by {@link AddressMapping} (loopback and guest-address maps,
 * {@code --dns-forward} to {@code --dns-host}). The payload is sent straight from the tap frame, batched
 * with the rest of the tap wake-up into one {@code sendmmsg} per flow ({@link UdpSendBatch}). Replies
 * wake the flow through epoll and are received straight into the tap output buffer behind room for the
 * IP and UDP headers, which are then written in place with the guest's tuple reversed, so a DNS answer
 * appears to come from the {@code --dns-forward} address. Zero-length datagrams are forwarded both ways.
 * IPv4 UDP checksums are left zero (legal, and the tap is local); IPv6 ones are computed.
 *
 * <p>Flows expire on a one-second tick per {@link UdpTimeouts}. Their number is bounded: when the table is
 * full the datagram is dropped and counted. Inbound {@code -u} flows are created by {@link UdpListeners} and
 * share the table, so the guest's replies find them by the same lookup. Event-loop confined; the per-packet
 * path allocates nothing.
 */
public final class UdpForwarder implements TransportHandler {
    /** Upper bound on concurrent flows; each outbound flow holds a socket. */
    public static final int MAX_FLOWS = 4096;
    /** Datagrams read from one socket per wake-up, so one busy peer cannot starve the tap. */
    static final int RECEIVE_BATCH = 64;
    static final long TICK_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final int DHCP_SERVER_PORT = 67, DHCPV6_SERVER_PORT = 547;
    private static final int[] ONE = {1};
    private static final int[] LARGE_BUFFER = {Integer.MAX_VALUE / 2};

    private final AddressMapping mapping;
    private final IoEventLoop loop;
    private final TapOutput out;
    private final DropCounters drops;
    private final UdpTimeouts timeouts;
    private final LocalUdpService dhcp, dhcpv6;
    private final UdpFlowTable table;
    private final UdpErrorQueue errorQueue;
    private final UdpDatagram udp = new UdpDatagram();
    private final UdpSendBatch sendBatch = new UdpSendBatch(TapPort.FRAMES_PER_WAKEUP);
    private final RateLimitedWarning socketWarning = new RateLimitedWarning();
    private final byte[] bindAny4 = SocketAddresses.ipv4(new byte[4], 0);
    private final byte[] bindAny6 = SocketAddresses.ipv6(new byte[16], 0, 0);
    /** False with {@code --no-udp}: only the local services answer. */
    private final boolean flowsEnabled;
    private long fromGuest, toGuest;
    /**
     * Coarse time for flow activity, advanced by the one-second expiry tick: stamping a flow costs a field
     * write instead of a clock read per datagram, and timeouts are only checked to the second anyway.
     */
    private long clock = System.nanoTime();

    public UdpForwarder(AddressMapping mapping, IoEventLoop loop, TapOutput out, DropCounters drops,
                        UdpTimeouts timeouts, LocalUdpService dhcp, LocalUdpService dhcpv6, int maxFlows,
                        boolean flowsEnabled) {
        this.flowsEnabled = flowsEnabled;
        this.mapping = mapping;
        this.loop = loop;
        this.out = out;
        this.drops = drops;
        this.timeouts = timeouts;
        this.dhcp = dhcp;
        this.dhcpv6 = dhcpv6;
        this.table = new UdpFlowTable(maxFlows);
        this.errorQueue = new UdpErrorQueue(mapping, out);
        loop.scheduleAtFixedRate(this::expire, 1, 1, TimeUnit.SECONDS);
    }

    // ------------------------------------------------------------------ guest -> host

    @Override
    public void fromGuest4(ByteBuffer frame, Ipv4Packet ip) {
        if (!udp.wrap(frame, ip.payloadOffset(), ip.payloadLength())) {
            drops.malformed(udp.dropReason(), "UDP");
            return;
        }
        if (udp.destinationPort() == DHCP_SERVER_PORT && dhcp != null) {
            dhcp.fromGuest4(frame, ip, udp);
            return;
        }
        if (!flowsEnabled) {
            drops.unhandled(DropCounters.Unhandled.IP_PROTOCOL);
            return;
        }
        int src = ip.source(), dst = ip.destination();
        if (src == 0 || dst == 0 || dst == -1 || (dst >>> 28) == 0xe) {
            drops.unhandled(DropCounters.Unhandled.IP_PROTOCOL);
            return;
        }
        long srcLo = src & 0xffffffffL, dstLo = dst & 0xffffffffL;
        int sport = udp.sourcePort(), dport = udp.destinationPort();
        UdpFlow f = table.find(false, 0, srcLo, sport, 0, dstLo, dport);
        if (f == null) {
            f = openOutbound(false, 0, srcLo, sport, 0, dstLo, dport, mapping.outboundTarget4(dst, dport));
            if (f == null) {
                return;
            }
        }
        send(f, frame, udp.payloadOffset(), udp.payloadLength());
    }

    @Override
    public void fromGuest6(ByteBuffer frame, Ipv6Packet ip) {
        if (!udp.wrap(frame, ip.upperLayerOffset(), ip.upperLayerLength())) {
            drops.malformed(udp.dropReason(), "UDP");
            return;
        }
        if (udp.destinationPort() == DHCPV6_SERVER_PORT && dhcpv6 != null) {
            dhcpv6.fromGuest6(frame, ip, udp);
            return;
        }
        if (!flowsEnabled) {
            drops.unhandled(DropCounters.Unhandled.IP_PROTOCOL);
            return;
        }
        long sHi = ip.sourceHi(), sLo = ip.sourceLo(), dHi = ip.destinationHi(), dLo = ip.destinationLo();
        if ((sHi == 0 && sLo == 0) || (dHi >>> 56) == 0xff) {
            drops.unhandled(DropCounters.Unhandled.IP_PROTOCOL);
            return;
        }
        int sport = udp.sourcePort(), dport = udp.destinationPort();
        UdpFlow f = table.find(true, sHi, sLo, sport, dHi, dLo, dport);
        if (f == null) {
            f = openOutbound(true, sHi, sLo, sport, dHi, dLo, dport, mapping.outboundTarget6(dHi, dLo, dport, 0));
            if (f == null) {
                return;
            }
        }
        send(f, frame, udp.payloadOffset(), udp.payloadLength());
    }

    /** Queues the payload, still in the tap buffer, for {@link #endOfBatch()}. */
    private void send(UdpFlow f, ByteBuffer frame, int payloadOffset, int payloadLength) {
        sendBatch.add(f, PlatformDependent.directBufferAddress(frame) + payloadOffset, payloadLength);
        f.guestSent = true;
        f.lastActivityNanos = clock;
        fromGuest++;
    }

    /** The tap wake-up is over: send what it brought, one {@code sendmmsg} per flow run. */
    @Override
    public void endOfBatch() {
        sendBatch.flush();
    }

    private UdpFlow openOutbound(boolean v6, long gHi, long gLo, int gPort, long rHi, long rLo, int rPort,
                                 byte[] target) {
        if (table.isFull()) {
            drops.unhandled(DropCounters.Unhandled.NO_FLOW_SLOT);
            socketWarning.warn("udp: too many flows, dropping datagram");
            return null;
        }
        int fd = LibC.socket(v6 ? LibC.AF_INET6 : LibC.AF_INET,
                LibC.SOCK_DGRAM | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, LibC.IPPROTO_UDP);
        if (fd < 0) {
            drops.unhandled(DropCounters.Unhandled.SOCKET_ERROR);
            socketWarning.warn("udp: can't open socket: " + LibC.strerrorText(LibC.errno()));
            return null;
        }
        configure(fd, v6);
        bindToGuestPort(fd, v6, gPort);
        if (LibC.connect(fd, target, target.length) < 0) {
            drops.unhandled(DropCounters.Unhandled.SOCKET_ERROR);
            if (Log.debug) {
                Log.debug("udp: connect: " + LibC.strerrorText(LibC.errno()));
            }
            LibC.close(fd);
            return null;
        }
        UdpFlow f = new UdpFlow(this, v6, gHi, gLo, gPort, rHi, rLo, rPort, target, fd, true);
        f.lastActivityNanos = clock;
        table.insert(f);
        register(f);
        return f;
    }

    private static void configure(int fd, boolean v6) {
        LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_REUSEADDR, ONE, 4);
        LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUF, LARGE_BUFFER, 4);
        LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_SNDBUF, LARGE_BUFFER, 4);
        if (v6) {
            LibC.setsockopt(fd, LibC.IPPROTO_IPV6, LibC.IPV6_V6ONLY, ONE, 4);
            LibC.setsockopt(fd, LibC.IPPROTO_IPV6, LibC.IPV6_RECVERR, ONE, 4);
        } else {
            LibC.setsockopt(fd, LibC.IPPROTO_IP, LibC.IP_RECVERR, ONE, 4);
        }
    }

    private void bindToGuestPort(int fd, boolean v6, int port) {
        byte[] any = v6 ? bindAny6 : bindAny4;
        any[2] = (byte) (port >>> 8);
        any[3] = (byte) port;
        if (LibC.bind(fd, any, any.length) < 0 && Log.debug) {
            Log.debug("udp: can't keep source port " + port + ": " + LibC.strerrorText(LibC.errno()));
        }
    }

    private void register(UdpFlow f) {
        loop.register(f).addListener(done -> {
            if (done.isSuccess()) {
                f.registration = (IoRegistration) done.getNow();
                if (f.listIndex < 0) {
                    f.registration.cancel(); // expired before registration completed
                    return;
                }
                f.registration.submit(EpollIoOps.EPOLLIN);
            }
        });
    }

    // ------------------------------------------------------------------ host -> guest

    /** Reads every pending datagram of a flow socket and writes each to the guest. */
    void replies(UdpFlow f) {
        ByteBuffer buf = out.buffer();
        int at = payloadOffset(f.ipv6);
        long address = PlatformDependent.directBufferAddress(buf) + at;
        int room = buf.capacity() - at;
        for (int i = 0; i < RECEIVE_BATCH; i++) {
            long n = LibC.recv(f.fd, address, room, LibC.MSG_DONTWAIT);
            if (n < 0) {
                return;
            }
            toGuest(f, (int) Math.min(n, room));
        }
    }

    /** ICMP errors queued on a flow socket. */
    void errors(UdpFlow f) {
        errorQueue.drain(f);
    }

    /** Where datagram payloads start in the output buffer, behind the IP and UDP headers. */
    int payloadOffset(boolean v6) {
        return out.l3Offset() + (v6 ? Ipv6Packet.HEADER_LENGTH : Ipv4Packet.MINIMUM_HEADER_LENGTH)
                + UdpDatagram.HEADER_LENGTH;
    }

    /** Wraps {@code length} payload bytes already at {@link #payloadOffset} and sends them to the guest. */
    void toGuest(UdpFlow f, int length) {
        ByteBuffer buf = out.buffer();
        int l3 = out.l3Offset();
        f.hostSent = true;
        f.lastActivityNanos = clock;
        toGuest++;
        if (f.ipv6) {
            int udpAt = l3 + Ipv6Packet.HEADER_LENGTH;
            UdpDatagram.emitHeader(buf, udpAt, f.remotePort, f.guestPort, length);
            int udpLength = UdpDatagram.HEADER_LENGTH + length;
            UdpDatagram.fillChecksum(buf, udpAt, InternetChecksum.ipv6PseudoHeader(f.remoteHi, f.remoteLo,
                    f.guestHi, f.guestLo, IpProtocol.UDP, udpLength));
            Ipv6Packet.emitHeader(buf, l3, IpProtocol.UDP, udpLength, Ipv6Packet.DEFAULT_HOP_LIMIT, 0,
                    f.remoteHi, f.remoteLo, f.guestHi, f.guestLo);
            out.sendIp(EthernetFrame.ETHERTYPE_IPV6, Ipv6Packet.HEADER_LENGTH + udpLength);
        } else {
            int udpAt = l3 + Ipv4Packet.MINIMUM_HEADER_LENGTH;
            UdpDatagram.emitHeader(buf, udpAt, f.remotePort, f.guestPort, length);
            Ipv4Packet.emitHeader(buf, l3, IpProtocol.UDP, (int) f.remoteLo, (int) f.guestLo,
                    UdpDatagram.HEADER_LENGTH + length);
            out.sendIp(EthernetFrame.ETHERTYPE_IPV4,
                    Ipv4Packet.MINIMUM_HEADER_LENGTH + UdpDatagram.HEADER_LENGTH + length);
        }
    }

    // ------------------------------------------------------------------ inbound flows (from UdpListeners)

    /** The flow for a guest-side tuple, or null. */
    UdpFlow find(boolean v6, long gHi, long gLo, int gPort, long rHi, long rLo, int rPort) {
        return table.find(v6, gHi, gLo, gPort, rHi, rLo, rPort);
    }

    /** Adds a flow that answers through a listener's socket ({@code target} is the host peer). */
    UdpFlow openInbound(boolean v6, long gHi, long gLo, int gPort, long rHi, long rLo, int rPort, byte[] target,
                        int listenerFd) {
        if (table.isFull()) {
            drops.unhandled(DropCounters.Unhandled.NO_FLOW_SLOT);
            socketWarning.warn("udp: too many flows, dropping datagram");
            return null;
        }
        UdpFlow f = new UdpFlow(this, v6, gHi, gLo, gPort, rHi, rLo, rPort, target, listenerFd, false);
        f.lastActivityNanos = clock;
        table.insert(f);
        return f;
    }

    /** Closes the inbound flows that answer through {@code listenerFd}, which is about to be closed. */
    void closeFlowsBorrowing(int listenerFd) {
        for (int i = table.size() - 1; i >= 0; i--) {
            UdpFlow f = table.at(i);
            if (!f.ownsSocket && f.fd == listenerFd) {
                close(f);
            }
        }
    }

    AddressMapping mapping() {
        return mapping;
    }

    TapOutput output() {
        return out;
    }

    // ------------------------------------------------------------------ expiry

    private void expire() {
        long now = System.nanoTime();
        clock = now;
        for (int i = table.size() - 1; i >= 0; i--) {
            UdpFlow f = table.at(i);
            // stamps lag real time by up to one tick: never expire early because of that
            if (now - f.lastActivityNanos > timeouts.timeoutFor(f) + TICK_NANOS) {
                close(f);
            }
        }
    }

    private void close(UdpFlow f) {
        table.remove(f);
        if (f.ownsSocket) {
            if (f.registration != null) {
                f.registration.cancel();
            }
            LibC.close(f.fd);
        }
    }

    /** Number of live flows. */
    public int flowCount() {
        return table.size();
    }

    public long datagramsFromGuest() {
        return fromGuest;
    }

    public long datagramsToGuest() {
        return toGuest;
    }
}
