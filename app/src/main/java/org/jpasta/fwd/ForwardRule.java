package org.jpasta.fwd;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * One forwarding rule: a protocol, a listening address and port range, and where matching connections
 * or datagrams go.
 *
 * <p>Theory of operation: this mirrors pasta's {@code struct fwd_rule}, so that everything pasta derives
 * from its rules (listening sockets, the auto-scan, rule dumps, conflict checks) can be derived the same
 * way here. A spec like {@code 5-25,~10-20} becomes two rules (5-9 and 21-25): exclusions are applied by
 * splitting, never by lookups at run time; {@link #excludedPorts()} is kept only to tell where a rule
 * came from. Ports map linearly: port {@code p} goes to {@code targetFirstPort + (p - firstPort)}.
 *
 * @param protocol         TCP or UDP
 * @param direction        inbound ({@code -t/-u}) or outbound ({@code -T/-U})
 * @param listenAddress    address to listen on; {@code null} means "any address of either IP version"
 *                         (pasta's dual-stack wildcard); {@code 0.0.0.0} or {@code ::} mean any address
 *                         of one version; IPv4 is always an {@link Inet4Address}
 * @param listenInterface  interface to bind the listener to ({@code SO_BINDTODEVICE}), or {@code null}
 * @param firstPort        first listening port, 1 to 65535
 * @param lastPort         last listening port, {@code >= firstPort}
 * @param targetAddress    destination address on the target side, or {@code null} for pasta's default
 * @param targetFirstPort  destination port for {@code firstPort}
 * @param weak             best effort: failing to listen on some ports is not an error ({@code FWD_WEAK})
 * @param scan             forward a port only while something listens on it on the target side
 *                         ({@code FWD_SCAN}, the {@code auto} keyword)
 * @param excludedPorts    ports the spec excluded ({@code ~N}, plus the ephemeral range for
 *                         {@code all}/{@code auto}/exclusion-only specs)
 */
public record ForwardRule(Protocol protocol, Direction direction, InetAddress listenAddress,
                          String listenInterface, int firstPort, int lastPort, InetAddress targetAddress,
                          int targetFirstPort, boolean weak, boolean scan, PortSet excludedPorts) {

    public ForwardRule {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(excludedPorts, "excludedPorts");
        if (listenAddress != null) {
            listenAddress = AddressText.unmapIpv4(listenAddress);
        }
        if (targetAddress != null) {
            targetAddress = AddressText.unmapIpv4(targetAddress);
        }
    }

    /** True if the rule listens on every address of both IP versions. */
    public boolean dualStack() {
        return listenAddress == null;
    }

    public boolean covers(int port) {
        return port >= firstPort && port <= lastPort;
    }

    /** Destination port for a listening port this rule covers. */
    public int targetPortFor(int port) {
        return (targetFirstPort + port - firstPort) & 0xffff;
    }

    public int targetLastPort() {
        return targetPortFor(lastPort);
    }

    /** True if the rule forwards traffic addressed to {@code localAddress} (pasta's {@code inany_matches}). */
    public boolean matchesLocalAddress(InetAddress localAddress) {
        if (listenAddress == null || localAddress == null) {
            return true;
        }
        InetAddress local = AddressText.unmapIpv4(localAddress);
        if (AddressKind.isUnspecified(listenAddress) || AddressKind.isUnspecified(local)) {
            return (listenAddress instanceof Inet4Address) == (local instanceof Inet4Address);
        }
        return listenAddress.equals(local);
    }

    /** True if both rules could claim the same incoming connection (same protocol, address, port). */
    public boolean conflictsWith(ForwardRule other) {
        if (protocol != other.protocol) {
            return false;
        }
        if (listenAddress != null && !other.matchesLocalAddress(listenAddress)) {
            return false;
        }
        return !(lastPort < other.firstPort || other.lastPort < firstPort);
    }

    /**
     * The rule as pasta prints it, e.g. {@code TCP [*]:1-32767  =>  1-32767  (best effort) (auto-scan)}
     * or {@code TCP [127.0.0.1]%lo:80  =>  192.0.2.1:8080 }; note pasta's trailing space when neither
     * flag is set.
     */
    public String format() {
        String address = listenAddress == null ? "*" : AddressText.format(listenAddress);
        String ifname = listenInterface == null ? "" : "%" + listenInterface;
        String target = targetAddress == null ? "" : AddressText.format(targetAddress) + ":";
        String flags = (weak ? " (best effort)" : "") + (scan ? " (auto-scan)" : "");
        String ports = firstPort == lastPort ? Integer.toString(firstPort) : firstPort + "-" + lastPort;
        String targetPorts = firstPort == lastPort ? Integer.toString(targetFirstPort)
                : targetFirstPort + "-" + targetLastPort();
        return protocol.label() + " [" + address + "]" + ifname + ":" + ports + "  =>  " + target
                + targetPorts + " " + flags;
    }

    @Override
    public String toString() {
        return direction + " " + format();
    }
}
