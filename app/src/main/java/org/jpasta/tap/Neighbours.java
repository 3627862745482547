package org.jpasta.tap;

import org.jpasta.arp.ArpResponder;
import org.jpasta.config.Configuration;
import org.jpasta.ndp.NdpResponder;
import org.jpasta.ndp.RouterAdvertisementConfig;
import org.jpasta.wire.ArpPacket;
import org.jpasta.wire.EthernetFrame;
import org.jpasta.wire.Icmpv6Packet;
import org.jpasta.wire.Ipv6Address;
import org.jpasta.wire.Ipv6Packet;

import java.nio.ByteBuffer;

/**
 * Address resolution for the namespace: ARP requests and neighbour solicitations are answered with our MAC
 * (everything the guest talks to is behind us), router solicitations with a router advertisement unless
 * RAs are off ({@code --no-ra}, or {@code --config-net}, which configures the namespace itself).
 * Event-loop confined; replies are built in the {@link TapOutput} buffer.
 */
public final class Neighbours implements FrameDispatcher.NeighbourHandler {
    private final ArpPacket arpView = new ArpPacket();
    private final ArpResponder arp;
    private final NdpResponder ndp;
    private final TapOutput out;
    private final DropCounters drops;

    public Neighbours(Configuration c, TapOutput out, DropCounters drops) {
        this.out = out;
        this.drops = drops;
        this.arp = c.ip4.enabled && c.ip4.address != null
                ? new ArpResponder(out.ourMac(), ByteBuffer.wrap(c.ip4.address).getInt()) : null;
        this.ndp = c.ip6.enabled && !c.noNdp && c.ip6.ourLinkLocal != null
                ? new NdpResponder(out.ourMac(), Ipv6Address.read(ByteBuffer.wrap(c.ip6.ourLinkLocal), 0),
                        routerAdvertisement(c))
                : null;
    }

    private static RouterAdvertisementConfig routerAdvertisement(Configuration c) {
        if (c.noRa || c.configNet || c.ip6.address == null) {
            return null;
        }
        return new RouterAdvertisementConfig(Ipv6Address.read(ByteBuffer.wrap(c.ip6.address), 0), c.mtu,
                java.util.List.of(), java.util.List.of());
    }

    @Override
    public void arp(EthernetFrame frame) {
        if (arp == null) {
            return;
        }
        if (!arpView.wrap(frame.buffer(), frame.payloadOffset(), frame.payloadLength())) {
            drops.malformed(arpView.dropReason(), "ARP");
            return;
        }
        int n = arp.respond(frame, arpView, out.buffer(), 0);
        if (n > 0) {
            out.sendFrame(n);
        }
    }

    @Override
    public boolean ndp(EthernetFrame frame, Ipv6Packet ip, Icmpv6Packet icmp) {
        if (ndp == null || !icmp.isNdp()) {
            return false;
        }
        int n = ndp.respond(frame, ip, icmp, out.buffer(), 0);
        if (n > 0) {
            out.sendFrame(n);
        } else if (n == NdpResponder.MALFORMED) {
            drops.malformed(ndp.lastDropReason(), "NDP");
        }
        return true;
    }
}
