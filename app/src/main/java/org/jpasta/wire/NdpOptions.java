package org.jpasta.wire;

import java.nio.ByteBuffer;

/**
 * Cursor over the type-length-value options that follow the fixed part of an NDP message
 * (RFC 4861 section 4.6, RFC 8106 for RDNSS and DNSSL).
 *
 * <h2>Theory of operation</h2>
 * RFC 4861 says a message with any option of length zero must be discarded as a whole, so
 * {@link #wrap} walks the complete option area once before anything is used and fails with
 * {@link DropReason#BAD_OPTION} on a zero length or on an option running past the end; after
 * that, {@link #next()} can step through the options with no further bounds worries. The cursor
 * is reusable like the views. Typed accessors read the current option and are meaningful only
 * when {@link #hasExpectedLength()} says the option has its type's size (an unexpected size is
 * a reason to skip the option, not the message). Static emitters write the options pasta puts
 * in its router and neighbour advertisements.
 */
public final class NdpOptions {
    public static final int TYPE_SOURCE_LINK_LAYER_ADDRESS = 1;
    public static final int TYPE_TARGET_LINK_LAYER_ADDRESS = 2;
    public static final int TYPE_PREFIX_INFORMATION = 3;
    public static final int TYPE_REDIRECTED_HEADER = 4;
    public static final int TYPE_MTU = 5;
    public static final int TYPE_RDNSS = 25;
    public static final int TYPE_DNSSL = 31;

    /** Option lengths count units of 8 octets. */
    public static final int UNIT = 8;
    public static final int LINK_LAYER_ADDRESS_LENGTH = 8;
    public static final int PREFIX_INFORMATION_LENGTH = 32;
    public static final int MTU_LENGTH = 8;
    /** RDNSS and DNSSL header before the addresses or names. */
    public static final int DNS_OPTION_HEADER_LENGTH = 8;

    /** Prefix information flags. */
    public static final int PREFIX_FLAG_ON_LINK = 0x80;
    public static final int PREFIX_FLAG_AUTONOMOUS = 0x40;
    /** Lifetime value meaning forever. */
    public static final long INFINITE_LIFETIME = 0xffffffffL;

    private static final int TYPE = 0;
    private static final int LENGTH = 1;
    private static final int LINK_LAYER_ADDRESS = 2;
    private static final int PREFIX_LENGTH = 2;
    private static final int PREFIX_FLAGS = 3;
    private static final int VALID_LIFETIME = 4;
    private static final int PREFERRED_LIFETIME = 8;
    private static final int PREFIX_RESERVED = 12;
    private static final int PREFIX = 16;
    private static final int MTU_RESERVED = 2;
    private static final int MTU_VALUE = 4;
    private static final int DNS_RESERVED = 2;
    private static final int DNS_LIFETIME = 4;

    private ByteBuffer buf;
    private int start;
    private int end;
    private int current;
    private int currentLength;
    private DropReason dropReason;

    /**
     * Points the cursor at an option area and validates every option in it.
     *
     * @return false if an option has length zero or runs past {@code offset + length}
     */
    public boolean wrap(ByteBuffer buf, int offset, int length) {
        this.buf = buf;
        this.start = offset;
        this.end = offset + length;
        rewind();
        if (!BufferBounds.contains(buf, offset, length)) {
            return reject(DropReason.BAD_LENGTH);
        }
        for (int at = offset; at < end; ) {
            int optionLength = end - at >= 2 ? (buf.get(at + LENGTH) & 0xff) * UNIT : -1;
            if (optionLength <= 0 || optionLength > end - at) {
                return reject(DropReason.BAD_OPTION);
            }
            at += optionLength;
        }
        dropReason = null;
        return true;
    }

