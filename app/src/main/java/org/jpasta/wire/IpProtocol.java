package org.jpasta.wire;

/**
 * IANA protocol numbers used in the IPv4 protocol and IPv6 next-header fields.
 *
 * <h2>Theory of operation</h2>
 * Plain {@code int} constants rather than an enum so that they can be used directly in
 * {@code switch} statements on the value read from the wire, with no lookup per packet.
 */
public final class IpProtocol {
    public static final int HOP_BY_HOP = 0;
    public static final int ICMP = 1;
    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int ROUTING = 43;
    public static final int FRAGMENT = 44;
    public static final int ESP = 50;
    public static final int AH = 51;
    public static final int ICMPV6 = 58;
    public static final int NO_NEXT_HEADER = 59;
    public static final int DESTINATION_OPTIONS = 60;
    public static final int MOBILITY = 135;
    public static final int HIP = 139;
    public static final int SHIM6 = 140;
    public static final int EXPERIMENT_1 = 253;
    public static final int EXPERIMENT_2 = 254;

    private IpProtocol() {
    }
}
