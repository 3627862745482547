package org.jpasta.wire;

import java.nio.ByteBuffer;

/**
 * 48-bit Ethernet addresses carried as {@code long}.
 *
 * <h2>Theory of operation</h2>
 * A {@code long} holds a MAC with no allocation and compares with {@code ==}. The 48 bits sit in
 * the low bits of the long, first octet most significant, so {@code 9a:55:9a:55:9a:55} is
 * {@code 0x9a559a559a55L}. {@link #read} and {@link #write} are the hot-path converters;
 * {@link #format} and {@link #parse} are for configuration, logs and tests.
 */
public final class MacAddress {
    /** Octets in an Ethernet address. */
    public static final int LENGTH = 6;
    /** pasta's own tap-side address, {@code 9a:55:9a:55:9a:55}. */
    public static final long PASTA_DEFAULT = 0x9a559a559a55L;
    public static final long BROADCAST = 0xffffffffffffL;
    public static final long ZERO = 0L;

    private static final long GROUP_BIT = 0x010000000000L;

    private MacAddress() {
    }

    /** Reads the six octets at {@code index}. */
    public static long read(ByteBuffer buf, int index) {
        long high = buf.getShort(index) & 0xffffL;
        long low = buf.getInt(index + 2) & 0xffffffffL;
        return (high << 32) | low;
    }

    /** Writes the six octets of {@code mac} at {@code index}. */
    public static void write(ByteBuffer buf, int index, long mac) {
        buf.putShort(index, (short) (mac >>> 32));
        buf.putInt(index + 2, (int) mac);
    }

    /** True for multicast and broadcast addresses (I/G bit set): never a valid source. */
    public static boolean isGroup(long mac) {
        return (mac & GROUP_BIT) != 0;
    }

    /** Formats as {@code aa:bb:cc:dd:ee:ff}. Not for the hot path. */
    public static String format(long mac) {
        StringBuilder text = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8) {
            if (shift != 40) {
                text.append(':');
            }
            int octet = (int) (mac >>> shift) & 0xff;
            text.append(Character.forDigit(octet >>> 4, 16)).append(Character.forDigit(octet & 0xf, 16));
        }
        return text.toString();
    }

    /**
     * Parses {@code aa:bb:cc:dd:ee:ff} (or with {@code -} separators).
     *
     * @throws IllegalArgumentException if the text is not a MAC address
     */
    public static long parse(String text) {
        String[] octets = text.split("[:-]", -1);
        if (octets.length != LENGTH) {
            throw new IllegalArgumentException("not a MAC address: " + text);
        }
        long mac = 0;
        for (String octet : octets) {
            mac = (mac << 8) | parseOctet(octet, text);
        }
        return mac;
    }

    private static int parseOctet(String octet, String text) {
        if (octet.isEmpty() || octet.length() > 2) {
            throw new IllegalArgumentException("not a MAC address: " + text);
        }
        try {
            return Integer.parseInt(octet, 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a MAC address: " + text, e);
        }
    }
}
