package org.jpasta.fwd;

/**
 * What a forwarding table may contain, fixed once IP versions and protocols are settled.
 *
 * <p>Theory of operation: pasta validates each new rule against these bits ({@code FWD_CAP_*}) rather
 * than against the options directly, and it also uses them to pick the wildcard for specs without an
 * address: with both IP versions a dual-stack rule, with one of them that version's "any" address. That
 * second use is what makes RootlessKit's {@code --ipv4-only --tcp-ports=auto} work.
 *
 * @param ipv4           IPv4 is enabled
 * @param ipv6           IPv6 is enabled
 * @param tcp            the TCP handler is enabled (no {@code --no-tcp})
 * @param udp            the UDP handler is enabled (no {@code --no-udp})
 * @param scan           {@code auto} is allowed (always, in pasta mode)
 * @param ifnameBinding  {@code SO_BINDTODEVICE} works unprivileged (Linux 5.7 or later)
 */
public record ForwardCapabilities(boolean ipv4, boolean ipv6, boolean tcp, boolean udp, boolean scan,
                                  boolean ifnameBinding) {

    /** Capabilities of pasta mode with everything enabled. */
    public static ForwardCapabilities pastaDefaults() {
        return new ForwardCapabilities(true, true, true, true, true, true);
    }

    public boolean allows(Protocol protocol) {
        return protocol == Protocol.TCP ? tcp : udp;
    }
}
