package org.jpasta.wire;

import java.nio.ByteBuffer;

/**
 * View of an ICMP message (RFC 792).
 *
 * <h2>Theory of operation</h2>
 * pasta only relays echo requests and replies, so the view exposes the common 8-octet header
 * (type, code, checksum and the identifier/sequence pair of echo messages) and the payload
 * bounds. {@link #wrap} requires those 8 octets, as pasta does. {@link #emitHeader} writes a
 * header with a zero checksum; {@link #fillChecksum} computes it once the payload is in place.
 */
public final class Icmpv4Packet extends PacketView {
    public static final int HEADER_LENGTH = 8;

    public static final int TYPE_ECHO_REPLY = 0;
    public static final int TYPE_DESTINATION_UNREACHABLE = 3;
    public static final int TYPE_ECHO_REQUEST = 8;
    public static final int TYPE_TIME_EXCEEDED = 11;

    private static final int TYPE = 0;
    private static final int CODE = 1;
    private static final int CHECKSUM = 2;
    private static final int IDENTIFIER = 4;
    private static final int SEQUENCE = 6;


    /**
     * Points this view at an ICMP message of exactly {@code length} octets (the IP payload).
     *
     * @return false if shorter than the 8-octet header
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

    /** Echo identifier (meaningful for echo request/reply). */
    public int identifier() {
        return buf.getShort(offset + IDENTIFIER) & 0xffff;
    }

    /** Echo sequence number (meaningful for echo request/reply). */
    public int sequence() {
        return buf.getShort(offset + SEQUENCE) & 0xffff;
    }

    public boolean isEcho() {
        return type() == TYPE_ECHO_REQUEST || type() == TYPE_ECHO_REPLY;
    }

    public int payloadOffset() {
        return offset + HEADER_LENGTH;
    }

    public int payloadLength() {
        return length - HEADER_LENGTH;
    }

    /** ICMP for IPv4 has no pseudo-header: the sum covers the message alone. */
    public boolean isChecksumValid() {
        return InternetChecksum.verifies(InternetChecksum.sum(buf, offset, length));
    }

    /**
     * Writes an ICMP header with a zero checksum; {@code restOfHeader} is the 32-bit field after
     * the checksum (identifier and sequence for echo messages).
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

    /** Computes and stores the checksum of the {@code length}-octet message at {@code offset}. */
    public static void fillChecksum(ByteBuffer out, int offset, int length) {
        out.putShort(offset + CHECKSUM, (short) 0);
        out.putShort(offset + CHECKSUM, (short) InternetChecksum.compute(out, offset, length));
    }
}
