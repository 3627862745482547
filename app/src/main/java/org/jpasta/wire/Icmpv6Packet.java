package org.jpasta.wire;

import java.nio.ByteBuffer;

/**
 * View of an ICMPv6 message (RFC 4443), including the fixed parts of the NDP messages
 * (RFC 4861): router and neighbour solicitations and advertisements, and redirects.
 *
 * <h2>Theory of operation</h2>
 * {@link #wrap} requires the 8 octets every ICMPv6 message pasta handles starts with (pasta
 * drops anything shorter). NDP messages have longer fixed parts that depend on the type; rather
 * than a view per message, {@link #hasNdpFixedPart()} checks the type-specific minimum and the
 * NDP accessors ({@link #targetHi()}, {@link #routerLifetime()}, ...) may be called after it
 * returned true. Options after the fixed part are walked by {@link NdpOptions}.
 *
 * <p>The checksum covers the IPv6 pseudo-header, so verification and emission take its
 * unfolded sum ({@link Ipv6Packet#pseudoHeaderSum()} or
 * {@link InternetChecksum#ipv6PseudoHeader}).
 */
public final class Icmpv6Packet extends PacketView {
    public static final int HEADER_LENGTH = 8;

    public static final int TYPE_DESTINATION_UNREACHABLE = 1;
    public static final int TYPE_PACKET_TOO_BIG = 2;
    public static final int TYPE_TIME_EXCEEDED = 3;
    public static final int TYPE_PARAMETER_PROBLEM = 4;
    public static final int TYPE_ECHO_REQUEST = 128;
    public static final int TYPE_ECHO_REPLY = 129;
    public static final int TYPE_ROUTER_SOLICITATION = 133;
    public static final int TYPE_ROUTER_ADVERTISEMENT = 134;
    public static final int TYPE_NEIGHBOR_SOLICITATION = 135;
    public static final int TYPE_NEIGHBOR_ADVERTISEMENT = 136;
    public static final int TYPE_REDIRECT = 137;

    /** Fixed part of each NDP message, ICMPv6 header included. */
    public static final int ROUTER_SOLICITATION_LENGTH = 8;
    public static final int ROUTER_ADVERTISEMENT_LENGTH = 16;
    public static final int NEIGHBOR_SOLICITATION_LENGTH = 24;
    public static final int NEIGHBOR_ADVERTISEMENT_LENGTH = 24;
    public static final int REDIRECT_LENGTH = 40;

    /** Neighbour advertisement flags, in the first octet after the checksum. */
    public static final int NA_FLAG_ROUTER = 0x80;
    public static final int NA_FLAG_SOLICITED = 0x40;
    public static final int NA_FLAG_OVERRIDE = 0x20;
    /** Router advertisement flags. */
    public static final int RA_FLAG_MANAGED = 0x80;
    public static final int RA_FLAG_OTHER = 0x40;

    private static final int TYPE = 0;
    private static final int CODE = 1;
    private static final int CHECKSUM = 2;
    private static final int IDENTIFIER = 4;
    private static final int SEQUENCE = 6;
    private static final int NA_FLAGS = 4;
    private static final int TARGET = 8;
    private static final int RA_CUR_HOP_LIMIT = 4;
    private static final int RA_FLAGS = 5;
    private static final int RA_ROUTER_LIFETIME = 6;
    private static final int RA_REACHABLE_TIME = 8;
    private static final int RA_RETRANS_TIMER = 12;


    /**
     * Points this view at an ICMPv6 message of exactly {@code length} octets.
     *
     * @return false if shorter than 8 octets
     */
    public boolean wrap(ByteBuffer buf, int offset, int length) {
        if (!point(buf, offset, length)) {
            return false;
        }
        if (length < HEADER_LENGTH) {
            return reject(DropReason.TRUNCATED);
        }
        return true;
    }

    public int length() {
        return length;
    }

    public int type() {
        return buf.get(offset + TYPE) & 0xff;
    }

    public int code() {
        return buf.get(offset + CODE) & 0xff;
    }

    public int checksum() {
        return buf.getShort(offset + CHECKSUM) & 0xffff;
    }

    public int identifier() {
        return buf.getShort(offset + IDENTIFIER) & 0xffff;
    }

    public int sequence() {
        return buf.getShort(offset + SEQUENCE) & 0xffff;
    }

    public int payloadOffset() {
        return offset + HEADER_LENGTH;
    }

    public int payloadLength() {
        return length - HEADER_LENGTH;
    }

    public boolean isChecksumValid(long pseudoHeaderSum) {
        return InternetChecksum.verifies(InternetChecksum.sum(buf, offset, length, pseudoHeaderSum));
    }

