package org.jpasta.wire;

import java.nio.ByteBuffer;

/**
 * View of an IPv6 packet (RFC 8200), with the extension-header chain already walked.
 *
 * <h2>Theory of operation</h2>
 * Everything a handler needs is the upper-layer protocol and where its header starts, so
 * {@link #wrap} walks the extension headers once and remembers the result. The walk is bounded
 * by the payload length and every step consumes at least eight octets, so a hostile chain can
 * neither loop nor run off the end: a header that does not fit is reported as
 * {@link DropReason#TRUNCATED}. Hop-by-hop options anywhere but first are rejected as RFC 8200
 * requires, ESP hides what follows and is {@link DropReason#UNSUPPORTED}. A fragment header
 * for a real fragment stops the walk and sets {@link #isFragment()}, since the upper-layer
 * header is only in the first fragment and pasta does not reassemble anyway; an atomic
 * fragment (offset 0, no more fragments) is walked through.
 *
 * <p>The payload-length field bounds the packet. Unlike pasta, which drops IPv6 frames whose
 * payload length is not exactly the rest of the frame, trailing octets (link padding) are
 * trimmed, as the kernel and the IPv4 path do; a payload length beyond the frame is
 * {@link DropReason#BAD_LENGTH}.
 */
public final class Ipv6Packet extends PacketView {
    public static final int HEADER_LENGTH = 40;
    public static final int DEFAULT_HOP_LIMIT = 255;

    private static final int VERSION_CLASS_FLOW = 0;
    private static final int PAYLOAD_LENGTH = 4;
    private static final int NEXT_HEADER = 6;
    private static final int HOP_LIMIT = 7;
    /** Offset of the source address, also for code that reads headers it wrote itself. */
    public static final int SOURCE = 8;
    private static final int DESTINATION = 24;

    private static final int EXTENSION_NEXT_HEADER = 0;
    private static final int EXTENSION_LENGTH = 1;
    private static final int FRAGMENT_HEADER_LENGTH = 8;
    private static final int FRAGMENT_OFFSET_FLAGS = 2;
    private static final int FRAGMENT_OFFSET_MASK = 0xfff8;
    private static final int FRAGMENT_MORE = 0x1;

    private int payloadLength;
    private int upperLayerProtocol;
    private int upperLayerOffset;
    private boolean fragment;

    /**
     * Points this view at an IPv6 packet and walks its extension headers.
     *
     * @return false if the packet is malformed or unparseable; see {@link #dropReason()}
     */
    public boolean wrap(ByteBuffer buf, int offset, int length) {
        this.fragment = false;
        if (!point(buf, offset, length)) {
            return false;
        }
        if (length < HEADER_LENGTH) {
            return reject(DropReason.TRUNCATED);
        }
        if ((buf.get(offset + VERSION_CLASS_FLOW) & 0xf0) != 0x60) {
            return reject(DropReason.BAD_HEADER);
        }
        payloadLength = buf.getShort(offset + PAYLOAD_LENGTH) & 0xffff;
        if (payloadLength > length - HEADER_LENGTH) {
            return reject(DropReason.BAD_LENGTH);
        }
        return walkExtensionHeaders();
    }

    /** Follows next-header values until a non-extension header, filling the upper-layer fields. */
    private boolean walkExtensionHeaders() {
        int next = nextHeader();
        int cursor = offset + HEADER_LENGTH;
        int end = cursor + payloadLength;
        boolean first = true;
        while (true) {
            int length;
            switch (next) {
                case IpProtocol.HOP_BY_HOP:
                    if (!first) {
                        return reject(DropReason.BAD_HEADER);
                    }
                    length = optionsHeaderLength(cursor, end);
                    break;
                case IpProtocol.ROUTING:
                case IpProtocol.DESTINATION_OPTIONS:
                case IpProtocol.MOBILITY:
                case IpProtocol.HIP:
                case IpProtocol.SHIM6:
                case IpProtocol.EXPERIMENT_1:
                case IpProtocol.EXPERIMENT_2:
                    length = optionsHeaderLength(cursor, end);
                    break;
                case IpProtocol.AH:
                    length = authenticationHeaderLength(cursor, end);
                    break;
                case IpProtocol.FRAGMENT:
                    length = end - cursor >= FRAGMENT_HEADER_LENGTH ? FRAGMENT_HEADER_LENGTH : -1;
                    break;
                case IpProtocol.ESP:
                    return reject(DropReason.UNSUPPORTED);
                default:
                    return foundUpperLayer(next, cursor);
            }
            if (length < 0 || length > end - cursor) {
                return reject(DropReason.TRUNCATED);
            }
            if (next == IpProtocol.FRAGMENT && isRealFragment(cursor)) {
                fragment = true;
                return foundUpperLayer(buf.get(cursor + EXTENSION_NEXT_HEADER) & 0xff, cursor + length);
            }
            next = buf.get(cursor + EXTENSION_NEXT_HEADER) & 0xff;
            cursor += length;
            first = false;
        }
    }

