package org.jpasta.wire;

import java.nio.ByteBuffer;

/**
 * View of an Ethernet II frame as read from a tap device (no preamble, no FCS).
 *
 * <h2>Theory of operation</h2>
 * The dispatcher keeps one instance and re-points it at each frame with {@link #wrap}, which
 * applies pasta's frame-length rule (at least a header, at most 65535 octets) so that the
 * accessors can read without further checks. Whatever follows the 14-octet header is the
 * payload handed to the next view; link-layer padding is left for the IP views to trim, since
 * only they know the real length. {@link #emit} writes a header for replies.
 */
public final class EthernetFrame extends PacketView {
    public static final int HEADER_LENGTH = 14;
    /** Frames shorter than this on a real wire are padded; pasta pads what it sends, too. */
    public static final int MINIMUM_FRAME_LENGTH = 60;
    /** pasta's limit for a frame on the tap, header included. */
    public static final int MAXIMUM_FRAME_LENGTH = 65535;

    public static final int ETHERTYPE_IPV4 = 0x0800;
    public static final int ETHERTYPE_ARP = 0x0806;
    public static final int ETHERTYPE_IPV6 = 0x86dd;

    private static final int DESTINATION = 0;
    private static final int SOURCE = 6;
    private static final int ETHERTYPE = 12;


    /**
     * Points this view at a frame.
     *
     * @return false if the frame cannot be an Ethernet frame; see {@link #dropReason()}
     */
    public boolean wrap(ByteBuffer buf, int offset, int length) {
        boolean inside = point(buf, offset, length);
        if (length < HEADER_LENGTH) {
            return reject(DropReason.TRUNCATED);
        }
        if (length > MAXIMUM_FRAME_LENGTH || !inside) {
            return reject(DropReason.BAD_LENGTH);
        }
        return true;
    }

    public long destination() {
        return MacAddress.read(buf, offset + DESTINATION);
    }

    public long source() {
        return MacAddress.read(buf, offset + SOURCE);
    }

    public int etherType() {
        return buf.getShort(offset + ETHERTYPE) & 0xffff;
    }

    public int length() {
        return length;
    }

    /** Absolute index of the first payload octet in the buffer. */
    public int payloadOffset() {
        return offset + HEADER_LENGTH;
    }

    public int payloadLength() {
        return length - HEADER_LENGTH;
    }

    /**
     * Writes an Ethernet header at {@code offset}.
     *
     * @return the number of octets written, {@link #HEADER_LENGTH}
     */
    public static int emit(ByteBuffer out, int offset, long destination, long source, int etherType) {
        MacAddress.write(out, offset + DESTINATION, destination);
        MacAddress.write(out, offset + SOURCE, source);
        out.putShort(offset + ETHERTYPE, (short) etherType);
        return HEADER_LENGTH;
    }

    /**
     * Zero-fills a frame that ends at {@code offset + length} up to the Ethernet minimum, as
     * pasta does for every short frame it sends.
     *
     * @return the padded frame length
     */
    public static int padToMinimum(ByteBuffer out, int offset, int length) {
        for (int i = length; i < MINIMUM_FRAME_LENGTH; i++) {
            out.put(offset + i, (byte) 0);
        }
        return Math.max(length, MINIMUM_FRAME_LENGTH);
    }
}
