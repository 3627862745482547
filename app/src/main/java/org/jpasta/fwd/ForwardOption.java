package org.jpasta.fwd;

/**
 * The four options that take a forwarding spec, with the protocol and table each one feeds.
 */
public enum ForwardOption {
    /** {@code -t, --tcp-ports}: TCP from the host into the namespace. */
    TCP_PORTS('t', Protocol.TCP, Direction.INBOUND),
    /** {@code -u, --udp-ports}: UDP from the host into the namespace. */
    UDP_PORTS('u', Protocol.UDP, Direction.INBOUND),
    /** {@code -T, --tcp-ns}: TCP from the namespace to the host. */
    TCP_NS('T', Protocol.TCP, Direction.OUTBOUND),
    /** {@code -U, --udp-ns}: UDP from the namespace to the host. */
    UDP_NS('U', Protocol.UDP, Direction.OUTBOUND);

    private final char letter;
    private final Protocol protocol;
    private final Direction direction;

    ForwardOption(char letter, Protocol protocol, Direction direction) {
        this.letter = letter;
        this.protocol = protocol;
        this.direction = direction;
    }

    /** The short option letter, as used in pasta's messages ({@code -t none conflicts ...}). */
    public char letter() {
        return letter;
    }

    public Protocol protocol() {
        return protocol;
    }

    public Direction direction() {
        return direction;
    }

    /** The option for a short option letter, or {@code null}. */
    public static ForwardOption ofLetter(int letter) {
        for (ForwardOption option : values()) {
            if (option.letter == letter) {
                return option;
            }
        }
        return null;
    }
}
