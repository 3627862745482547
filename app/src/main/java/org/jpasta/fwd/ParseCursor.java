package org.jpasta.fwd;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * A position in a string, advanced by small composable parsers.
 *
 * <p>Theory of operation: pasta's option values are parsed with a family of tiny C primitives (literal,
 * unsigned number, address, interface specifier) that either consume a prefix of the input and succeed,
 * or leave the position untouched and fail. Whole grammars are written as chains of such calls with
 * backtracking by resetting the position. Accepting exactly the same strings as pasta depends on copying
 * that structure, including the quirks of the C library underneath: {@code strtoul()} skips leading
 * white space and accepts a sign, {@code inet_pton()} refuses leading zeros. This class is that set of
 * primitives; callers save {@link #position()} and {@link #reset(int)} to backtrack.
 */
public final class ParseCursor {
    private final String input;
    private int position;

    public ParseCursor(String input) {
        this.input = input;
    }

    public String input() {
        return input;
    }

    public int position() {
        return position;
    }

    public void reset(int newPosition) {
        position = newPosition;
    }

    /** The unparsed rest of the input. */
    public String rest() {
        return input.substring(position);
    }

    public boolean atEnd() {
        return position >= input.length();
    }

    /** Consumes {@code literal} if the input continues with it. */
    public boolean literal(String literal) {
        if (!input.startsWith(literal, position)) {
            return false;
        }
        position += literal.length();
        return true;
    }

    /**
     * Parses an unsigned number the way {@code strtoul()} does (white space, sign and, for base 0, the
     * {@code 0x}/{@code 0} prefixes accepted; negative values wrap), failing on overflow or when no digit
     * was found.
     *
     * @return the value as an unsigned 64-bit quantity, or {@code null} on failure
     */
    public Long unsigned(int base) {
        CNumber number = CNumber.strtoul(input, position, base);
        if (number.overflow() || number.end() == position) {
            return null;
        }
        position = number.end();
        return number.value();
    }

    /** Parses {@code FIRST[-LAST]} with {@code FIRST <= LAST <= 65535}. */
    public PortRange portRange() {
        int start = position;
        Long first = unsigned(10);
        if (first == null) {
            return null;
        }
        Long last = first;
        if (literal("-")) {
            last = unsigned(10);
            if (last == null) {
                position = start;
                return null;
            }
        }
        if (Long.compareUnsigned(last, first) < 0 || Long.compareUnsigned(last, PortRange.PORT_COUNT) >= 0) {
            position = start;
            return null;
        }
        return new PortRange(first.intValue(), last.intValue());
    }

    /** Parses an IPv4 address, optionally in brackets. */
    public Inet4Address ipv4() {
        return (Inet4Address) bracketedAddress("0123456789.", false);
    }

    /**
     * Parses an IPv6 address, optionally in brackets. An IPv4-mapped address comes back as an
     * {@link Inet4Address}, because pasta treats it as IPv4 everywhere.
     */
    public InetAddress ipv6() {
        return bracketedAddress("0123456789aAbBcCdDeEfF:.", true);
    }

    /** Parses an IPv6 or IPv4 address (in that order, as pasta does), optionally in brackets. */
    public InetAddress anyAddress() {
        NotatedAddress notated = anyAddressWithNotation();
        return notated == null ? null : notated.address();
    }

    /**
     * Like {@link #anyAddress()}, also telling whether the text was IPv6 notation: {@code ::ffff:10.0.0.1}
     * is an IPv4 address written as IPv6, and prefix lengths after it count in IPv6 bits.
     */
    public NotatedAddress anyAddressWithNotation() {
        InetAddress address = ipv6();
        if (address != null) {
            return new NotatedAddress(address, true);
        }
        address = ipv4();
        return address == null ? null : new NotatedAddress(address, false);
    }

    /** An address and whether it was written in IPv6 notation. */
    public record NotatedAddress(InetAddress address, boolean ipv6Notation) {
    }

    /**
     * Parses {@code %IFNAME}, or nothing at all (then the result is the empty string).
     *
     * @return the interface name, {@code ""} if there is no specifier, {@code null} if it is malformed
     */
    public String interfaceSpecifier() {
        int start = position;
        if (!literal("%")) {
            return "";
        }
        int end = position;
        while (end < input.length() && "/ \f\n\r\t\u000b".indexOf(input.charAt(end)) < 0) {
            end++;
        }
        String name = input.substring(position, end);
        if (name.isEmpty() || CString.length(name) >= CString.IFNAMSIZ) {
            position = start;
            return null;
        }
        position = end;
        return name;
    }

    private InetAddress bracketedAddress(String allowedUnbracketed, boolean ipv6) {
        int start = position;
        boolean bracket = literal("[");
        int end = position;
        if (bracket) {
            int close = input.indexOf(']', position);
            end = close < 0 ? input.length() : close;
        } else {
            while (end < input.length() && allowedUnbracketed.indexOf(input.charAt(end)) >= 0) {
                end++;
            }
        }
        String text = input.substring(position, end);
        int maxLength = ipv6 ? AddressText.INET6_ADDRSTRLEN : AddressText.INET_ADDRSTRLEN;
        InetAddress address = text.length() >= maxLength ? null
                : ipv6 ? AddressText.parseIpv6(text) : AddressText.parseIpv4(text);
        position = end;
        if (address == null || (bracket && !literal("]"))) {
            position = start;
            return null;
        }
        return AddressText.unmapIpv4(address);
    }
}
