package org.jpasta.arp;

import java.nio.ByteBuffer;
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
 * request with its own MAC. Two kinds of request are left alone, as in pasta's {@code arp.c}:
 * gratuitous announcements (sender and target IP equal and not 0.0.0.0; a 0.0.0.0 sender is an
 * RFC 5227 probe and is answered), and requests for the guest's own address, which would
 * otherwise make the guest's duplicate address detection fail.
 *
 * <p>The class is pure logic over views and an output buffer: no I/O, no allocation, no state
 * beyond the configuration. Frames are padded to the 60-octet Ethernet minimum, like everything
 * pasta sends. The real-MAC-of-LAN-neighbours refinement of 2025-10 pasta is not here: replies
 * always carry {@link #ourMac()}.
 */
public final class ArpResponder {
    /** Every frame written here is an ARP message padded to the Ethernet minimum. */
    public static final int FRAME_LENGTH = EthernetFrame.MINIMUM_FRAME_LENGTH;

    private final long ourMac;
    private final int guestAddress;

    /**
     * @param ourMac       pasta's tap-side MAC, usually {@link MacAddress#PASTA_DEFAULT}
     * @param guestAddress the IPv4 address assigned to the guest, never answered for
     */
    public ArpResponder(long ourMac, int guestAddress) {
        this.ourMac = ourMac;
        this.guestAddress = guestAddress;
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
        at += ArpPacket.emit(out, at, ArpPacket.OPERATION_REPLY, ourMac, arp.targetProtocolAddress(),
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
     * a neighbour's MAC changes.
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
