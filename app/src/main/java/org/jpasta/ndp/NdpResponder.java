package org.jpasta.ndp;

import java.nio.ByteBuffer;
import org.jpasta.neighbour.NeighbourMacs;
import org.jpasta.wire.DropReason;
import org.jpasta.wire.EthernetFrame;
import org.jpasta.wire.Icmpv6Packet;
import org.jpasta.wire.IpProtocol;
import org.jpasta.wire.Ipv6Address;
import org.jpasta.wire.Ipv6Packet;
import org.jpasta.wire.NdpOptions;

/**
 * Answers the guest's neighbour and router solicitations (RFC 4861) and builds the NDP
 * messages pasta sends on its own.
 *
 * <h2>Theory of operation</h2>
 * As with ARP, pasta is the guest's only neighbour, so a neighbour solicitation for any
 * address gets an advertisement, flagged router, solicited and override like pasta's {@code ndp.c}; its
 * target link-layer address is the one {@link NeighbourMacs} gives (a LAN neighbour's real MAC, else
 * pasta's). Solicitations from {@code ::} are duplicate address detection by the
 * guest and are ignored, or the guest would find its own address taken. Router solicitations
 * get a router advertisement only when this responder has a {@link RouterAdvertisementConfig}
 * (pasta's {@code --no-ra}, and netlink configuration of the namespace, mean none).
 *
 * <p>Replies go from pasta's link-local address to the soliciting address, with hop limit 255
 * as NDP requires, and to the soliciting frame's source MAC. Before answering, the message
 * must hold its type's fixed part and well-formed options: RFC 4861 wants a message with a
 * zero-length option discarded, even though pasta itself does not look at options.
 *
 * <p>Advertisements follow pasta's layout: managed flag, router lifetime 65535 s, a /64 prefix
 * with on-link and autonomous flags and infinite lifetimes, pasta's MAC, then MTU, RDNSS and
 * DNSSL when configured. Deliberate differences from pasta: the prefix's host bits are zeroed
 * (RFC 4861 requires it; pasta copies the whole guest address), DNSSL padding never adds a
 * spurious all-zero block, and an RS from {@code ::} is answered to ff02::1 rather than to
 * {@code ::}. As in pasta, the search list is only sent along with at least one DNS server.
 *
 * <p>The search list is encoded once, in the constructor; answering allocates nothing.
 */
public final class NdpResponder {
    /** {@link #respond} result: nothing to send. */
    public static final int NO_REPLY = 0;
    /** {@link #respond} result: the message is malformed; see {@link #lastDropReason()}. */
    public static final int MALFORMED = -1;

    /** Hop limit of every NDP message, which receivers check to reject off-link senders. */
    public static final int NDP_HOP_LIMIT = 255;
    /** Router lifetime pasta advertises (RFC 8319 allows the full 16 bits). */
    public static final int ROUTER_LIFETIME = 65535;
    public static final int ADVERTISED_PREFIX_LENGTH = 64;

    private static final int NA_LENGTH = Icmpv6Packet.NEIGHBOR_ADVERTISEMENT_LENGTH + NdpOptions.LINK_LAYER_ADDRESS_LENGTH;
    private static final int NS_LENGTH = Icmpv6Packet.NEIGHBOR_SOLICITATION_LENGTH;
    private static final int NA_FLAGS = (Icmpv6Packet.NA_FLAG_ROUTER | Icmpv6Packet.NA_FLAG_SOLICITED
            | Icmpv6Packet.NA_FLAG_OVERRIDE) << 24;
    /**
     * An unsolicited advertisement to all nodes must not be flagged solicited (RFC 4861 7.2.6; Linux drops a
     * multicast one that is, so pasta's, which is, never reaches a Linux guest).
     */
    private static final int UNSOLICITED_NA_FLAGS = (Icmpv6Packet.NA_FLAG_ROUTER | Icmpv6Packet.NA_FLAG_OVERRIDE) << 24;
    private static final long ALL_NODES_MAC = 0x333300000001L;
    private static final int TARGET = 8;

    private final long ourMac;
    private final NeighbourMacs macs;
    private final Ipv6Address ourLinkLocal;
    private final RouterAdvertisementConfig routerAdvertisement;
    private final byte[] encodedSearchList;
    private final NdpOptions options = new NdpOptions();
    private DropReason lastDropReason;

