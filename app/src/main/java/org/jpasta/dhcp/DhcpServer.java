package org.jpasta.dhcp;

import org.jpasta.log.Log;
import org.jpasta.tap.DropCounters;
import org.jpasta.tap.TapOutput;
import org.jpasta.udp.LocalUdpService;
import org.jpasta.wire.EthernetFrame;
import org.jpasta.wire.IpProtocol;
import org.jpasta.wire.Ipv4Packet;
import org.jpasta.wire.UdpDatagram;

import java.nio.ByteBuffer;

/**
 * pasta's DHCP server ({@code dhcp.c}): one lease, the guest's configured address, forever.
 *
 * <h2>Theory of operation</h2>
 * A DISCOVER gets an OFFER, or an ACK at once if it carries Rapid Commit (RFC 4039, which the ACK then
 * echoes); a REQUEST, or a BOOTP message without a type, gets an ACK; other types are ignored. The reply
 * copies the request's transaction id, flags, client and relay addresses and hardware address, sets
 * {@code yiaddr} to the guest address, and carries every option of {@link DhcpOptionsTable}: first the
 * message type unless the client's parameter request list names it (some small stacks expect it first),
 * then the options in the order the client requested them, then the rest by code, then End; the options
 * area is padded to 60 octets (a 300-octet BOOTP message) and never exceeds pasta's 302. It goes from
 * pasta's address port 67 to port 68 of the guest address, or of 255.255.255.255 if the client set the
 * broadcast flag. Malformed messages are dropped and counted. Replies are built in the tap output buffer;
 * nothing is allocated per message.
 */
public final class DhcpServer implements LocalUdpService {
    static final int SERVER_PORT = 67, CLIENT_PORT = 68;
    static final int OPTIONS_MIN = 60, OPTIONS_MAX = 302;
    private static final int BROADCAST = -1;

    private final DhcpMessage request = new DhcpMessage();
    private final DhcpOptionsTable options;
    private final int guest, server;
    private final TapOutput out;
    private final DropCounters drops;
    private final boolean[] sent = new boolean[256];

    public DhcpServer(DhcpOptionsTable options, int guest, int server, TapOutput out, DropCounters drops) {
        this.options = options;
        this.guest = guest;
        this.server = server;
        this.out = out;
        this.drops = drops;
    }

    @Override
    public void fromGuest4(ByteBuffer frame, Ipv4Packet ip, UdpDatagram udp) {
        if (!request.wrap(frame, udp.payloadOffset(), udp.payloadLength())) {
            drops.malformed(request.dropReason(), "DHCP");
            return;
        }
        int type = replyType(request);
        if (type < 0) {
            drops.unhandled(DropCounters.Unhandled.ICMP_TYPE);
            return;
        }
        ByteBuffer buf = out.buffer();
        int l3 = out.l3Offset();
        int udpAt = l3 + Ipv4Packet.MINIMUM_HEADER_LENGTH;
        int messageAt = udpAt + UdpDatagram.HEADER_LENGTH;
        int length = writeReply(request, type, buf, messageAt);
        int destination = request.broadcast() ? BROADCAST : guest;
        UdpDatagram.emitHeader(buf, udpAt, SERVER_PORT, CLIENT_PORT, length);
        UdpDatagram.fillChecksum(buf, udpAt, org.jpasta.wire.InternetChecksum.ipv4PseudoHeader(server, destination,
                IpProtocol.UDP, UdpDatagram.HEADER_LENGTH + length));
        Ipv4Packet.emitHeader(buf, l3, IpProtocol.UDP, server, destination, UdpDatagram.HEADER_LENGTH + length);
        out.sendIp(EthernetFrame.ETHERTYPE_IPV4, Ipv4Packet.MINIMUM_HEADER_LENGTH + UdpDatagram.HEADER_LENGTH + length);
        if (Log.debug) {
            Log.debug("DHCP: " + (type == DhcpMessage.OFFER ? "offer to discover" : "ack to "
                    + (request.messageType() == DhcpMessage.DISCOVER ? "discover (Rapid Commit)" : "request")));
        }
    }

