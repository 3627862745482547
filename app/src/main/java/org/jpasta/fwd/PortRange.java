package org.jpasta.fwd;

/**
 * An inclusive range of port numbers as written in a forwarding spec ({@code FIRST[-LAST]}).
 *
 * <p>Theory of operation: only the parser creates these, after checking {@code FIRST <= LAST <= 65535};
 * port 0 is representable on purpose, because pasta rejects it later, at rule level, with its own message.
 */
public record PortRange(int first, int last) {
    /** Number of distinct port numbers, 0 to 65535. */
    public static final int PORT_COUNT = 65536;

    public int length() {
        return last - first + 1;
    }
}