    /**
     * Points the cursor at the options of an NDP message.
     *
     * @return false if the message is not NDP or too short for its fixed part
     *         ({@link DropReason#TRUNCATED}), or if an option is malformed
     */
    public boolean wrap(Icmpv6Packet message) {
        if (!message.hasNdpFixedPart()) {
            this.buf = message.buffer();
            this.start = message.offset();
            rewind();
            return reject(DropReason.TRUNCATED);
        }
        return wrap(message.buffer(), message.ndpOptionsOffset(), message.ndpOptionsLength());
    }

    private boolean reject(DropReason reason) {
        dropReason = reason;
        end = start;
        return false;
    }

    public DropReason dropReason() {
        return dropReason;
    }

    /** Goes back to before the first option. */
    public void rewind() {
        current = -1;
        currentLength = 0;
    }

    /** Advances to the next option; false when there are no more. */
    public boolean next() {
        int at = current < 0 ? start : current + currentLength;
        if (at >= end) {
            return false;
        }
        current = at;
        currentLength = (buf.get(at + LENGTH) & 0xff) * UNIT;
        return true;
    }

    public int type() {
        return buf.get(current + TYPE) & 0xff;
    }

    /** Absolute index of the current option's type octet. */
    public int offset() {
        return current;
    }

    /** Length of the current option in octets, header included. */
    public int length() {
        return currentLength;
    }

    /** Whether the current option has the size its type requires (unknown types always do). */
    public boolean hasExpectedLength() {
        switch (type()) {
            case TYPE_SOURCE_LINK_LAYER_ADDRESS:
            case TYPE_TARGET_LINK_LAYER_ADDRESS:
                return currentLength == LINK_LAYER_ADDRESS_LENGTH;
            case TYPE_PREFIX_INFORMATION:
                return currentLength == PREFIX_INFORMATION_LENGTH;
            case TYPE_MTU:
                return currentLength == MTU_LENGTH;
            case TYPE_RDNSS:
                return currentLength >= DNS_OPTION_HEADER_LENGTH + Ipv6Address.LENGTH
                        && (currentLength - DNS_OPTION_HEADER_LENGTH) % Ipv6Address.LENGTH == 0;
            case TYPE_DNSSL:
                return currentLength >= DNS_OPTION_HEADER_LENGTH + UNIT;
            default:
                return true;
        }
    }

    /** The Ethernet address in a source or target link-layer address option. */
    public long linkLayerAddress() {
        return MacAddress.read(buf, current + LINK_LAYER_ADDRESS);
    }

    /**
     * Scans from the start for a well-formed link-layer address option of {@code type}.
     *
     * @return the address, or -1 if there is none
     */
    public long findLinkLayerAddress(int type) {
        rewind();
        while (next()) {
            if (type() == type && hasExpectedLength()) {
                return linkLayerAddress();
            }
        }
        return -1;
    }

    public int prefixLength() {
        return buf.get(current + PREFIX_LENGTH) & 0xff;
    }

    public int prefixFlags() {
        return buf.get(current + PREFIX_FLAGS) & 0xff;
    }

    /** Valid lifetime in seconds; {@link #INFINITE_LIFETIME} is forever. */
    public long validLifetime() {
        return buf.getInt(current + VALID_LIFETIME) & 0xffffffffL;
    }

    public long preferredLifetime() {
        return buf.getInt(current + PREFERRED_LIFETIME) & 0xffffffffL;
    }

    public long prefixHi() {
        return buf.getLong(current + PREFIX);
    }

    public long prefixLo() {
        return buf.getLong(current + PREFIX + 8);
    }

    public long mtu() {
        return buf.getInt(current + MTU_VALUE) & 0xffffffffL;
    }

    /** Lifetime of an RDNSS or DNSSL option, in seconds. */
    public long dnsLifetime() {
        return buf.getInt(current + DNS_LIFETIME) & 0xffffffffL;
    }

    public int rdnssAddressCount() {
        return (currentLength - DNS_OPTION_HEADER_LENGTH) / Ipv6Address.LENGTH;
    }

    public long rdnssAddressHi(int index) {
        return buf.getLong(current + DNS_OPTION_HEADER_LENGTH + index * Ipv6Address.LENGTH);
    }

