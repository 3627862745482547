package org.jpasta.cli;

import java.util.Arrays;

import org.jpasta.fwd.CNumber;
import org.jpasta.fwd.CString;

/**
 * A 48-bit Ethernet address, parsed with pasta's rules and printed in its lower-case colon form.
 *
 * <p>Theory of operation: pasta checks the text length (17 bytes) and then converts each octet with
 * {@code strtoul(..., 16)}, requiring it to end exactly two characters later at a colon (or the end).
 * That accepts a little more than the canonical form ({@code "+a"} or {@code " a"} as an octet) and this
 * class accepts exactly the same.
 */
public final class MacAddress {
    /** pasta's own address as the namespace sees it ({@code MAC_OUR_LAA}). */
    public static final MacAddress PASTA_DEFAULT = new MacAddress(new byte[] {
        (byte) 0x9a, 0x55, (byte) 0x9a, 0x55, (byte) 0x9a, 0x55});

    private static final int LENGTH = 6;

    private final byte[] bytes;

    private MacAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    public static MacAddress of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a MAC address has 6 bytes, not " + bytes.length);
        }
        return new MacAddress(bytes.clone());
    }

    /** Parses {@code text} as pasta's {@code parse_mac()}, or returns {@code null}. */
    public static MacAddress parse(String text) {
        if (CString.length(text) != LENGTH * 3 - 1 || text.length() != LENGTH * 3 - 1) {
            return null;
        }
        byte[] bytes = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            int start = 3 * i;
            CNumber octet = CNumber.strtoul(text, start, 16);
            char expectedEnd = i == LENGTH - 1 ? '\0' : ':';
            char actualEnd = octet.end() < text.length() ? text.charAt(octet.end()) : '\0';
            if (octet.overflow() || Long.compareUnsigned(octet.value(), 255) > 0
                    || octet.end() != start + 2 || actualEnd != expectedEnd) {
                return null;
            }
            bytes[i] = (byte) octet.value();
        }
        return new MacAddress(bytes);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** The address as a 48-bit number, first octet most significant. */
    public long toLong() {
        long value = 0;
        for (byte b : bytes) {
            value = (value << 8) | (b & 0xff);
        }
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MacAddress && Arrays.equals(bytes, ((MacAddress) other).bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** {@code aa:bb:cc:dd:ee:ff}, as pasta's {@code eth_ntop()}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            if (text.length() > 0) {
                text.append(':');
            }
            text.append(String.format("%02x", b & 0xff));
        }
        return text.toString();
    }
}
