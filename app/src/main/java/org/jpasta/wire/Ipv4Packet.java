package org.jpasta.wire;

import java.nio.ByteBuffer;

/**
 * View of an IPv4 packet (RFC 791).
 *
 * <h2>Theory of operation</h2>
 * {@link #wrap} validates what pasta's {@code tap4_handler} validates, and the version too: a
 * header of at least 20 octets, an IHL of at least 5 that fits in the total length, and a total
 * length that fits in the buffer. The total length, not the buffer, then bounds the packet, so
 * Ethernet padding after a short packet is trimmed rather than treated as payload. Fragments
 * are well formed and so pass {@code wrap}, but {@link #isFragment()} flags them because pasta
 * does not reassemble. The header checksum is not checked by {@code wrap}: the tap is fed by
 * the local kernel, so verification is left to callers that want it ({@link #isHeaderChecksumValid}).
 * {@link #emitHeader} writes a header the way pasta does (no options, DF, TTL 255, ID 0).
 */
public final class Ipv4Packet extends PacketView {
    public static final int MINIMUM_HEADER_LENGTH = 20;
    public static final int DEFAULT_TTL = 255;

    private static final int VERSION_IHL = 0;
    private static final int TOS = 1;
    private static final int TOTAL_LENGTH = 2;
    private static final int IDENTIFICATION = 4;
    private static final int FLAGS_FRAGMENT_OFFSET = 6;
    private static final int TTL = 8;
    private static final int PROTOCOL = 9;
    private static final int CHECKSUM = 10;
    /** Offset of the source address, also for code that reads headers it wrote itself. */
    public static final int SOURCE = 12;
    private static final int DESTINATION = 16;

    private static final int FLAG_DONT_FRAGMENT = 0x4000;
    private static final int FLAG_MORE_FRAGMENTS = 0x2000;
    private static final int FRAGMENT_OFFSET_MASK = 0x1fff;

    private int headerLength;
    private int totalLength;

    /**
     * Points this view at an IPv4 packet; {@code length} is what the link layer delivered and
     * may include padding.
     *
     * @return false if the packet is malformed; see {@link #dropReason()}
     */
    public boolean wrap(ByteBuffer buf, int offset, int length) {
        if (!point(buf, offset, length)) {
            return false;
        }
        if (length < MINIMUM_HEADER_LENGTH) {
            return reject(DropReason.TRUNCATED);
        }
        int versionIhl = buf.get(offset + VERSION_IHL) & 0xff;
        if ((versionIhl >>> 4) != 4) {
            return reject(DropReason.BAD_HEADER);
        }
        headerLength = (versionIhl & 0xf) * 4;
        totalLength = buf.getShort(offset + TOTAL_LENGTH) & 0xffff;
        if (headerLength < MINIMUM_HEADER_LENGTH) {
            return reject(DropReason.BAD_HEADER);
        }
        if (totalLength > length || headerLength > totalLength) {
            return reject(DropReason.BAD_LENGTH);
        }
        return true;
    }

    public int headerLength() {
        return headerLength;
    }

    public int totalLength() {
        return totalLength;
    }

    public int typeOfService() {
        return buf.get(offset + TOS) & 0xff;
    }

    public int identification() {
        return buf.getShort(offset + IDENTIFICATION) & 0xffff;
    }

    private int flagsAndFragmentOffset() {
        return buf.getShort(offset + FLAGS_FRAGMENT_OFFSET) & 0xffff;
    }

    public boolean dontFragment() {
        return (flagsAndFragmentOffset() & FLAG_DONT_FRAGMENT) != 0;
    }

    public boolean moreFragments() {
        return (flagsAndFragmentOffset() & FLAG_MORE_FRAGMENTS) != 0;
    }

    /** Fragment offset in octets. */
    public int fragmentOffset() {
        return (flagsAndFragmentOffset() & FRAGMENT_OFFSET_MASK) * 8;
    }

    /**
     * True unless the flags/offset field is DF or nothing. Like pasta, the reserved bit counts:
     * anything but a plain, whole packet is dropped.
     */
    public boolean isFragment() {
        return (flagsAndFragmentOffset() & ~FLAG_DONT_FRAGMENT) != 0;
    }

    public int ttl() {
        return buf.get(offset + TTL) & 0xff;
    }

    public int protocol() {
        return buf.get(offset + PROTOCOL) & 0xff;
    }

    public int headerChecksum() {
        return buf.getShort(offset + CHECKSUM) & 0xffff;
    }

    public int source() {
        return buf.getInt(offset + SOURCE);
    }

    public int destination() {
        return buf.getInt(offset + DESTINATION);
    }

    /** Absolute index of the first payload octet (after any options). */
    public int payloadOffset() {
        return offset + headerLength;
    }

    /** Payload length from the total-length field, padding excluded. */
    public int payloadLength() {
        return totalLength - headerLength;
    }

    public boolean isHeaderChecksumValid() {
        return InternetChecksum.verifies(InternetChecksum.sum(buf, offset, headerLength));
    }

    /** Unfolded pseudo-header sum for this packet's upper-layer checksum. */
    public long pseudoHeaderSum() {
        return InternetChecksum.ipv4PseudoHeader(source(), destination(), protocol(), payloadLength());
    }

    /**
     * Writes a 20-octet header as pasta does (TOS 0, ID 0, DF, no options), checksum included.
     *
     * @return the number of octets written, {@link #MINIMUM_HEADER_LENGTH}
     */
    public static int emitHeader(ByteBuffer out, int offset, int protocol, int source, int destination,
            int payloadLength) {
        return emitHeader(out, offset, protocol, source, destination, payloadLength, DEFAULT_TTL);
    }

    /** As {@link #emitHeader(ByteBuffer, int, int, int, int, int)} with an explicit TTL. */
    public static int emitHeader(ByteBuffer out, int offset, int protocol, int source, int destination,
            int payloadLength, int ttl) {
        out.put(offset + VERSION_IHL, (byte) 0x45);
        out.put(offset + TOS, (byte) 0);
        out.putShort(offset + TOTAL_LENGTH, (short) (MINIMUM_HEADER_LENGTH + payloadLength));
        out.putShort(offset + IDENTIFICATION, (short) 0);
        out.putShort(offset + FLAGS_FRAGMENT_OFFSET, (short) FLAG_DONT_FRAGMENT);
        out.put(offset + TTL, (byte) ttl);
        out.put(offset + PROTOCOL, (byte) protocol);
        out.putShort(offset + CHECKSUM, (short) 0);
        out.putInt(offset + SOURCE, source);
        out.putInt(offset + DESTINATION, destination);
        out.putShort(offset + CHECKSUM, (short) InternetChecksum.compute(out, offset, MINIMUM_HEADER_LENGTH));
        return MINIMUM_HEADER_LENGTH;
    }
}