    /** As the main constructor, answering every address with {@code ourMac}. */
    public NdpResponder(long ourMac, Ipv6Address ourLinkLocal, RouterAdvertisementConfig routerAdvertisement) {
        this(NeighbourMacs.ourMacOnly(ourMac), ourLinkLocal, routerAdvertisement);
    }

    /**
     * @param macs                the MAC to advertise per address; its {@code ourMac()} is pasta's tap-side MAC
     * @param ourLinkLocal        pasta's link-local address, the source of everything sent
     * @param routerAdvertisement what to advertise, or null to never send router advertisements
     */
    public NdpResponder(NeighbourMacs macs, Ipv6Address ourLinkLocal, RouterAdvertisementConfig routerAdvertisement) {
        this.ourMac = macs.ourMac();
        this.macs = macs;
        this.ourLinkLocal = ourLinkLocal;
        this.routerAdvertisement = routerAdvertisement;
        this.encodedSearchList = routerAdvertisement == null ? new byte[0]
                : DnsSearchList.encode(routerAdvertisement.searchDomains());
    }

    /**
     * Handles one NDP message from the guest, writing the reply frame at {@code offset}.
     * Non-NDP ICMPv6 (see {@link Icmpv6Packet#isNdp()}) belongs to the echo handler instead.
     *
     * @param frame  the received frame, wrapped
     * @param ip     its IPv6 packet, wrapped
     * @param icmp   its ICMPv6 message, wrapped
     * @return the reply frame length, {@link #NO_REPLY}, or {@link #MALFORMED}
     */
    public int respond(EthernetFrame frame, Ipv6Packet ip, Icmpv6Packet icmp, ByteBuffer out, int offset) {
        if (!icmp.isNdp()) {
            return NO_REPLY;
        }
        if (!icmp.hasNdpFixedPart()) {
            return malformed(DropReason.TRUNCATED);
        }
        if (!options.wrap(icmp)) {
            return malformed(options.dropReason());
        }
        lastDropReason = null;
        switch (icmp.type()) {
            case Icmpv6Packet.TYPE_NEIGHBOR_SOLICITATION:
                return answerNeighborSolicitation(frame, ip, icmp, out, offset);
            case Icmpv6Packet.TYPE_ROUTER_SOLICITATION:
                return answerRouterSolicitation(frame, ip, out, offset);
            default:
                return NO_REPLY;
        }
    }

    private int malformed(DropReason reason) {
        lastDropReason = reason;
        return MALFORMED;
    }

    /** Why the last {@link #respond} returned {@link #MALFORMED}, else null. */
    public DropReason lastDropReason() {
        return lastDropReason;
    }

    private int answerNeighborSolicitation(EthernetFrame frame, Ipv6Packet ip, Icmpv6Packet ns, ByteBuffer out,
            int offset) {
        if (Ipv6Address.isUnspecified(ip.sourceHi(), ip.sourceLo())) {
            return NO_REPLY;
        }
        return writeNeighborAdvertisement(out, offset, frame.source(), ip.sourceHi(), ip.sourceLo(), ns.targetHi(),
                ns.targetLo());
    }

    private int answerRouterSolicitation(EthernetFrame frame, Ipv6Packet ip, ByteBuffer out, int offset) {
        if (routerAdvertisement == null) {
            return NO_REPLY;
        }
        long destinationHi = ip.sourceHi();
        long destinationLo = ip.sourceLo();
        if (Ipv6Address.isUnspecified(destinationHi, destinationLo)) {
            destinationHi = Ipv6Address.ALL_NODES.hi();
            destinationLo = Ipv6Address.ALL_NODES.lo();
        }
        return writeRouterAdvertisement(out, offset, ourMac, ourLinkLocal, frame.source(), destinationHi,
                destinationLo, routerAdvertisement, encodedSearchList);
    }