    /** Router/neighbour solicitation/advertisement or redirect. */
    public static boolean isNdpType(int type) {
        return type >= TYPE_ROUTER_SOLICITATION && type <= TYPE_REDIRECT;
    }

    public boolean isNdp() {
        return isNdpType(type());
    }

    /** Length of the fixed part of an NDP message of this type, or -1 if not NDP. */
    public int ndpFixedLength() {
        switch (type()) {
            case TYPE_ROUTER_SOLICITATION:
                return ROUTER_SOLICITATION_LENGTH;
            case TYPE_ROUTER_ADVERTISEMENT:
                return ROUTER_ADVERTISEMENT_LENGTH;
            case TYPE_NEIGHBOR_SOLICITATION:
                return NEIGHBOR_SOLICITATION_LENGTH;
            case TYPE_NEIGHBOR_ADVERTISEMENT:
                return NEIGHBOR_ADVERTISEMENT_LENGTH;
            case TYPE_REDIRECT:
                return REDIRECT_LENGTH;
            default:
                return -1;
        }
    }

    /** An NDP message long enough for its fixed part: NDP accessors are safe after this. */
    public boolean hasNdpFixedPart() {
        int fixed = ndpFixedLength();
        return fixed > 0 && length >= fixed;
    }

    /** Absolute index of the first NDP option. Only after {@link #hasNdpFixedPart()}. */
    public int ndpOptionsOffset() {
        return offset + ndpFixedLength();
    }

    public int ndpOptionsLength() {
        return length - ndpFixedLength();
    }

    /** Target address of an NS, NA or redirect. */
    public long targetHi() {
        return buf.getLong(offset + TARGET);
    }

    public long targetLo() {
        return buf.getLong(offset + TARGET + 8);
    }

    /** R, S and O flags of an NA in the top three bits. */
    public int neighborAdvertisementFlags() {
        return buf.get(offset + NA_FLAGS) & 0xe0;
    }

    public int currentHopLimit() {
        return buf.get(offset + RA_CUR_HOP_LIMIT) & 0xff;
    }

    public int routerAdvertisementFlags() {
        return buf.get(offset + RA_FLAGS) & 0xff;
    }

    /** Router lifetime in seconds. */
    public int routerLifetime() {
        return buf.getShort(offset + RA_ROUTER_LIFETIME) & 0xffff;
    }

    /** Reachable time in milliseconds (unsigned 32-bit). */
    public long reachableTime() {
        return buf.getInt(offset + RA_REACHABLE_TIME) & 0xffffffffL;
    }

    /** Retransmission timer in milliseconds (unsigned 32-bit). */
    public long retransTimer() {
        return buf.getInt(offset + RA_RETRANS_TIMER) & 0xffffffffL;
    }

    /**
     * Writes an ICMPv6 header with a zero checksum; {@code restOfHeader} is the 32-bit field
     * after the checksum (identifier/sequence, NA flags, RA hop limit/flags/lifetime).
     *
     * @return the number of octets written, {@link #HEADER_LENGTH}
     */
    public static int emitHeader(ByteBuffer out, int offset, int type, int code, int restOfHeader) {
        out.put(offset + TYPE, (byte) type);
        out.put(offset + CODE, (byte) code);
        out.putShort(offset + CHECKSUM, (short) 0);
        out.putInt(offset + IDENTIFIER, restOfHeader);
        return HEADER_LENGTH;
    }

    /** Writes an echo header: {@code identifier} and {@code sequence} are 16-bit. */
    public static int emitEchoHeader(ByteBuffer out, int offset, int type, int identifier, int sequence) {
        return emitHeader(out, offset, type, 0, (identifier & 0xffff) << 16 | (sequence & 0xffff));
    }

    /**
     * Computes and stores the checksum of the {@code length}-octet message at {@code offset}.
     *
     * @param pseudoHeaderSum from {@link InternetChecksum#ipv6PseudoHeader} with this length
     */
    public static void fillChecksum(ByteBuffer out, int offset, int length, long pseudoHeaderSum) {
        out.putShort(offset + CHECKSUM, (short) 0);
        int checksum = InternetChecksum.finish(InternetChecksum.sum(out, offset, length, pseudoHeaderSum));
        out.putShort(offset + CHECKSUM, (short) checksum);
    }

    /** As {@link #fillChecksum(ByteBuffer, int, int, long)}, building the pseudo-header sum. */
    public static void fillChecksum(ByteBuffer out, int offset, int length, long sourceHi, long sourceLo,
            long destinationHi, long destinationLo) {
        long pseudo = InternetChecksum.ipv6PseudoHeader(sourceHi, sourceLo, destinationHi, destinationLo,
                IpProtocol.ICMPV6, length);
        fillChecksum(out, offset, length, pseudo);
    }
}