    public long rdnssAddressLo(int index) {
        return buf.getLong(current + DNS_OPTION_HEADER_LENGTH + index * Ipv6Address.LENGTH + 8);
    }

    /** Absolute index of a DNSSL option's encoded domain names (zero padded). */
    public int dnsslNamesOffset() {
        return current + DNS_OPTION_HEADER_LENGTH;
    }

    public int dnsslNamesLength() {
        return currentLength - DNS_OPTION_HEADER_LENGTH;
    }

    /** Writes a source or target link-layer address option; returns 8. */
    public static int emitLinkLayerAddress(ByteBuffer out, int offset, int type, long mac) {
        out.put(offset + TYPE, (byte) type);
        out.put(offset + LENGTH, (byte) 1);
        MacAddress.write(out, offset + LINK_LAYER_ADDRESS, mac);
        return LINK_LAYER_ADDRESS_LENGTH;
    }

    /** Writes a prefix information option; returns 32. */
    public static int emitPrefixInformation(ByteBuffer out, int offset, int prefixLength, int flags,
            long validLifetime, long preferredLifetime, long prefixHi, long prefixLo) {
        out.put(offset + TYPE, (byte) TYPE_PREFIX_INFORMATION);
        out.put(offset + LENGTH, (byte) (PREFIX_INFORMATION_LENGTH / UNIT));
        out.put(offset + PREFIX_LENGTH, (byte) prefixLength);
        out.put(offset + PREFIX_FLAGS, (byte) flags);
        out.putInt(offset + VALID_LIFETIME, (int) validLifetime);
        out.putInt(offset + PREFERRED_LIFETIME, (int) preferredLifetime);
        out.putInt(offset + PREFIX_RESERVED, 0);
        Ipv6Address.write(out, offset + PREFIX, prefixHi, prefixLo);
        return PREFIX_INFORMATION_LENGTH;
    }

    /** Writes an MTU option; returns 8. */
    public static int emitMtu(ByteBuffer out, int offset, long mtu) {
        out.put(offset + TYPE, (byte) TYPE_MTU);
        out.put(offset + LENGTH, (byte) 1);
        out.putShort(offset + MTU_RESERVED, (short) 0);
        out.putInt(offset + MTU_VALUE, (int) mtu);
        return MTU_LENGTH;
    }

    /** Writes the 8-octet header of an RDNSS option for {@code addressCount} addresses. */
    public static int emitRdnssHeader(ByteBuffer out, int offset, long lifetime, int addressCount) {
        int length = DNS_OPTION_HEADER_LENGTH + addressCount * Ipv6Address.LENGTH;
        return emitDnsOptionHeader(out, offset, TYPE_RDNSS, length, lifetime);
    }

    /**
     * Writes a DNSSL option around already encoded names (RFC 1035 labels), zero padding them
     * to a multiple of 8 octets.
     *
     * @return the option length
     */
    public static int emitDnssl(ByteBuffer out, int offset, long lifetime, byte[] encodedNames) {
        int namesLength = (encodedNames.length + UNIT - 1) / UNIT * UNIT;
        int length = DNS_OPTION_HEADER_LENGTH + namesLength;
        emitDnsOptionHeader(out, offset, TYPE_DNSSL, length, lifetime);
        out.put(offset + DNS_OPTION_HEADER_LENGTH, encodedNames);
        for (int i = encodedNames.length; i < namesLength; i++) {
            out.put(offset + DNS_OPTION_HEADER_LENGTH + i, (byte) 0);
        }
        return length;
    }

    private static int emitDnsOptionHeader(ByteBuffer out, int offset, int type, int length, long lifetime) {
        out.put(offset + TYPE, (byte) type);
        out.put(offset + LENGTH, (byte) (length / UNIT));
        out.putShort(offset + DNS_RESERVED, (short) 0);
        out.putInt(offset + DNS_LIFETIME, (int) lifetime);
        return DNS_OPTION_HEADER_LENGTH;
    }
}
