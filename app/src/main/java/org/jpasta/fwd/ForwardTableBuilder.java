package org.jpasta.fwd;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;

/**
 * One of pasta's two forwarding tables (inbound or outbound) while it is being filled.
 *
 * <p>Theory of operation: every rule goes through {@link #add(ForwardRule)}, which applies pasta's
 * checks in pasta's order (port 0, IP versions, protocol, target address, overlap with earlier rules,
 * table limits), so the first complaint is the same one pasta would print. A refused rule raises
 * {@link RuleRejectedException} carrying pasta's warning lines; the spec parser adds the final
 * {@code Unable to add rule ...} line.
 */
public final class ForwardTableBuilder {
    /** {@code MAX_FWD_RULES}: rule indexes are 8 bits wide. */
    public static final int MAX_RULES = 255;
    /** {@code MAX_LISTEN_SOCKS}: every port on two addresses for two protocols, plus spares. */
    public static final int MAX_LISTEN_SOCKETS = PortRange.PORT_COUNT * 5;

    private final Direction direction;
    private final ForwardCapabilities capabilities;
    private final List<ForwardRule> rules = new ArrayList<>();
    private int socketCount;

    public ForwardTableBuilder(Direction direction, ForwardCapabilities capabilities) {
        this.direction = direction;
        this.capabilities = capabilities;
    }

    public Direction direction() {
        return direction;
    }

    public ForwardCapabilities capabilities() {
        return capabilities;
    }

    /** True if some rule of this protocol is already in the table ({@code none} must come first). */
    public boolean hasRulesFor(Protocol protocol) {
        for (ForwardRule rule : rules) {
            if (rule.protocol() == protocol) {
                return true;
            }
        }
        return false;
    }

    /** The rules so far, in insertion order. */
    public List<ForwardRule> rules() {
        return List.copyOf(rules);
    }

    /** Validates and appends a rule. */
    public void add(ForwardRule rule) throws RuleRejectedException {
        checkPorts(rule);
        checkIpVersion(rule);
        checkProtocol(rule);
        checkTargetAddress(rule);
        checkConflicts(rule);
        checkLimits(rule);
        rules.add(rule);
        socketCount += rule.lastPort() - rule.firstPort() + 1;
    }

    private static void checkPorts(ForwardRule rule) throws RuleRejectedException {
        if (rule.firstPort() > rule.lastPort()) {
            throw new RuleRejectedException("Rule has invalid port range " + rule.firstPort() + "-"
                    + rule.lastPort());
        }
        if (rule.firstPort() == 0) {
            throw new RuleRejectedException("Forwarding rule attempts to map from port 0");
        }
        int to = rule.targetFirstPort();
        if (to == 0 || ((to + rule.lastPort() - rule.firstPort()) & 0xffff) < to) {
            throw new RuleRejectedException("Forwarding rule attempts to map to port 0");
        }
    }

    private void checkIpVersion(ForwardRule rule) throws RuleRejectedException {
        if (rule.dualStack()) {
            if (!capabilities.ipv4()) {
                throw new RuleRejectedException("Dual stack forward, but IPv4 not enabled");
            }
            if (!capabilities.ipv6()) {
                throw new RuleRejectedException("Dual stack forward, but IPv6 not enabled");
            }
        } else if (rule.listenAddress() instanceof Inet4Address) {
            if (!capabilities.ipv4()) {
                throw new RuleRejectedException("IPv4 forward, but IPv4 not enabled");
            }
        } else if (!capabilities.ipv6()) {
            throw new RuleRejectedException("IPv6 forward, but IPv6 not enabled");
        }
    }

    private void checkProtocol(ForwardRule rule) throws RuleRejectedException {
        if (!capabilities.allows(rule.protocol())) {
            throw new RuleRejectedException("Can't add " + rule.protocol().label() + " forwarding rule, "
                    + rule.protocol().label() + " not enabled");
        }
    }

    private static void checkTargetAddress(ForwardRule rule) throws RuleRejectedException {
        if (rule.targetAddress() == null) {
            return;
        }
        String target = AddressText.format(rule.targetAddress());
        boolean targetIpv4 = rule.targetAddress() instanceof Inet4Address;
        if (AddressKind.isMulticast(rule.targetAddress()) || AddressKind.isBroadcast(rule.targetAddress())) {
            throw new RuleRejectedException("Multicast target address " + target + " for forwarding rule");
        }
        if (rule.dualStack()) {
            throw new RuleRejectedException(List.of(
                    "Dual stack forward to " + (targetIpv4 ? "IPv4" : "IPv6") + " address " + target
                            + " unsupported",
                    "Did you mean " + (targetIpv4 ? "0.0.0.0" : "[::]") + "/... instead?"));
        }
        boolean listenIpv4 = rule.listenAddress() instanceof Inet4Address;
        if (listenIpv4 != targetIpv4) {
            throw new RuleRejectedException("Forward from " + (listenIpv4 ? "IPv4" : "IPv6") + " ("
                    + AddressText.format(rule.listenAddress()) + ") to " + (targetIpv4 ? "IPv4" : "IPv6")
                    + " (" + target + ") unsupported");
        }
    }

    private void checkConflicts(ForwardRule rule) throws RuleRejectedException {
        for (ForwardRule existing : rules) {
            if (rule.conflictsWith(existing)) {
                throw new RuleRejectedException("Forwarding configuration conflict: " + rule.format()
                        + " versus " + existing.format());
            }
        }
    }

    private void checkLimits(ForwardRule rule) throws RuleRejectedException {
        if (rules.size() >= MAX_RULES) {
            throw new RuleRejectedException("Too many rules (maximum " + MAX_RULES + ")");
        }
        if (socketCount + rule.lastPort() - rule.firstPort() + 1 > MAX_LISTEN_SOCKETS) {
            throw new RuleRejectedException("Rules require too many listening sockets (maximum "
                    + MAX_LISTEN_SOCKETS + ")");
        }
    }

    /** A rule pasta's table would not take, with the warnings pasta prints about it. */
    public static final class RuleRejectedException extends Exception {
        private static final long serialVersionUID = 1L;

        private final List<String> warnings;

        RuleRejectedException(String warning) {
            this(List.of(warning));
        }

        RuleRejectedException(List<String> warnings) {
            super(String.join("\n", warnings));
            this.warnings = List.copyOf(warnings);
        }

        public List<String> warnings() {
            return warnings;
        }
    }
}
