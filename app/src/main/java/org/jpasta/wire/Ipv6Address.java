package org.jpasta.wire;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * An IPv6 address as two {@code long}s: {@code hi} holds octets 0..7 and {@code lo} octets 8..15,
 * each big-endian.
 *
 * <h2>Theory of operation</h2>
 * Two longs are read with two absolute {@code getLong} calls, compare with {@code ==} and need no
 * array, so views hand them out as {@code sourceHi()/sourceLo()} pairs without allocating. This
 * record packs such a pair for configuration, logs and tests, where an object is convenient;
 * the static {@link #read}/{@link #write} helpers do the same on raw buffers.
 */
public record Ipv6Address(long hi, long lo) {
    public static final int LENGTH = 16;
    public static final Ipv6Address UNSPECIFIED = new Ipv6Address(0, 0);
    /** {@code ff02::1}, all nodes on the link. */
    public static final Ipv6Address ALL_NODES = new Ipv6Address(0xff02_0000_0000_0000L, 1);

    private static final int GROUPS = 8;

    /** Reads the sixteen octets at {@code index} (allocates: not for the hot path). */
    public static Ipv6Address read(ByteBuffer buf, int index) {
        return new Ipv6Address(buf.getLong(index), buf.getLong(index + 8));
    }

    /** Writes a hi/lo pair at {@code index}. */
    public static void write(ByteBuffer buf, int index, long hi, long lo) {
        buf.putLong(index, hi);
        buf.putLong(index + 8, lo);
    }

    /** Writes this address at {@code index}. */
    public void write(ByteBuffer buf, int index) {
        write(buf, index, hi, lo);
    }

    public static boolean isUnspecified(long hi, long lo) {
        return hi == 0 && lo == 0;
    }

    public static boolean isLoopback(long hi, long lo) {
        return hi == 0 && lo == 1;
    }

    /** {@code fe80::/10}. */
    public static boolean isLinkLocal(long hi) {
        return (hi >>> 54) == (0xfe80L >>> 6);
    }

    public static boolean isMulticast(long hi) {
        return (hi >>> 56) == 0xff;
    }

    public boolean isUnspecified() {
        return isUnspecified(hi, lo);
    }

    public boolean isLinkLocal() {
        return isLinkLocal(hi);
    }

    /** The first 64 bits, with the interface identifier cleared. */
    public Ipv6Address prefix64() {
        return new Ipv6Address(hi, 0);
    }

    /**
     * Parses an IPv6 literal (no zone, no name resolution).
     *
     * @throws IllegalArgumentException if the text is not an IPv6 literal
     */
    public static Ipv6Address parse(String text) {
        if (text.indexOf(':') < 0 || text.indexOf('%') >= 0) {
            throw new IllegalArgumentException("not an IPv6 address: " + text);
        }
        try {
            // A literal containing ':' is parsed, never looked up.
            InetAddress address = InetAddress.getByName(text);
            return fromOctets(address.getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv6 address: " + text, e);
        }
    }

    /** Builds an address from 16 octets; IPv4-mapped 4-octet forms (from the JDK) are widened. */
    public static Ipv6Address fromOctets(byte[] octets) {
        if (octets.length == Ipv4Address.LENGTH) {
            long v4 = ByteBuffer.wrap(octets).getInt() & 0xffffffffL;
            return new Ipv6Address(0, 0xffff_0000_0000L | v4);
        }
        if (octets.length != LENGTH) {
            throw new IllegalArgumentException("an IPv6 address has 16 octets, not " + octets.length);
        }
        ByteBuffer buf = ByteBuffer.wrap(octets);
        return new Ipv6Address(buf.getLong(0), buf.getLong(8));
    }

    public byte[] toOctets() {
        return ByteBuffer.allocate(LENGTH).putLong(hi).putLong(lo).array();
    }

    /** Converts to the JDK type, for handing to socket APIs off the hot path. */
    public Inet6Address toInetAddress() {
        try {
            return Inet6Address.getByAddress(null, toOctets(), null);
        } catch (UnknownHostException e) {
            throw new AssertionError("sixteen octets are always a valid IPv6 address", e);
        }
    }

    /** RFC 5952 text: lower case, longest run of zero groups compressed. */
    @Override
    public String toString() {
        return format(hi, lo);
    }

    /** RFC 5952 text for a hi/lo pair. Not for the hot path. */
    public static String format(long hi, long lo) {
        int[] groups = new int[GROUPS];
        for (int i = 0; i < GROUPS; i++) {
            long half = i < 4 ? hi : lo;
            groups[i] = (int) (half >>> (48 - 16 * (i % 4))) & 0xffff;
        }
        int[] run = longestZeroRun(groups);
        StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < GROUPS; i++) {
            if (i == run[0]) {
                text.append("::");
                i += run[1] - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    /** Start and length of the longest run of at least two zero groups, or {-1, 0}. */
    private static int[] longestZeroRun(int[] groups) {
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < GROUPS; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < GROUPS && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength && i - start >= 2) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        return new int[] {bestStart, bestLength};
    }
}
