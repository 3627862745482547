package org.jpasta.wire;

import java.nio.ByteBuffer;

/**
 * View of a TCP segment (RFC 9293).
 *
 * <h2>Theory of operation</h2>
 * {@link #wrap} takes the IP payload and applies pasta's rule on the data offset: a header
 * shorter than 20 octets is {@link DropReason#BAD_HEADER}, one longer than the segment is
 * {@link DropReason#BAD_LENGTH}. Options are not interpreted here; {@link TcpOptions#parse}
 * reads them on demand, which only matters on SYNs and when timestamps are in use. Sequence and
 * acknowledgement numbers are returned as {@code int}: Java's wrapping {@code int} arithmetic is
 * exactly TCP's modular sequence space ({@code a - b > 0} means a is after b).
 * {@link #emit} writes a header with options and a zero checksum; {@link #fillChecksum} follows
 * once the payload is in place.
 */
public final class TcpSegment extends PacketView {
    public static final int MINIMUM_HEADER_LENGTH = 20;
    public static final int MAXIMUM_HEADER_LENGTH = 60;

    public static final int FLAG_FIN = 0x01;
    public static final int FLAG_SYN = 0x02;
    public static final int FLAG_RST = 0x04;
    public static final int FLAG_PSH = 0x08;
    public static final int FLAG_ACK = 0x10;
    public static final int FLAG_URG = 0x20;
    public static final int FLAG_ECE = 0x40;
    public static final int FLAG_CWR = 0x80;

    private static final int SOURCE_PORT = 0;
    private static final int DESTINATION_PORT = 2;
    private static final int SEQUENCE = 4;
    private static final int ACKNOWLEDGEMENT = 8;
    private static final int DATA_OFFSET = 12;
    private static final int FLAGS = 13;
    private static final int WINDOW = 14;
    private static final int CHECKSUM = 16;
    private static final int URGENT_POINTER = 18;

    private int headerLength;

    /**
     * Points this view at a segment of exactly {@code length} octets (the IP payload).
     *
     * @return false if the header is truncated or the data offset is impossible
     */
    public boolean wrap(ByteBuffer buf, int offset, int length) {
        if (!point(buf, offset, length)) {
            return false;
        }
        if (length < MINIMUM_HEADER_LENGTH) {
            return reject(DropReason.TRUNCATED);
        }
        headerLength = ((buf.get(offset + DATA_OFFSET) & 0xf0) >>> 4) * 4;
        if (headerLength < MINIMUM_HEADER_LENGTH) {
            return reject(DropReason.BAD_HEADER);
        }
        if (headerLength > length) {
            return reject(DropReason.BAD_LENGTH);
        }
        return true;
    }

    public int length() {
        return length;
    }

    public int sourcePort() {
        return buf.getShort(offset + SOURCE_PORT) & 0xffff;
    }

    public int destinationPort() {
        return buf.getShort(offset + DESTINATION_PORT) & 0xffff;
    }

    public int sequenceNumber() {
        return buf.getInt(offset + SEQUENCE);
    }

    public int acknowledgementNumber() {
        return buf.getInt(offset + ACKNOWLEDGEMENT);
    }

    /** Header length in octets (data offset times four). */
    public int headerLength() {
        return headerLength;
    }

    /** The eight flag bits, CWR to FIN. */
    public int flags() {
        return buf.get(offset + FLAGS) & 0xff;
    }

    public boolean hasFlags(int mask) {
        return (flags() & mask) == mask;
    }

    /** Window as sent, before any scaling. */
    public int window() {
        return buf.getShort(offset + WINDOW) & 0xffff;
    }

    public int checksum() {
        return buf.getShort(offset + CHECKSUM) & 0xffff;
    }

    public int urgentPointer() {
        return buf.getShort(offset + URGENT_POINTER) & 0xffff;
    }

    public int optionsOffset() {
        return offset + MINIMUM_HEADER_LENGTH;
    }

    public int optionsLength() {
        return headerLength - MINIMUM_HEADER_LENGTH;
    }

    public int payloadOffset() {
        return offset + headerLength;
    }

    public int payloadLength() {
        return length - headerLength;
    }

    public boolean isChecksumValid(long pseudoHeaderSum) {
        return InternetChecksum.verifies(InternetChecksum.sum(buf, offset, length, pseudoHeaderSum));
    }

    /**
     * Writes a header followed by {@code options} (may be null) with a zero checksum and urgent
     * pointer.
     *
     * @return the header length written, options and padding included
     */
    public static int emit(ByteBuffer out, int offset, int sourcePort, int destinationPort, int sequence,
            int acknowledgement, int flags, int window, TcpOptions options) {
        int optionsLength = options == null ? 0 : options.emit(out, offset + MINIMUM_HEADER_LENGTH);
        int headerLength = MINIMUM_HEADER_LENGTH + optionsLength;
        out.putShort(offset + SOURCE_PORT, (short) sourcePort);
        out.putShort(offset + DESTINATION_PORT, (short) destinationPort);
        out.putInt(offset + SEQUENCE, sequence);
        out.putInt(offset + ACKNOWLEDGEMENT, acknowledgement);
        out.put(offset + DATA_OFFSET, (byte) ((headerLength / 4) << 4));
        out.put(offset + FLAGS, (byte) flags);
        out.putShort(offset + WINDOW, (short) window);
        out.putShort(offset + CHECKSUM, (short) 0);
        out.putShort(offset + URGENT_POINTER, (short) 0);
        return headerLength;
    }

    /**
     * Computes and stores the checksum of the {@code segmentLength}-octet segment at
     * {@code offset}, header and payload in place.
     */
    public static void fillChecksum(ByteBuffer out, int offset, int segmentLength, long pseudoHeaderSum) {
        out.putShort(offset + CHECKSUM, (short) 0);
        int checksum = InternetChecksum.finish(InternetChecksum.sum(out, offset, segmentLength, pseudoHeaderSum));
        out.putShort(offset + CHECKSUM, (short) checksum);
    }
}
