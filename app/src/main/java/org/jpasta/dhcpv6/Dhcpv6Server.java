package org.jpasta.dhcpv6;

import org.jpasta.log.Log;
import org.jpasta.ndp.DnsSearchList;
import org.jpasta.tap.DropCounters;
import org.jpasta.tap.TapOutput;
import org.jpasta.udp.LocalUdpService;
import org.jpasta.wire.EthernetFrame;
import org.jpasta.wire.InternetChecksum;
import org.jpasta.wire.IpProtocol;
import org.jpasta.wire.Ipv6Packet;
import org.jpasta.wire.UdpDatagram;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * pasta's DHCPv6 server ({@code dhcpv6.c}): the guest's configured address as a /128, forever.
 *
 * <h2>Theory of operation</h2>
 * Only multicast requests are answered (clients always multicast to ff02::1:2). SOLICIT (without a Server
 * Identifier) gets ADVERTISE; REQUEST and RENEW (naming our DUID), CONFIRM (naming none), REBIND (naming ours)
 * and INFORMATION-REQUEST (without IAs) get REPLY; everything else, and every message without a Client
 * Identifier, is dropped as pasta does. A REQUEST, RENEW or CONFIRM asking for an address other than ours gets
 * a REPLY with an IA_NA carrying status NotOnLink. The normal answer carries our DUID-LLT (time fixed at
 * start, our MAC), the client's IA_NA (its IAID; T1, T2 and both lifetimes infinite) with one IA Address,
 * the echoed Client Identifier, DNS servers and domain list when enabled, and the Client FQDN when
 * configured. Unlike pasta, an IA_NA is only included when the client sent one. Replies go from our
 * link-local address, port 547, to the client's source address, port 546. Built in the tap output buffer;
 * nothing is allocated per message.
 */
public final class Dhcpv6Server implements LocalUdpService {
    static final int SERVER_PORT = 547, CLIENT_PORT = 546;
    static final int STATUS_NOT_ON_LINK = 4;
    static final byte[] NOT_ON_LINK_TEXT = "Prefix not appropriate for link.".getBytes(StandardCharsets.US_ASCII);
    private static final int INFINITE = -1;
    /** Seconds between 1970 and 2000-01-01, the DUID-LLT epoch. */
    private static final long Y2K = 946684800L;

    private final Dhcpv6Message request = new Dhcpv6Message();
    private final byte[] serverDuid;
    private final long addressHi, addressLo, ourHi, ourLo;
    private final byte[] dnsServers, domainList, clientFqdn;
    private final TapOutput out;
    private final DropCounters drops;

    /**
     * @param guest   the guest's address (16 bytes)
     * @param ourLinkLocal pasta's link-local address, the reply source
     * @param dns     DNS servers to advertise (empty: none)
     * @param search  search domains to advertise (empty: none)
     * @param fqdn    client FQDN or null
     */
    public Dhcpv6Server(byte[] guest, byte[] ourLinkLocal, long ourMac, List<byte[]> dns, List<String> search,
                        String fqdn, TapOutput out, DropCounters drops) {
        this.addressHi = ByteBuffer.wrap(guest).getLong(0);
        this.addressLo = ByteBuffer.wrap(guest).getLong(8);
        this.ourHi = ByteBuffer.wrap(ourLinkLocal).getLong(0);
        this.ourLo = ByteBuffer.wrap(ourLinkLocal).getLong(8);
        this.serverDuid = duidLlt(ourMac, System.currentTimeMillis() / 1000 - Y2K);
        this.dnsServers = dns.isEmpty() ? null : concatenate(dns);
        this.domainList = search.isEmpty() ? null : DnsSearchList.encode(search);
        this.clientFqdn = fqdn == null || fqdn.isEmpty() ? null : fqdnValue(fqdn);
        this.out = out;
        this.drops = drops;
    }

