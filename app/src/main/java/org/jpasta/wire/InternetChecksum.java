package org.jpasta.wire;

import java.nio.ByteBuffer;

/**
 * The Internet checksum (RFC 1071): one's complement sum of 16-bit big-endian words.
 *
 * <h2>Theory of operation</h2>
 * Sums are kept <em>unfolded</em> in a {@code long} so that pieces can be added together: a
 * pseudo-header sum from {@link #ipv4PseudoHeader} or {@link #ipv6PseudoHeader}, plus the sum of
 * a header, plus the sum of a payload, folded and complemented once at the end by
 * {@link #finish}. Because one's complement addition is associative and 2<sup>16</sup> &equiv; 1
 * (mod 2<sup>16</sup>&minus;1), the data can be consumed eight octets at a time with
 * {@code getLong}: each long is split into two 32-bit halves that are added to the accumulator,
 * which cannot overflow for anything shorter than several gigabytes. The buffer must be
 * big-endian (the {@code ByteBuffer} default).
 *
 * <p>Partial sums combine correctly only when every piece except the last starts at an even
 * distance from the start of the checksummed data, which is always true for the header-sized
 * pieces used here (pseudo-headers, 8/20/40-octet headers).
 */
public final class InternetChecksum {
    private static final long LOW_32 = 0xffffffffL;

    private InternetChecksum() {
    }

    /**
     * Adds the 16-bit words of {@code length} octets at {@code offset} to {@code initial}. An odd
     * final octet is padded with a zero octet on the right, as RFC 1071 prescribes.
     */
    public static long sum(ByteBuffer buf, int offset, int length, long initial) {
        long acc = initial;
        int index = offset;
        int end = offset + length;
        for (; index + Long.BYTES <= end; index += Long.BYTES) {
            long word = buf.getLong(index);
            acc += (word >>> 32) + (word & LOW_32);
        }
        if (index + Integer.BYTES <= end) {
            acc += buf.getInt(index) & LOW_32;
            index += Integer.BYTES;
        }
        if (index + Short.BYTES <= end) {
            acc += buf.getShort(index) & 0xffffL;
            index += Short.BYTES;
        }
        if (index < end) {
            acc += (buf.get(index) & 0xffL) << 8;
        }
        return acc;
    }

    /** Sum over a region, starting from zero. */
    public static long sum(ByteBuffer buf, int offset, int length) {
        return sum(buf, offset, length, 0);
    }

    /** Adds a 64-bit quantity (e.g. half an IPv6 address) as four 16-bit words. */
    public static long addLong(long acc, long value) {
        return acc + (value >>> 32) + (value & LOW_32);
    }

    /** Folds an unfolded sum to 16 bits with end-around carry. */
    public static int fold(long sum) {
        long folded = (sum & LOW_32) + (sum >>> 32);
        folded = (folded & LOW_32) + (folded >>> 32);
        while ((folded >>> 16) != 0) {
            folded = (folded & 0xffff) + (folded >>> 16);
        }
        return (int) folded;
    }

    /** The value to store in a checksum field: the complement of the folded sum. */
    public static int finish(long sum) {
        return ~fold(sum) & 0xffff;
    }

    /** A region including its checksum field verifies when its sum folds to 0xffff. */
    public static boolean verifies(long sumIncludingChecksumField) {
        return fold(sumIncludingChecksumField) == 0xffff;
    }

    /** Complete checksum of one region: what a header checksum field must hold. */
    public static int compute(ByteBuffer buf, int offset, int length) {
        return finish(sum(buf, offset, length, 0));
    }

    /** Unfolded sum of the IPv4 pseudo-header (RFC 768, RFC 793). */
    public static long ipv4PseudoHeader(int source, int destination, int protocol, int l4Length) {
        return (source & LOW_32) + (destination & LOW_32) + protocol + l4Length;
    }

    /** Unfolded sum of the IPv6 pseudo-header (RFC 8200 section 8.1). */
    public static long ipv6PseudoHeader(long sourceHi, long sourceLo, long destinationHi, long destinationLo,
            int nextHeader, int l4Length) {
        long acc = addLong(0, sourceHi);
        acc = addLong(acc, sourceLo);
        acc = addLong(acc, destinationHi);
        acc = addLong(acc, destinationLo);
        return acc + (l4Length & LOW_32) + nextHeader;
    }
}