    /** The message type to answer with, or -1 to ignore the request. */
    static int replyType(DhcpMessage m) {
        int t = m.messageType();
        if (t == DhcpMessage.DISCOVER) {
            return m.rapidCommit() ? DhcpMessage.ACK : DhcpMessage.OFFER;
        }
        if (t < 0 || t == DhcpMessage.REQUEST) {
            return DhcpMessage.ACK;
        }
        return -1;
    }

    /** Writes the whole reply message at {@code at}; returns its length. */
    int writeReply(DhcpMessage m, int type, ByteBuffer buf, int at) {
        writeFixedPart(m, buf, at);
        int o = at + DhcpMessage.OPTIONS_OFFSET;
        int limit = o + OPTIONS_MAX;
        java.util.Arrays.fill(sent, false);
        boolean rapid = type == DhcpMessage.ACK && m.messageType() == DhcpMessage.DISCOVER;
        if (!m.requests(DhcpMessage.OPTION_MESSAGE_TYPE)) {
            o = putMessageType(buf, o, type);
        }
        for (int i = 0; i < m.requestedOptionCount(); i++) {
            int code = m.requestedOption(i);
            o = putOption(buf, o, limit, code, type, rapid);
        }
        for (int code = 1; code < 255; code++) {
            o = putOption(buf, o, limit, code, type, rapid);
        }
        buf.put(o++, (byte) DhcpMessage.OPTION_END);
        int optionsStart = at + DhcpMessage.OPTIONS_OFFSET;
        while (o - optionsStart < OPTIONS_MIN) {
            buf.put(o++, (byte) 0);
        }
        return o - at;
    }

    private void writeFixedPart(DhcpMessage m, ByteBuffer buf, int at) {
        for (int i = 0; i < DhcpMessage.OPTIONS_OFFSET; i += 4) {
            buf.putInt(at + i, 0);
        }
        buf.put(at + DhcpMessage.OP, (byte) DhcpMessage.OP_BOOTREPLY);
        buf.put(at + DhcpMessage.HTYPE, (byte) m.hardwareType());
        buf.put(at + DhcpMessage.HLEN, (byte) m.hardwareLength());
        buf.putInt(at + DhcpMessage.XID, m.transactionId());
        buf.putShort(at + DhcpMessage.FLAGS, (short) m.flags());
        buf.putInt(at + DhcpMessage.CIADDR, m.clientAddress());
        buf.putInt(at + DhcpMessage.YIADDR, guest);
        buf.putInt(at + DhcpMessage.GIADDR, m.relayAddress());
        for (int i = 0; i < DhcpMessage.CHADDR_LENGTH; i++) {
            buf.put(at + DhcpMessage.CHADDR + i, (byte) m.clientHardwareAddressOctet(i));
        }
        buf.putInt(at + DhcpMessage.MAGIC, m.magic());
    }

    private int putMessageType(ByteBuffer buf, int o, int type) {
        sent[DhcpMessage.OPTION_MESSAGE_TYPE] = true;
        buf.put(o, (byte) DhcpMessage.OPTION_MESSAGE_TYPE);
        buf.put(o + 1, (byte) 1);
        buf.put(o + 2, (byte) type);
        return o + 3;
    }

    private int putOption(ByteBuffer buf, int o, int limit, int code, int type, boolean rapid) {
        if (sent[code]) {
            return o;
        }
        if (code == DhcpMessage.OPTION_MESSAGE_TYPE) {
            return putMessageType(buf, o, type);
        }
        if (code == DhcpMessage.OPTION_RAPID_COMMIT) {
            if (!rapid || o + 2 > limit - 1) {
                return o;
            }
            sent[code] = true;
            buf.put(o, (byte) code);
            buf.put(o + 1, (byte) 0);
            return o + 2;
        }
        byte[] v = options.value(code);
        if (v == null || o + 2 + v.length > limit - 1) {
            return o; // not configured, or does not fit: skipped as pasta does
        }
        sent[code] = true;
        buf.put(o, (byte) code);
        buf.put(o + 1, (byte) v.length);
        buf.put(o + 2, v);
        return o + 2 + v.length;
    }
}