    static byte[] duidLlt(long mac, long time) {
        ByteBuffer b = ByteBuffer.allocate(14);
        b.putShort((short) 1).putShort((short) 1).putInt((int) time);
        for (int i = 5; i >= 0; i--) {
            b.put((byte) (mac >>> (8 * i)));
        }
        return b.array();
    }

    private static byte[] concatenate(List<byte[]> addresses) {
        ByteBuffer b = ByteBuffer.allocate(addresses.size() * 16);
        addresses.forEach(b::put);
        return b.array();
    }

    private static byte[] fqdnValue(String fqdn) {
        byte[] name = DnsSearchList.encode(List.of(fqdn));
        byte[] v = new byte[1 + name.length];
        System.arraycopy(name, 0, v, 1, name.length);
        return v;
    }

    @Override
    public void fromGuest6(ByteBuffer frame, Ipv6Packet ip, UdpDatagram udp) {
        if ((ip.destinationHi() >>> 56) != 0xff) {
            drops.unhandled(DropCounters.Unhandled.ICMP_TYPE);
            return;
        }
        if (!request.wrap(frame, udp.payloadOffset(), udp.payloadLength())) {
            drops.malformed(request.dropReason(), "DHCPv6");
            return;
        }
        ByteBuffer buf = out.buffer();
        int l3 = out.l3Offset();
        int udpAt = l3 + Ipv6Packet.HEADER_LENGTH;
        int messageAt = udpAt + UdpDatagram.HEADER_LENGTH;
        int length = answer(request, buf, messageAt);
        if (length <= 0) {
            drops.unhandled(DropCounters.Unhandled.ICMP_TYPE);
            return;
        }
        long dHi = ip.sourceHi(), dLo = ip.sourceLo();
        UdpDatagram.emitHeader(buf, udpAt, SERVER_PORT, CLIENT_PORT, length);
        int udpLength = UdpDatagram.HEADER_LENGTH + length;
        UdpDatagram.fillChecksum(buf, udpAt, InternetChecksum.ipv6PseudoHeader(ourHi, ourLo, dHi, dLo,
                IpProtocol.UDP, udpLength));
        Ipv6Packet.emitHeader(buf, l3, IpProtocol.UDP, udpLength, Ipv6Packet.DEFAULT_HOP_LIMIT, 0, ourHi, ourLo,
                dHi, dLo);
        out.sendIp(EthernetFrame.ETHERTYPE_IPV6, Ipv6Packet.HEADER_LENGTH + udpLength);
    }

    /** Writes the answer to {@code m} at {@code at}; returns its length, or 0 if pasta would not answer. */
    int answer(Dhcpv6Message m, ByteBuffer buf, int at) {
        if (!m.hasClientId()) {
            return 0;
        }
        boolean ourServerId = m.hasServerId() && isOurDuid(m);
        int replyType = Dhcpv6Message.REPLY;
        boolean checkOnLink = false;
        switch (m.type()) {
            case Dhcpv6Message.REQUEST, Dhcpv6Message.RENEW -> {
                if (!ourServerId) {
                    return 0;
                }
                checkOnLink = true;
            }
            case Dhcpv6Message.CONFIRM -> {
                if (m.hasServerId()) {
                    return 0;
                }
                checkOnLink = true;
            }
            case Dhcpv6Message.INFORMATION_REQUEST -> {
                if ((m.hasServerId() && !ourServerId) || m.hasIaNa() || m.hasIaTa()) {
                    return 0;
                }
            }
            case Dhcpv6Message.REBIND -> {
                if (!ourServerId) {
                    return 0;
                }
            }
            case Dhcpv6Message.SOLICIT -> {
                if (m.hasServerId()) {
                    return 0;
                }
                replyType = Dhcpv6Message.ADVERTISE;
            }
            default -> {
                return 0;
            }
        }
        if (checkOnLink && m.firstForeignAddress(addressHi, addressLo) >= 0) {
            if (Log.debug) {
                Log.debug("DHCPv6: requested address not on link");
            }
            return writeNotOnLink(m, buf, at);
        }
        return writeAnswer(m, replyType, buf, at);
    }

