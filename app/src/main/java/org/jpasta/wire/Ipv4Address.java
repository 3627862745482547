package org.jpasta.wire;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IPv4 addresses carried as {@code int}.
 *
 * <h2>Theory of operation</h2>
 * The {@code int} is the address in network order read as a big-endian number, so
 * {@code 192.0.2.1} is {@code 0xc0000201} and {@code ByteBuffer.getInt} on a big-endian buffer
 * yields it directly. Comparisons are {@code ==}; nothing is allocated on the hot path. The
 * helpers here convert to and from text for configuration, logs and tests.
 */
public final class Ipv4Address {
    public static final int LENGTH = 4;
    public static final int UNSPECIFIED = 0;
    public static final int BROADCAST = 0xffffffff;

    private Ipv4Address() {
    }

    /** Loopback is the whole 127.0.0.0/8. */
    public static boolean isLoopback(int address) {
        return (address >>> 24) == 127;
    }

    public static boolean isMulticast(int address) {
        return (address >>> 28) == 0xe;
    }

    /** Dotted-quad text. Not for the hot path. */
    public static String format(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "."
                + (address & 0xff);
    }

    /**
     * Parses dotted-quad text; never resolves names.
     *
     * @throws IllegalArgumentException if the text is not an IPv4 literal
     */
    public static int parse(String text) {
        String[] octets = text.split("\\.", -1);
        if (octets.length != LENGTH) {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        int address = 0;
        for (String octet : octets) {
            address = (address << 8) | parseOctet(octet, text);
        }
        return address;
    }

    private static int parseOctet(String octet, String text) {
        if (octet.isEmpty() || octet.length() > 3 || !octet.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        int value = Integer.parseInt(octet);
        if (value > 255) {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        return value;
    }

    /** Converts to the JDK type, for handing to socket APIs off the hot path. */
    public static Inet4Address toInetAddress(int address) {
        byte[] octets = {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
        try {
            return (Inet4Address) InetAddress.getByAddress(octets);
        } catch (UnknownHostException e) {
            throw new AssertionError("four octets are always a valid IPv4 address", e);
        }
    }

    /** Converts from the JDK type. */
    public static int fromInetAddress(Inet4Address address) {
        byte[] octets = address.getAddress();
        return (octets[0] & 0xff) << 24 | (octets[1] & 0xff) << 16 | (octets[2] & 0xff) << 8 | (octets[3] & 0xff);
    }
}
