package org.jpasta.arp;

import java.nio.ByteBuffer;
import org.jpasta.neighbour.NeighbourMacs;
import org.jpasta.wire.ArpPacket;
import org.jpasta.wire.EthernetFrame;
import org.jpasta.wire.Ipv4Address;
import org.jpasta.wire.MacAddress;

/**
 * Decides whether to answer an ARP packet from the guest and writes the reply frame.
 *
 * <h2>Theory of operation</h2>
 * pasta is the guest's only neighbour: every address the guest resolves, whether its gateway or
 * a host on its own subnet, is reached through pasta, so pasta answers any Ethernet/IPv4 ARP
 * request, with the MAC {@link NeighbourMacs} gives for the address: a LAN neighbour's real one as
 * the host knows it, else our own (the Ethernet header is always from our MAC, as in pasta).
 * Two kinds of request are left alone, as in pasta's {@code arp.c}: gratuitous announcements
 * (sender and target IP equal and not 0.0.0.0; a 0.0.0.0 sender is an RFC 5227 probe and is
 * answered), and requests for the guest's own address, which would otherwise make the guest's
 * duplicate address detection fail.
 *
 * <p>The class is pure logic over views and an output buffer: no I/O, no allocation, no state
 * beyond the configuration. Frames are padded to the 60-octet Ethernet minimum, like everything
 * pasta sends.
 */
public final class ArpResponder {
    /** Every frame written here is an ARP message padded to the Ethernet minimum. */
    public static final int FRAME_LENGTH = EthernetFrame.MINIMUM_FRAME_LENGTH;

    private final long ourMac;
    private final NeighbourMacs macs;
    private final int guestAddress;

    /**
     * @param macs         the MAC to answer with per address; its {@code ourMac()} is pasta's tap-side MAC
     * @param guestAddress the IPv4 address assigned to the guest, never answered for
     */
    public ArpResponder(NeighbourMacs macs, int guestAddress) {
        this.ourMac = macs.ourMac();
        this.macs = macs;
        this.guestAddress = guestAddress;
    }

    /** Answers every address with {@code ourMac}, usually {@link MacAddress#PASTA_DEFAULT}. */
    public ArpResponder(long ourMac, int guestAddress) {
        this(NeighbourMacs.ourMacOnly(ourMac), guestAddress);
    }

    public long ourMac() {
        return ourMac;
    }

    public int guestAddress() {
        return guestAddress;
    }

    /**
     * Writes the reply to an ARP request into {@code out} at {@code offset}, if one is due.
     *
     * @param frame the received frame, already wrapped
     * @param arp   its ARP payload, already wrapped
     * @return the reply frame length, or 0 if the packet is to be ignored
     */
    public int respond(EthernetFrame frame, ArpPacket arp, ByteBuffer out, int offset) {
        if (!shouldAnswer(arp)) {
            return 0;
        }
        int at = offset;
        at += EthernetFrame.emit(out, at, frame.source(), ourMac, EthernetFrame.ETHERTYPE_ARP);
        int target = arp.targetProtocolAddress();
        at += ArpPacket.emit(out, at, ArpPacket.OPERATION_REPLY, macs.macFor4(target), target,
                arp.senderHardwareAddress(), arp.senderProtocolAddress());
        return EthernetFrame.padToMinimum(out, offset, at - offset);
    }

    /** True for an Ethernet/IPv4 request that is neither an announcement nor for the guest. */
    public boolean shouldAnswer(ArpPacket arp) {
        if (!arp.isEthernetIpv4() || arp.operation() != ArpPacket.OPERATION_REQUEST) {
            return false;
        }
        return !isAnnouncement(arp) && arp.targetProtocolAddress() != guestAddress;
    }

    /** RFC 5227 announcement: the sender claims the address it asks about. Probes come from 0.0.0.0. */
    private static boolean isAnnouncement(ArpPacket arp) {
        int sender = arp.senderProtocolAddress();
        return sender != Ipv4Address.UNSPECIFIED && sender == arp.targetProtocolAddress();
    }

    /**
     * Writes the broadcast request pasta sends when the tap comes up, so that the guest's
     * reply reveals its MAC address.
     *
     * @param ourAddress pasta's tap-side IPv4 address (the guest's gateway), used as sender
     * @return the frame length
     */
    public int writeGuestRequest(ByteBuffer out, int offset, int ourAddress) {
        int at = offset;
        at += EthernetFrame.emit(out, at, MacAddress.BROADCAST, ourMac, EthernetFrame.ETHERTYPE_ARP);
        at += ArpPacket.emit(out, at, ArpPacket.OPERATION_REQUEST, ourMac, ourAddress, MacAddress.BROADCAST,
                guestAddress);
        return EthernetFrame.padToMinimum(out, offset, at - offset);
    }

    /**
     * Writes an RFC 5227 announcement that {@code address} is at {@code mac}, as pasta does when
     * it learns a neighbour's MAC (a request with sender and target address equal: the guest updates an entry
     * it has, and creates none).
     *
     * @return the frame length
     */
    public static int writeAnnouncement(ByteBuffer out, int offset, int address, long mac) {
        int at = offset;
        at += EthernetFrame.emit(out, at, MacAddress.BROADCAST, mac, EthernetFrame.ETHERTYPE_ARP);
        at += ArpPacket.emit(out, at, ArpPacket.OPERATION_REQUEST, mac, address, MacAddress.ZERO, address);
        return EthernetFrame.padToMinimum(out, offset, at - offset);
    }
}