    /**
     * Writes a neighbour advertisement for {@code target} with the MAC the guest should see for it, flags R, S
     * and O.
     *
     * @return the frame length
     */
    public int writeNeighborAdvertisement(ByteBuffer out, int offset, long destinationMac, long destinationHi,
            long destinationLo, long targetHi, long targetLo) {
        return writeNeighborAdvertisement(out, offset, destinationMac, destinationHi, destinationLo, targetHi,
                targetLo, macs.macFor6(targetHi, targetLo), NA_FLAGS);
    }

    /**
     * Writes the advertisement to all nodes that tells the guest {@code target} is now at {@code mac} (flags R
     * and O: it replaces what the guest has cached, and creates no entry).
     *
     * @return the frame length
     */
    public int writeUnsolicitedNeighborAdvertisement(ByteBuffer out, int offset, long targetHi, long targetLo,
            long mac) {
        return writeNeighborAdvertisement(out, offset, ALL_NODES_MAC, Ipv6Address.ALL_NODES.hi(),
                Ipv6Address.ALL_NODES.lo(), targetHi, targetLo, mac, UNSOLICITED_NA_FLAGS);
    }

    private int writeNeighborAdvertisement(ByteBuffer out, int offset, long destinationMac, long destinationHi,
            long destinationLo, long targetHi, long targetLo, long targetMac, int flags) {
        int icmp = writeHeaders(out, offset, destinationMac, destinationHi, destinationLo, NA_LENGTH);
        Icmpv6Packet.emitHeader(out, icmp, Icmpv6Packet.TYPE_NEIGHBOR_ADVERTISEMENT, 0, flags);
        Ipv6Address.write(out, icmp + TARGET, targetHi, targetLo);
        NdpOptions.emitLinkLayerAddress(out, icmp + Icmpv6Packet.NEIGHBOR_ADVERTISEMENT_LENGTH,
                NdpOptions.TYPE_TARGET_LINK_LAYER_ADDRESS, targetMac);
        Icmpv6Packet.fillChecksum(out, icmp, NA_LENGTH, ourLinkLocal.hi(), ourLinkLocal.lo(), destinationHi,
                destinationLo);
        return icmp + NA_LENGTH - offset;
    }

    /**
     * Writes the neighbour solicitation pasta sends when the tap comes up: addressed to the
     * guest's own address and asking for it, so that the guest's answer reveals its MAC. Like
     * pasta's, it carries no source link-layer address option.
     *
     * @param guestMac the best current guess of the guest's MAC (broadcast if unknown)
     * @return the frame length
     */
    public int writeGuestSolicitation(ByteBuffer out, int offset, long guestMac, Ipv6Address guest) {
        int icmp = writeHeaders(out, offset, guestMac, guest.hi(), guest.lo(), NS_LENGTH);
        Icmpv6Packet.emitHeader(out, icmp, Icmpv6Packet.TYPE_NEIGHBOR_SOLICITATION, 0, 0);
        guest.write(out, icmp + TARGET);
        Icmpv6Packet.fillChecksum(out, icmp, NS_LENGTH, ourLinkLocal.hi(), ourLinkLocal.lo(), guest.hi(), guest.lo());
        return icmp + NS_LENGTH - offset;
    }

    /**
     * Writes a router advertisement from this responder's configuration, e.g. the unsolicited
     * ones pasta sends to ff02::1.
     *
     * @throws IllegalStateException if this responder was built without one
     * @return the frame length
     */
    public int writeRouterAdvertisement(ByteBuffer out, int offset, long destinationMac, long destinationHi,
            long destinationLo) {
        if (routerAdvertisement == null) {
            throw new IllegalStateException("router advertisements are disabled");
        }
        return writeRouterAdvertisement(out, offset, ourMac, ourLinkLocal, destinationMac, destinationHi,
                destinationLo, routerAdvertisement, encodedSearchList);
    }

    /**
     * Writes a complete router advertisement frame: a pure function of its arguments.
     *
     * @param ourMac  source MAC, also advertised in the source link-layer address option
     * @param source  pasta's link-local address
     * @return the frame length
     */
    public static int writeRouterAdvertisement(ByteBuffer out, int offset, long ourMac, Ipv6Address source,
            long destinationMac, long destinationHi, long destinationLo, RouterAdvertisementConfig config) {
        return writeRouterAdvertisement(out, offset, ourMac, source, destinationMac, destinationHi, destinationLo,
                config, DnsSearchList.encode(config.searchDomains()));
    }