    private boolean isOurDuid(Dhcpv6Message m) {
        if (m.serverIdLength() != serverDuid.length) {
            return false;
        }
        for (int i = 0; i < serverDuid.length; i++) {
            if (m.buffer().get(m.serverIdOffset() + i) != serverDuid[i]) {
                return false;
            }
        }
        return true;
    }

    private int writeAnswer(Dhcpv6Message m, int type, ByteBuffer buf, int at) {
        int o = writeHeader(m, type, buf, at);
        if (m.hasIaNa()) {
            o = option(buf, o, Dhcpv6Message.OPTION_IA_NA,
                    Dhcpv6Message.IA_NA_FIXED_LENGTH + 4 + Dhcpv6Message.IA_ADDRESS_LENGTH);
            buf.putInt(o, m.iaid());
            buf.putInt(o + 4, INFINITE);
            buf.putInt(o + 8, INFINITE);
            o = option(buf, o + 12, Dhcpv6Message.OPTION_IA_ADDRESS, Dhcpv6Message.IA_ADDRESS_LENGTH);
            buf.putLong(o, addressHi);
            buf.putLong(o + 8, addressLo);
            buf.putInt(o + 16, INFINITE);
            buf.putInt(o + 20, INFINITE);
            o += Dhcpv6Message.IA_ADDRESS_LENGTH;
        }
        o = clientId(m, buf, o);
        o = optionBytes(buf, o, Dhcpv6Message.OPTION_DNS_SERVERS, dnsServers);
        o = optionBytes(buf, o, Dhcpv6Message.OPTION_DOMAIN_LIST, domainList);
        o = optionBytes(buf, o, Dhcpv6Message.OPTION_CLIENT_FQDN, clientFqdn);
        return o - at;
    }

    private int writeNotOnLink(Dhcpv6Message m, ByteBuffer buf, int at) {
        int o = writeHeader(m, Dhcpv6Message.REPLY, buf, at);
        int statusLength = 2 + NOT_ON_LINK_TEXT.length;
        o = option(buf, o, Dhcpv6Message.OPTION_IA_NA, Dhcpv6Message.IA_NA_FIXED_LENGTH + 4 + statusLength);
        buf.putInt(o, m.iaid());
        buf.putInt(o + 4, 0);
        buf.putInt(o + 8, 0);
        o = option(buf, o + 12, Dhcpv6Message.OPTION_STATUS_CODE, statusLength);
        buf.putShort(o, (short) STATUS_NOT_ON_LINK);
        buf.put(o + 2, NOT_ON_LINK_TEXT);
        o += statusLength;
        o = clientId(m, buf, o);
        return o - at;
    }

    private int writeHeader(Dhcpv6Message m, int type, ByteBuffer buf, int at) {
        buf.putInt(at, type << 24 | m.transactionId());
        return optionBytes(buf, at + Dhcpv6Message.HEADER_LENGTH, Dhcpv6Message.OPTION_SERVER_ID, serverDuid);
    }

    private static int clientId(Dhcpv6Message m, ByteBuffer buf, int o) {
        int length = m.clientIdLength();
        o = option(buf, o, Dhcpv6Message.OPTION_CLIENT_ID, length);
        buf.put(o, m.buffer(), m.clientIdOffset(), length);
        return o + length;
    }

    /** Writes an option header; returns where its value starts. */
    private static int option(ByteBuffer buf, int o, int code, int length) {
        buf.putShort(o, (short) code);
        buf.putShort(o + 2, (short) length);
        return o + Dhcpv6Message.OPTION_HEADER_LENGTH;
    }

    private static int optionBytes(ByteBuffer buf, int o, int code, byte[] value) {
        if (value == null) {
            return o;
        }
        o = option(buf, o, code, value.length);
        buf.put(o, value);
        return o + value.length;
    }

    byte[] serverDuid() {
        return serverDuid.clone();
    }
}
