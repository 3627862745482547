package org.jpasta.wire;

import java.nio.ByteBuffer;

/**
 * View of an ARP packet (RFC 826), with accessors for the Ethernet/IPv4 layout.
 *
 * <h2>Theory of operation</h2>
 * Like pasta, {@link #wrap} insists on the full 28 octets of an Ethernet/IPv4 ARP message
 * before anything is read, so the address accessors are always in bounds; whether the packet
 * really uses that layout is a separate question answered by {@link #isEthernetIpv4()}, because
 * a well-formed ARP packet for another hardware type is merely uninteresting, not malformed.
 * Emitters write complete Ethernet/IPv4 ARP messages.
 */
public final class ArpPacket extends PacketView {
    /** Length of an Ethernet/IPv4 ARP message. */
    public static final int LENGTH = 28;

    public static final int HARDWARE_ETHERNET = 1;
    public static final int OPERATION_REQUEST = 1;
    public static final int OPERATION_REPLY = 2;

    private static final int HARDWARE_TYPE = 0;
    private static final int PROTOCOL_TYPE = 2;
    private static final int HARDWARE_LENGTH = 4;
    private static final int PROTOCOL_LENGTH = 5;
    private static final int OPERATION = 6;
    private static final int SENDER_HARDWARE = 8;
    private static final int SENDER_PROTOCOL = 14;
    private static final int TARGET_HARDWARE = 18;
    private static final int TARGET_PROTOCOL = 24;


    /**
     * Points this view at an ARP packet (the Ethernet payload; trailing padding is ignored).
     *
     * @return false if shorter than an Ethernet/IPv4 ARP message
     */
    public boolean wrap(ByteBuffer buf, int offset, int length) {
        if (!point(buf, offset, length)) {
            return false;
        }
        if (length < LENGTH) {
            return reject(DropReason.TRUNCATED);
        }
        return true;
    }

    /** Ethernet hardware, IPv4 protocol, and the matching address lengths. */
    public boolean isEthernetIpv4() {
        return hardwareType() == HARDWARE_ETHERNET
                && protocolType() == EthernetFrame.ETHERTYPE_IPV4
                && hardwareLength() == MacAddress.LENGTH
                && protocolLength() == Ipv4Address.LENGTH;
    }

    public int hardwareType() {
        return buf.getShort(offset + HARDWARE_TYPE) & 0xffff;
    }

    public int protocolType() {
        return buf.getShort(offset + PROTOCOL_TYPE) & 0xffff;
    }

    public int hardwareLength() {
        return buf.get(offset + HARDWARE_LENGTH) & 0xff;
    }

    public int protocolLength() {
        return buf.get(offset + PROTOCOL_LENGTH) & 0xff;
    }

    public int operation() {
        return buf.getShort(offset + OPERATION) & 0xffff;
    }

    public long senderHardwareAddress() {
        return MacAddress.read(buf, offset + SENDER_HARDWARE);
    }

    public int senderProtocolAddress() {
        return buf.getInt(offset + SENDER_PROTOCOL);
    }

    public long targetHardwareAddress() {
        return MacAddress.read(buf, offset + TARGET_HARDWARE);
    }

    public int targetProtocolAddress() {
        return buf.getInt(offset + TARGET_PROTOCOL);
    }

    /**
     * Writes an Ethernet/IPv4 ARP message at {@code offset}.
     *
     * @return the number of octets written, {@link #LENGTH}
     */
    public static int emit(ByteBuffer out, int offset, int operation, long senderMac, int senderIp, long targetMac,
            int targetIp) {
        out.putShort(offset + HARDWARE_TYPE, (short) HARDWARE_ETHERNET);
        out.putShort(offset + PROTOCOL_TYPE, (short) EthernetFrame.ETHERTYPE_IPV4);
        out.put(offset + HARDWARE_LENGTH, (byte) MacAddress.LENGTH);
        out.put(offset + PROTOCOL_LENGTH, (byte) Ipv4Address.LENGTH);
        out.putShort(offset + OPERATION, (short) operation);
        MacAddress.write(out, offset + SENDER_HARDWARE, senderMac);
        out.putInt(offset + SENDER_PROTOCOL, senderIp);
        MacAddress.write(out, offset + TARGET_HARDWARE, targetMac);
        out.putInt(offset + TARGET_PROTOCOL, targetIp);
        return LENGTH;
    }
}
