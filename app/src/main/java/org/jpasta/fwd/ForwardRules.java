package org.jpasta.fwd;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The final, immutable forwarding configuration: pasta's inbound and outbound tables.
 *
 * <p>Theory of operation: the data path asks "is this port forwarded, and where to" for every new flow,
 * so for each direction and protocol a 65536-entry table holding the index of the first rule that covers
 * each port is built once here (a table holds at most 255 rules, so one byte per port is enough). Rules
 * bound to specific addresses can overlap on ports (one rule per address), so {@link #match} starts at
 * the indexed rule and walks on to later rules only when the address does not match, which is how pasta's
 * first-match search behaves.
 */
public final class ForwardRules {
    private final Map<Direction, List<ForwardRule>> tables = new EnumMap<>(Direction.class);
    private final Map<Direction, Map<Protocol, byte[]>> firstRuleByPort = new EnumMap<>(Direction.class);

    public ForwardRules(List<ForwardRule> inbound, List<ForwardRule> outbound) {
        if (inbound.size() > ForwardTableBuilder.MAX_RULES || outbound.size() > ForwardTableBuilder.MAX_RULES) {
            throw new IllegalArgumentException("a table holds at most " + ForwardTableBuilder.MAX_RULES + " rules");
        }
        tables.put(Direction.INBOUND, List.copyOf(inbound));
        tables.put(Direction.OUTBOUND, List.copyOf(outbound));
        for (Direction direction : Direction.values()) {
            Map<Protocol, byte[]> byProtocol = new EnumMap<>(Protocol.class);
            for (Protocol protocol : Protocol.values()) {
                byProtocol.put(protocol, indexFirstRules(tables.get(direction), protocol));
            }
            firstRuleByPort.put(direction, byProtocol);
        }
    }

    /** No rules at all. */
    public static ForwardRules empty() {
        return new ForwardRules(List.of(), List.of());
    }

    /** Rules of one table, in pasta's order (the order printed at start-up). */
    public List<ForwardRule> rules(Direction direction) {
        return tables.get(direction);
    }

    /** Both tables, inbound first. */
    public List<ForwardRule> all() {
        List<ForwardRule> all = new ArrayList<>(rules(Direction.INBOUND));
        all.addAll(rules(Direction.OUTBOUND));
        return List.copyOf(all);
    }

    /** The first rule covering {@code port}, whatever its listening address. */
    public Optional<ForwardRule> firstRuleFor(Direction direction, Protocol protocol, int port) {
        int index = indexOf(direction, protocol, port);
        return index < 0 ? Optional.empty() : Optional.of(rules(direction).get(index));
    }

    /** True if some rule covers {@code port} (for some address). */
    public boolean isForwarded(Direction direction, Protocol protocol, int port) {
        return indexOf(direction, protocol, port) >= 0;
    }

    /** The target port of the first rule covering {@code port}, or -1 if none does. */
    public int targetPort(Direction direction, Protocol protocol, int port) {
        int index = indexOf(direction, protocol, port);
        return index < 0 ? -1 : rules(direction).get(index).targetPortFor(port);
    }

    /** The rule that forwards a flow for {@code localAddress}:{@code port}, as pasta's rule search. */
    public Optional<ForwardRule> match(Direction direction, Protocol protocol, InetAddress localAddress, int port) {
        int index = indexOf(direction, protocol, port);
        if (index < 0) {
            return Optional.empty();
        }
        List<ForwardRule> rules = rules(direction);
        for (int i = index; i < rules.size(); i++) {
            ForwardRule rule = rules.get(i);
            if (rule.protocol() == protocol && rule.covers(port) && rule.matchesLocalAddress(localAddress)) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    private int indexOf(Direction direction, Protocol protocol, int port) {
        if (port < 0 || port >= PortRange.PORT_COUNT) {
            return -1;
        }
        return (firstRuleByPort.get(direction).get(protocol)[port] & 0xff) - 1;
    }

    private static byte[] indexFirstRules(List<ForwardRule> rules, Protocol protocol) {
        byte[] index = new byte[PortRange.PORT_COUNT];
        for (int i = rules.size() - 1; i >= 0; i--) {
            ForwardRule rule = rules.get(i);
            if (rule.protocol() != protocol) {
                continue;
            }
            for (int port = rule.firstPort(); port <= rule.lastPort(); port++) {
                index[port] = (byte) (i + 1);
            }
        }
        return index;
    }

    @Override
    public String toString() {
        return "ForwardRules" + tables;
    }
}
