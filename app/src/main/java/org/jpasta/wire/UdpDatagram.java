package org.jpasta.wire;

import java.nio.ByteBuffer;

/**
 * View of a UDP datagram (RFC 768).
 *
 * <h2>Theory of operation</h2>
 * {@link #wrap} takes the IP payload and checks the UDP length field against it: at least the
 * 8-octet header and no more than what IP delivered. The length field then bounds the payload,
 * as in the kernel. Checksums are only verified on request ({@link #isChecksumValid}), because
 * the tap is fed by the local kernel. Emitting is split in two so that IPv4 callers can skip
 * the optional checksum as pasta does: {@link #emitHeader} leaves it zero, {@link #fillChecksum}
 * computes it over the pseudo-header, header and payload.
 */
public final class UdpDatagram extends PacketView {
    public static final int HEADER_LENGTH = 8;

    private static final int SOURCE_PORT = 0;
    private static final int DESTINATION_PORT = 2;
    private static final int LENGTH = 4;
    private static final int CHECKSUM = 6;


    /**
     * Points this view at a datagram; {@code length} is the IP payload length.
     *
     * @return false if the header is truncated or the length field is inconsistent
     */
    public boolean wrap(ByteBuffer buf, int offset, int length) {
        if (!point(buf, offset, length)) {
            return false;
        }
        if (length < HEADER_LENGTH) {
            return reject(DropReason.TRUNCATED);
        }
        this.length = buf.getShort(offset + LENGTH) & 0xffff;
        if (this.length < HEADER_LENGTH || this.length > length) {
            return reject(DropReason.BAD_LENGTH);
        }
        return true;
    }

    public int sourcePort() {
        return buf.getShort(offset + SOURCE_PORT) & 0xffff;
    }

    public int destinationPort() {
        return buf.getShort(offset + DESTINATION_PORT) & 0xffff;
    }

    /** The UDP length field: header plus payload. */
    public int length() {
        return length;
    }

    public int checksum() {
        return buf.getShort(offset + CHECKSUM) & 0xffff;
    }

    public int payloadOffset() {
        return offset + HEADER_LENGTH;
    }

    public int payloadLength() {
        return length - HEADER_LENGTH;
    }

    /**
     * Verifies the checksum against a pseudo-header sum built with this datagram's length. A zero
     * checksum means "none" and passes; it is only legal over IPv4, which the caller knows.
     */
    public boolean isChecksumValid(long pseudoHeaderSum) {
        if (checksum() == 0) {
            return true;
        }
        return InternetChecksum.verifies(InternetChecksum.sum(buf, offset, length, pseudoHeaderSum));
    }

    /**
     * Writes a header with a zero checksum for {@code payloadLength} octets of payload.
     *
     * @return the number of octets written, {@link #HEADER_LENGTH}
     */
    public static int emitHeader(ByteBuffer out, int offset, int sourcePort, int destinationPort,
            int payloadLength) {
        out.putShort(offset + SOURCE_PORT, (short) sourcePort);
        out.putShort(offset + DESTINATION_PORT, (short) destinationPort);
        out.putShort(offset + LENGTH, (short) (HEADER_LENGTH + payloadLength));
        out.putShort(offset + CHECKSUM, (short) 0);
        return HEADER_LENGTH;
    }

    /**
     * Computes and stores the checksum of the datagram at {@code offset}, whose length field is
     * already set. A computed zero is sent as 0xffff, since zero means "no checksum".
     */
    public static void fillChecksum(ByteBuffer out, int offset, long pseudoHeaderSum) {
        int datagramLength = out.getShort(offset + LENGTH) & 0xffff;
        out.putShort(offset + CHECKSUM, (short) 0);
        int checksum = InternetChecksum.finish(InternetChecksum.sum(out, offset, datagramLength, pseudoHeaderSum));
        out.putShort(offset + CHECKSUM, (short) (checksum == 0 ? 0xffff : checksum));
    }
}