    /** Length of a header whose length octet counts 8-octet units beyond the first, or -1. */
    private int optionsHeaderLength(int cursor, int end) {
        if (end - cursor < 2) {
            return -1;
        }
        return ((buf.get(cursor + EXTENSION_LENGTH) & 0xff) + 1) * 8;
    }

    /** AH counts 4-octet units beyond the first two (RFC 4302). */
    private int authenticationHeaderLength(int cursor, int end) {
        if (end - cursor < 2) {
            return -1;
        }
        return ((buf.get(cursor + EXTENSION_LENGTH) & 0xff) + 2) * 4;
    }

    private boolean isRealFragment(int fragmentHeader) {
        int offsetFlags = buf.getShort(fragmentHeader + FRAGMENT_OFFSET_FLAGS) & 0xffff;
        return (offsetFlags & (FRAGMENT_OFFSET_MASK | FRAGMENT_MORE)) != 0;
    }

    private boolean foundUpperLayer(int protocol, int at) {
        upperLayerProtocol = protocol;
        upperLayerOffset = at;
        return true;
    }

    public int trafficClass() {
        return (buf.getShort(offset + VERSION_CLASS_FLOW) >>> 4) & 0xff;
    }

    /** The 20-bit flow label. */
    public int flowLabel() {
        return buf.getInt(offset + VERSION_CLASS_FLOW) & 0xfffff;
    }

    public int payloadLength() {
        return payloadLength;
    }

    /** Header length plus payload length: the packet without link padding. */
    public int totalLength() {
        return HEADER_LENGTH + payloadLength;
    }

    /** The next-header field of the fixed header (the first extension header, if any). */
    public int nextHeader() {
        return buf.get(offset + NEXT_HEADER) & 0xff;
    }

    public int hopLimit() {
        return buf.get(offset + HOP_LIMIT) & 0xff;
    }

    public long sourceHi() {
        return buf.getLong(offset + SOURCE);
    }

    public long sourceLo() {
        return buf.getLong(offset + SOURCE + 8);
    }

    public long destinationHi() {
        return buf.getLong(offset + DESTINATION);
    }

    public long destinationLo() {
        return buf.getLong(offset + DESTINATION + 8);
    }

    /** Copies the source address into {@code target[at..at+15]}. */
    public void copySource(byte[] target, int at) {
        buf.get(offset + SOURCE, target, at, Ipv6Address.LENGTH);
    }

    /** Copies the destination address into {@code target[at..at+15]}. */
    public void copyDestination(byte[] target, int at) {
        buf.get(offset + DESTINATION, target, at, Ipv6Address.LENGTH);
    }

    /** Protocol after the extension headers (for a non-first fragment, the fragment's next header). */
    public int upperLayerProtocol() {
        return upperLayerProtocol;
    }

    /** Absolute index of the upper-layer header. */
    public int upperLayerOffset() {
        return upperLayerOffset;
    }

    public int upperLayerLength() {
        return offset + HEADER_LENGTH + payloadLength - upperLayerOffset;
    }

    /** A fragment header with a non-zero offset or the more-fragments flag was found. */
    public boolean isFragment() {
        return fragment;
    }

    /** Unfolded pseudo-header sum for this packet's upper-layer checksum. */
    public long pseudoHeaderSum() {
        return InternetChecksum.ipv6PseudoHeader(sourceHi(), sourceLo(), destinationHi(), destinationLo(),
                upperLayerProtocol, upperLayerLength());
    }

    /**
     * Writes a 40-octet header (traffic class 0).
     *
     * @return the number of octets written, {@link #HEADER_LENGTH}
     */
    public static int emitHeader(ByteBuffer out, int offset, int nextHeader, int payloadLength, int hopLimit,
            int flowLabel, long sourceHi, long sourceLo, long destinationHi, long destinationLo) {
        out.putInt(offset + VERSION_CLASS_FLOW, 0x6000_0000 | (flowLabel & 0xfffff));
        out.putShort(offset + PAYLOAD_LENGTH, (short) payloadLength);
        out.put(offset + NEXT_HEADER, (byte) nextHeader);
        out.put(offset + HOP_LIMIT, (byte) hopLimit);
        Ipv6Address.write(out, offset + SOURCE, sourceHi, sourceLo);
        Ipv6Address.write(out, offset + DESTINATION, destinationHi, destinationLo);
        return HEADER_LENGTH;
    }
}
