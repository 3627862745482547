package org.jpasta.fwd;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Conversion between IP addresses and their text form, exactly as glibc's {@code inet_pton()} and
 * {@code inet_ntop()} do it.
 *
 * <p>Theory of operation: {@link InetAddress#getByName(String)} resolves host names, accepts shorthand
 * such as {@code 10.1} and scoped IPv6 addresses, so it would accept options pasta refuses. pasta's
 * grammar is built on {@code inet_pton()}: four dotted decimal octets with no leading zeros, or RFC 4291
 * IPv6 text with at most one {@code ::} and an optional trailing dotted quad. Messages and rule printouts
 * use {@code inet_ntop()}'s canonical form (lower-case hex, the longest run of two or more zero groups
 * compressed, the first run on ties, {@code ::a.b.c.d} for IPv4-compatible addresses). Both directions
 * are implemented here from those rules. IPv6 results keep their 16 bytes even when they are
 * IPv4-mapped; {@link #unmapIpv4(InetAddress)} turns them into IPv4 where pasta's "inany" logic would.
 */
public final class AddressText {
    /** {@code INET_ADDRSTRLEN}: longest IPv4 text plus terminator. */
    public static final int INET_ADDRSTRLEN = 16;
    /** {@code INET6_ADDRSTRLEN}: longest IPv6 text plus terminator. */
    public static final int INET6_ADDRSTRLEN = 46;

    private AddressText() {
    }

    /** {@code inet_pton(AF_INET, text)}, or {@code null} if it would return 0. */
    public static Inet4Address parseIpv4(String text) {
        byte[] bytes = ipv4Bytes(text, 0, text.length());
        return bytes == null ? null : (Inet4Address) fromBytes(bytes);
    }

    /** {@code inet_pton(AF_INET6, text)}, or {@code null} if it would return 0. Never unmapped. */
    public static Inet6Address parseIpv6(String text) {
        byte[] bytes = ipv6Bytes(text);
        if (bytes == null) {
            return null;
        }
        try {
            return Inet6Address.getByAddress(null, bytes, -1);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are always a valid IPv6 address", e);
        }
    }

    /** An IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) as IPv4; any other address unchanged. */
    public static InetAddress unmapIpv4(InetAddress address) {
        if (address instanceof Inet6Address && AddressKind.isIpv4Mapped(address)) {
            return fromBytes(Arrays.copyOfRange(address.getAddress(), 12, 16));
        }
        return address;
    }

    /** {@code inet_ntop()} of the address. */
    public static String format(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == 4 ? formatIpv4(bytes, 0) : formatIpv6(bytes);
    }

    /** Wraps raw bytes (4 or 16) without any conversion of IPv4-mapped forms. */
    public static InetAddress fromBytes(byte[] bytes) {
        try {
            if (bytes.length == 16) {
                return Inet6Address.getByAddress(null, bytes, -1);
            }
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + bytes.length, e);
        }
    }

    private static byte[] ipv4Bytes(String text, int from, int to) {
        byte[] octets = new byte[4];
        int octetCount = 0;
        int current = 0;
        boolean sawDigit = false;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                int next = current * 10 + (c - '0');
                if ((sawDigit && current == 0) || next > 255) {
                    return null;
                }
                current = next;
                if (!sawDigit) {
                    if (++octetCount > 4) {
                        return null;
                    }
                    sawDigit = true;
                }
                octets[octetCount - 1] = (byte) current;
            } else if (c == '.' && sawDigit) {
                if (octetCount == 4) {
                    return null;
                }
                current = 0;
                sawDigit = false;
            } else {
                return null;
            }
        }
        return octetCount < 4 ? null : octets;
    }

    private static byte[] ipv6Bytes(String text) {
        byte[] out = new byte[16];
        int length = text.length();
        int i = 0;
        if (length == 0) {
            return null;
        }
        if (text.charAt(0) == ':') {
            i++;
            if (i == length || text.charAt(i) != ':') {
                return null;
            }
        }
        int written = 0;
        int compressionAt = -1;
        int tokenStart = i;
        int hexDigits = 0;
        int value = 0;
        while (i < length) {
            char c = text.charAt(i++);
            int digit = Character.digit(c, 16);
            if (digit >= 0 && c < 128) {
                if (hexDigits == 4) {
                    return null;
                }
                value = (value << 4) | digit;
                hexDigits++;
                continue;
            }
            if (c == ':') {
                tokenStart = i;
                if (hexDigits == 0) {
                    if (compressionAt >= 0) {
                        return null;
                    }
                    compressionAt = written;
                    continue;
                } else if (i == length) {
                    return null;
                }
                if (written + 2 > 16) {
                    return null;
                }
                out[written++] = (byte) (value >> 8);
                out[written++] = (byte) value;
                hexDigits = 0;
                value = 0;
                continue;
            }
            if (c == '.' && written + 4 <= 16) {
                byte[] v4 = ipv4Bytes(text, tokenStart, length);
                if (v4 == null) {
                    return null;
                }
                System.arraycopy(v4, 0, out, written, 4);
                written += 4;
                hexDigits = 0;
                break;
            }
            return null;
        }
        if (hexDigits > 0) {
            if (written + 2 > 16) {
                return null;
            }
            out[written++] = (byte) (value >> 8);
            out[written++] = (byte) value;
        }
        if (compressionAt >= 0) {
            if (written == 16) {
                return null;
            }
            int tail = written - compressionAt;
            System.arraycopy(out, compressionAt, out, 16 - tail, tail);
            Arrays.fill(out, compressionAt, 16 - tail, (byte) 0);
            written = 16;
        }
        return written == 16 ? out : null;
    }

    private static String formatIpv4(byte[] bytes, int offset) {
        return (bytes[offset] & 0xff) + "." + (bytes[offset + 1] & 0xff) + "."
                + (bytes[offset + 2] & 0xff) + "." + (bytes[offset + 3] & 0xff);
    }

    private static String formatIpv6(byte[] bytes) {
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestBase = -1;
        int bestLength = 0;
        int runBase = -1;
        int runLength = 0;
        for (int i = 0; i <= 8; i++) {
            if (i < 8 && words[i] == 0) {
                if (runBase < 0) {
                    runBase = i;
                    runLength = 0;
                }
                runLength++;
            } else if (runBase >= 0) {
                if (bestBase < 0 || runLength > bestLength) {
                    bestBase = runBase;
                    bestLength = runLength;
                }
                runBase = -1;
            }
        }
        if (bestLength < 2) {
            bestBase = -1;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLength) {
                if (i == bestBase) {
                    text.append(':');
                }
                continue;
            }
            if (i != 0) {
                text.append(':');
            }
            boolean embeddedIpv4 = i == 6 && bestBase == 0
                    && (bestLength == 6 || (bestLength == 5 && words[5] == 0xffff));
            if (embeddedIpv4) {
                text.append(formatIpv4(bytes, 12));
                return text.toString();
            }
            text.append(Integer.toHexString(words[i]));
        }
        if (bestBase >= 0 && bestBase + bestLength == 8) {
            text.append(':');
        }
        return text.toString();
    }
}