    private static int writeRouterAdvertisement(ByteBuffer out, int offset, long ourMac, Ipv6Address source,
            long destinationMac, long destinationHi, long destinationLo, RouterAdvertisementConfig config,
            byte[] encodedSearchList) {
        int icmp = offset + EthernetFrame.HEADER_LENGTH + Ipv6Packet.HEADER_LENGTH;
        int length = writeRouterAdvertisementMessage(out, icmp, ourMac, config, encodedSearchList);
        int at = offset;
        at += EthernetFrame.emit(out, at, destinationMac, ourMac, EthernetFrame.ETHERTYPE_IPV6);
        Ipv6Packet.emitHeader(out, at, IpProtocol.ICMPV6, length, NDP_HOP_LIMIT, 0, source.hi(), source.lo(),
                destinationHi, destinationLo);
        Icmpv6Packet.fillChecksum(out, icmp, length, source.hi(), source.lo(), destinationHi, destinationLo);
        return icmp + length - offset;
    }

    /** Writes the ICMPv6 part of a router advertisement, checksum still zero; returns its length. */
    private static int writeRouterAdvertisementMessage(ByteBuffer out, int icmp, long ourMac,
            RouterAdvertisementConfig config, byte[] encodedSearchList) {
        int restOfHeader = NDP_HOP_LIMIT << 24 | Icmpv6Packet.RA_FLAG_MANAGED << 16 | ROUTER_LIFETIME;
        int at = icmp + Icmpv6Packet.emitHeader(out, icmp, Icmpv6Packet.TYPE_ROUTER_ADVERTISEMENT, 0, restOfHeader);
        out.putLong(at, 0); // reachable time and retransmission timer: unspecified
        at += 8;
        Ipv6Address prefix = config.prefix().prefix64();
        at += NdpOptions.emitPrefixInformation(out, at, ADVERTISED_PREFIX_LENGTH,
                NdpOptions.PREFIX_FLAG_ON_LINK | NdpOptions.PREFIX_FLAG_AUTONOMOUS, NdpOptions.INFINITE_LIFETIME,
                NdpOptions.INFINITE_LIFETIME, prefix.hi(), prefix.lo());
        at += NdpOptions.emitLinkLayerAddress(out, at, NdpOptions.TYPE_SOURCE_LINK_LAYER_ADDRESS, ourMac);
        if (config.mtu() != 0) {
            at += NdpOptions.emitMtu(out, at, config.mtu());
        }
        if (!config.dnsServers().isEmpty()) {
            at += writeRdnss(out, at, config);
            if (encodedSearchList.length > 0) {
                at += NdpOptions.emitDnssl(out, at, NdpOptions.INFINITE_LIFETIME, encodedSearchList);
            }
        }
        return at - icmp;
    }

    private static int writeRdnss(ByteBuffer out, int offset, RouterAdvertisementConfig config) {
        int at = offset + NdpOptions.emitRdnssHeader(out, offset, NdpOptions.INFINITE_LIFETIME,
                config.dnsServers().size());
        for (Ipv6Address server : config.dnsServers()) {
            server.write(out, at);
            at += Ipv6Address.LENGTH;
        }
        return at - offset;
    }

    /** Ethernet and IPv6 headers from pasta for an ICMPv6 message; returns where the message goes. */
    private int writeHeaders(ByteBuffer out, int offset, long destinationMac, long destinationHi, long destinationLo,
            int icmpLength) {
        int at = offset;
        at += EthernetFrame.emit(out, at, destinationMac, ourMac, EthernetFrame.ETHERTYPE_IPV6);
        at += Ipv6Packet.emitHeader(out, at, IpProtocol.ICMPV6, icmpLength, NDP_HOP_LIMIT, 0, ourLinkLocal.hi(),
                ourLinkLocal.lo(), destinationHi, destinationLo);
        return at;
    }

    public long ourMac() {
        return ourMac;
    }

    public Ipv6Address ourLinkLocal() {
        return ourLinkLocal;
    }

    /** True if router solicitations are answered. */
    public boolean advertisesRoutes() {
        return routerAdvertisement != null;
    }
}
