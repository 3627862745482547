package org.jpasta.tap;

import org.jpasta.arp.ArpResponder;
import org.jpasta.config.Configuration;
import org.jpasta.log.Log;
import org.jpasta.ndp.NdpResponder;
import org.jpasta.ndp.RouterAdvertisementConfig;
import org.jpasta.wire.ArpPacket;
import org.jpasta.wire.EthernetFrame;
import org.jpasta.wire.Icmpv6Packet;
import org.jpasta.wire.Ipv4Address;
import org.jpasta.wire.Ipv6Address;
import org.jpasta.wire.Ipv6Packet;
import org.jpasta.wire.MacAddress;

import java.nio.ByteBuffer;

/**
 * Address resolution for the namespace: ARP requests and neighbour solicitations are answered (everything the
 * guest talks to is behind us) with our MAC, or with a LAN neighbour's as {@link TapOutput#macs()} knows it,
 * and {@link #announce} tells the guest when such a MAC appears or changes; router solicitations with a
 * router advertisement unless RAs are off ({@code --no-ra}, or {@code --config-net}, which configures the
 * namespace itself). Event-loop confined; replies are built in the {@link TapOutput} buffer.
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
                ? new ArpResponder(out.macs(), ByteBuffer.wrap(c.ip4.address).getInt()) : null;
        this.ndp = c.ip6.enabled && !c.noNdp && c.ip6.ourLinkLocal != null
                ? new NdpResponder(out.macs(), Ipv6Address.read(ByteBuffer.wrap(c.ip6.ourLinkLocal), 0),
                        routerAdvertisement(c))
                : null;
    }

    private static RouterAdvertisementConfig routerAdvertisement(Configuration c) {
        if (c.noRa || c.configNet || c.ip6.address == null) {
            return null;
        }
        java.util.List<Ipv6Address> dns = new java.util.ArrayList<>();
        if (c.dhcpDns) {
            c.dns.stream().filter(a -> a.length == 16).limit(RouterAdvertisementConfig.MAXIMUM_DNS_SERVERS)
                    .forEach(a -> dns.add(Ipv6Address.read(ByteBuffer.wrap(a), 0)));
        }
        return new RouterAdvertisementConfig(Ipv6Address.read(ByteBuffer.wrap(c.ip6.address), 0), c.mtu, dns,
                c.dhcpSearch ? c.dnsSearch : java.util.List.of());
    }

    /** pasta's unsolicited RA interval: uniformly random in [MAX/3, MAX], MAX = 600 s (RFC 4861 defaults). */
    static final long MAX_RTR_ADV_INTERVAL_SECONDS = 600, MIN_RTR_ADV_INTERVAL_SECONDS = 200;
    private static final long ALL_NODES_HI = 0xff02000000000000L, ALL_NODES_LO = 1;
    private static final long ALL_NODES_MAC = 0x333300000001L;

    /**
     * Sends an unsolicited router advertisement to ff02::1 every 200 to 600 s (random each time), as pasta
     * does once the tap is up, unless RAs are off ({@code --no-ra}, {@code --config-net}, no IPv6).
     */
    public void startUnsolicitedAdvertisements(java.util.concurrent.ScheduledExecutorService loop) {
        if (ndp == null || !ndp.advertisesRoutes()) {
            return;
        }
        scheduleNextAdvertisement(loop);
    }

    private void scheduleNextAdvertisement(java.util.concurrent.ScheduledExecutorService loop) {
        long delay = java.util.concurrent.ThreadLocalRandom.current().nextLong(MIN_RTR_ADV_INTERVAL_SECONDS,
                MAX_RTR_ADV_INTERVAL_SECONDS + 1);
        loop.schedule(() -> {
            sendUnsolicitedAdvertisement();
            scheduleNextAdvertisement(loop);
        }, delay, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** One RA to all nodes; public for tests and for a prompt first advertisement. */
    public void sendUnsolicitedAdvertisement() {
        int n = ndp.writeRouterAdvertisement(out.buffer(), 0, ALL_NODES_MAC, ALL_NODES_HI, ALL_NODES_LO);
        if (n > 0) {
            out.sendFrame(n);
        }
    }

    /**
     * Tells the guest that {@code address} (4 or 16 bytes) is at {@code mac}: an ARP announcement or an
     * unsolicited neighbour advertisement, as pasta sends when it learns a neighbour. Entries the guest already
     * has are updated; no new ones are created.
     */
    public void announce(byte[] address, long mac) {
        int n = 0;
        if (address.length == 4 && arp != null) {
            int a = ByteBuffer.wrap(address).getInt();
            if (Log.debug) {
                Log.debug("ARP announcement for " + Ipv4Address.format(a) + " / " + MacAddress.format(mac));
            }
            n = ArpResponder.writeAnnouncement(out.buffer(), 0, a, mac);
        } else if (address.length == 16 && ndp != null) {
            ByteBuffer a = ByteBuffer.wrap(address);
            if (Log.debug) {
                Log.debug("Unsolicited NA for " + Ipv6Address.format(a.getLong(0), a.getLong(8)) + " / "
                        + MacAddress.format(mac));
            }
            n = ndp.writeUnsolicitedNeighborAdvertisement(out.buffer(), 0, a.getLong(0), a.getLong(8), mac);
        }
        if (n > 0) {
            out.sendFrame(n);
        }
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
