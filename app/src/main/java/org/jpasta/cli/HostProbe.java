package org.jpasta.cli;

import java.util.List;
import java.util.Optional;

import org.jpasta.fwd.EphemeralRange;

/**
 * The facts about the host that pasta's option parsing looks up.
 *
 * <p>Theory of operation: a few options are validated against the running system ({@code -i} needs an
 * existing interface, {@code --runas} names a user, forwarding specs depend on IPv6 and
 * {@code SO_BINDTODEVICE} support and on the ephemeral port range). Putting these behind one interface
 * keeps the parser a pure function of its inputs, so tests can describe any host in a few lines;
 * {@link SystemHostProbe} answers for the real one.
 */
public interface HostProbe {
    /** IPv6 sockets can be created (otherwise pasta behaves as if {@code -4} was given). */
    boolean ipv6Available();

    /** Unprivileged {@code SO_BINDTODEVICE} works (Linux 5.7+). */
    boolean bindToDeviceAvailable();

    /** {@code if_nametoindex(name)}: the interface index, or 0 if there is no such interface. */
    int interfaceIndex(String name);

    /** The host's ephemeral port range, adding pasta's warnings to {@code warnings} if it can't be read. */
    EphemeralRange ephemeralRange(List<String> warnings);

    /** {@code getpwnam(name)}: the user's uid and primary gid. */
    Optional<RunAs> user(String name);

    /** {@code getgrnam(name)}: the group's gid. */
    Optional<Long> group(String name);
}
