package org.jpasta.tap;

import org.jpasta.icmp.IcmpEcho;
import org.jpasta.log.Log;
import org.jpasta.wire.DropReason;
import org.jpasta.wire.EthernetFrame;
import org.jpasta.wire.Icmpv4Packet;
import org.jpasta.wire.Icmpv6Packet;
import org.jpasta.wire.IpProtocol;
import org.jpasta.wire.Ipv4Packet;
import org.jpasta.wire.Ipv6Packet;
import org.jpasta.wire.MacAddress;

import java.nio.ByteBuffer;

/**
 * First stop for every frame from the namespace: validate layer by layer, then hand the frame to the
 * protocol that owns it (pasta's {@code tap_handler()} / {@code tap4_handler()} / {@code tap6_handler()}).
 *
 * <p>One view object per layer is reused for every frame, and each {@code wrap} checks lengths before
 * anything is read, so malformed frames cost a counter increment and nothing else. Fragments are dropped
 * (pasta does not reassemble either). The guest's MAC is learnt from what it sends, so replies follow it
 * if it changes. Event-loop confined.
 */
public final class FrameDispatcher implements FrameHandler {
    /** What handles ARP and NDP: link-layer address resolution, answered locally. */
    public interface NeighbourHandler {
        void arp(EthernetFrame frame);

        /** Returns true if the ICMPv6 message was NDP and has been handled. */
        boolean ndp(EthernetFrame frame, Ipv6Packet ip, Icmpv6Packet icmp);
    }

    private final EthernetFrame eth = new EthernetFrame();
    private final Ipv4Packet ip4 = new Ipv4Packet();
    private final Ipv6Packet ip6 = new Ipv6Packet();
    private final Icmpv4Packet icmp4 = new Icmpv4Packet();
    private final Icmpv6Packet icmp6 = new Icmpv6Packet();
    private final DropCounters drops;
    private final TapOutput out;
    private final NeighbourHandler neighbours;
    private final IcmpEcho echo;
    private final boolean ipv4, ipv6, icmpEnabled;
    private TransportHandler tcp, udp;

    public FrameDispatcher(TapOutput out, DropCounters drops, NeighbourHandler neighbours, IcmpEcho echo,
                           boolean ipv4, boolean ipv6, boolean icmpEnabled) {
        this.out = out;
        this.drops = drops;
        this.neighbours = neighbours;
        this.echo = echo;
        this.ipv4 = ipv4;
        this.ipv6 = ipv6;
        this.icmpEnabled = icmpEnabled;
    }

    /** Installs the TCP handler (null: TCP frames are counted as unhandled, as with --no-tcp). */
    public void setTcp(TransportHandler tcp) {
        this.tcp = tcp;
    }

    /** Installs the UDP handler (null: UDP frames are counted as unhandled, as with --no-udp). */
    public void setUdp(TransportHandler udp) {
        this.udp = udp;
    }

    @Override
    public void frame(ByteBuffer buf, int offset, int length) {
        if (!eth.wrap(buf, offset, length)) {
            drops.malformed(eth.dropReason(), "Ethernet");
            return;
        }
        long src = eth.source();
        if (!MacAddress.isGroup(src) && src != out.guestMac() && src != out.ourMac()) {
            out.learnGuestMac(src);
        }
        switch (eth.etherType()) {
            case EthernetFrame.ETHERTYPE_ARP -> {
                if (ipv4) {
                    neighbours.arp(eth);
                }
            }
            case EthernetFrame.ETHERTYPE_IPV4 -> {
                if (ipv4) {
                    ipv4(buf);
                }
            }
            case EthernetFrame.ETHERTYPE_IPV6 -> {
                if (ipv6) {
                    ipv6(buf);
                }
            }
            default -> drops.unhandled(DropCounters.Unhandled.ETHERTYPE);
        }
    }

    @Override
    public void endOfBatch() {
        if (tcp != null) {
            tcp.endOfBatch();
        }
        if (udp != null) {
            udp.endOfBatch();
        }
    }

    private void ipv4(ByteBuffer buf) {
        if (!ip4.wrap(buf, eth.payloadOffset(), eth.payloadLength())) {
            drops.malformed(ip4.dropReason(), "IPv4");
            return;
        }
        if (ip4.isFragment()) {
            drops.malformed(DropReason.FRAGMENT, "IPv4");
            return;
        }
        switch (ip4.protocol()) {
            case IpProtocol.ICMP -> {
                if (!icmpEnabled) {
                    return;
                }
                if (!icmp4.wrap(buf, ip4.payloadOffset(), ip4.payloadLength())) {
                    drops.malformed(icmp4.dropReason(), "ICMP");
                    return;
                }
                echo.fromGuest4(buf, ip4, icmp4);
            }
            case IpProtocol.TCP -> {
                if (tcp != null) {
                    tcp.fromGuest4(buf, ip4);
                } else {
                    unhandledProtocol(IpProtocol.TCP);
                }
            }
            case IpProtocol.UDP -> {
                if (udp != null) {
                    udp.fromGuest4(buf, ip4);
                } else {
                    unhandledProtocol(IpProtocol.UDP);
                }
            }
            default -> unhandledProtocol(ip4.protocol());
        }
    }

    private void ipv6(ByteBuffer buf) {
        if (!ip6.wrap(buf, eth.payloadOffset(), eth.payloadLength())) {
            drops.malformed(ip6.dropReason(), "IPv6");
            return;
        }
        if (ip6.isFragment()) {
            drops.malformed(DropReason.FRAGMENT, "IPv6");
            return;
        }
        switch (ip6.upperLayerProtocol()) {
            case IpProtocol.ICMPV6 -> {
                if (!icmp6.wrap(buf, ip6.upperLayerOffset(), ip6.upperLayerLength())) {
                    drops.malformed(icmp6.dropReason(), "ICMPv6");
                    return;
                }
                if (neighbours.ndp(eth, ip6, icmp6)) {
                    return;
                }
                if (icmp6.type() == Icmpv6Packet.TYPE_ECHO_REQUEST && icmpEnabled) {
                    echo.fromGuest6(buf, ip6, icmp6);
                } else {
                    drops.unhandled(DropCounters.Unhandled.ICMP_TYPE);
                }
            }
            case IpProtocol.TCP -> {
                if (tcp != null) {
                    tcp.fromGuest6(buf, ip6);
                } else {
                    unhandledProtocol(IpProtocol.TCP);
                }
            }
            case IpProtocol.UDP -> {
                if (udp != null) {
                    udp.fromGuest6(buf, ip6);
                } else {
                    unhandledProtocol(IpProtocol.UDP);
                }
            }
            default -> unhandledProtocol(ip6.upperLayerProtocol());
        }
    }

    private void unhandledProtocol(int protocol) {
        drops.unhandled(DropCounters.Unhandled.IP_PROTOCOL);
        if (Log.trace) {
            Log.trace("no handler for IP protocol " + protocol);
        }
    }
}
