package org.jpasta.fwd;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the argument of {@code -t}, {@code -u}, {@code -T} or {@code -U} into forwarding rules.
 *
 * <p>Theory of operation: this follows pasta's {@code fwd_rule_parse()} step by step, because the
 * accepted language is defined by that code rather than by a formal grammar:
 * <pre>
 * SPEC     := "none" | [ADDRSPEC "/"] CHUNK ("," CHUNK)*
 * ADDRSPEC := ADDR ["%" IFNAME] | ["*"] "%" IFNAME | "*"        (ADDR may be in brackets)
 * CHUNK    := "all" [":" TADDR] | "auto" | "~" FIRST ["-" LAST]
 *           | FIRST ["-" LAST] [":" (TADDR "/" TRANGE | TADDR | TRANGE)]
 * </pre>
 * The chunks are read twice. The first pass collects exclusions ({@code ~}) and {@code auto} (which
 * marks every rule of the spec as scanning), the second emits one rule per maximal run of non-excluded
 * ports of each range. A spec with no plain range ({@code all}, {@code auto}, exclusions only) covers
 * 1-65535 minus the ephemeral range, as a best-effort rule. Without an address, a rule is dual-stack if
 * both IP versions are enabled and uses the enabled version's wildcard otherwise. {@code -T/-U} never take
 * an address; they listen on the namespace's {@code lo} (or, without {@code SO_BINDTODEVICE}, on
 * 127.0.0.1 and ::1). Errors carry pasta's exact messages; the first problem pasta would report is the
 * one reported here.
 */
public final class PortSpecParser {
    private static final InetAddress ANY4 = AddressText.parseIpv4("0.0.0.0");
    private static final InetAddress ANY6 = AddressText.parseIpv6("::");
    private static final InetAddress LOOPBACK4 = AddressText.parseIpv4("127.0.0.1");
    private static final InetAddress LOOPBACK6 = AddressText.parseIpv6("::1");

    private final EphemeralRange ephemeral;
    private final List<String> warnings;

    /**
     * @param ephemeral ports left out of {@code all}/{@code auto}/exclusion-only specs
     * @param warnings  receives pasta's non-fatal warnings, in order
     */
    public PortSpecParser(EphemeralRange ephemeral, List<String> warnings) {
        this.ephemeral = ephemeral;
        this.warnings = warnings;
    }

    /** Parses one option argument and adds its rules to {@code table}. */
    public void parse(ForwardOption option, String optarg, ForwardTableBuilder table)
            throws ForwardSpecException {
        ParseCursor cursor = new ParseCursor(optarg);
        if (cursor.literal("none") && cursor.atEnd()) {
            if (table.hasRulesFor(option.protocol())) {
                throw new ForwardSpecException("-" + option.letter() + " none conflicts with previous options");
            }
            return;
        }
        cursor.reset(0);
        ListenSpec listen = ListenSpec.parse(cursor);
        boolean outbound = option.direction() == Direction.OUTBOUND;
        if (listen != null) {
            if (outbound) {
                throw new ForwardSpecException("Listening address not allowed for -" + option.letter() + " "
                        + optarg);
            }
            if (listen.ifname.equals(".") || listen.ifname.equals("..")) {
                throw new ForwardSpecException("Invalid interface name: " + listen.ifname);
            }
        } else {
            listen = new ListenSpec(null, "");
        }
        String ports = cursor.rest();
        ForwardCapabilities caps = table.capabilities();
        if (outbound) {
            if (!caps.ifnameBinding()) {
                parseLoopbackOnly(option, optarg, ports, table);
                return;
            }
            listen = new ListenSpec(null, "lo");
        }
        InetAddress address = listen.address;
        if (address == null && !caps.ipv4()) {
            address = ANY6;
        } else if (address == null && !caps.ipv6()) {
            address = ANY4;
        }
        if (!listen.ifname.isEmpty() && !caps.ifnameBinding()) {
            throw new ForwardSpecException("Device binding for '-" + option.letter() + " " + optarg
                    + "' unsupported (requires kernel 5.7+)");
        }
        parsePorts(option, table, address, listen.ifname.isEmpty() ? null : listen.ifname, ports);
    }

    private void parseLoopbackOnly(ForwardOption option, String optarg, String ports, ForwardTableBuilder table)
            throws ForwardSpecException {
        warnings.add("SO_BINDTODEVICE unavailable, forwarding only 127.0.0.1 and ::1 for '-" + option.letter()
                + " " + optarg + "'");
        if (table.capabilities().ipv4()) {
            parsePorts(option, table, LOOPBACK4, null, ports);
        }
        if (table.capabilities().ipv6()) {
            parsePorts(option, table, LOOPBACK6, null, ports);
        }
    }

    private void parsePorts(ForwardOption option, ForwardTableBuilder table, InetAddress address, String ifname,
                            String spec) throws ForwardSpecException {
        PortSet.Builder exclude = new PortSet.Builder();
        boolean scan = collectExclusionsAndAuto(spec, exclude, table.capabilities());
        PortSet excluded = exclude.build();

        RuleTemplate template = new RuleTemplate(option, address, ifname, scan);
        ParseCursor cursor = new ParseCursor(spec);
        InetAddress allTarget = null;
        boolean exclusionsOnly = true;
        do {
            PortChunk chunk = PortChunk.parse(cursor);
            if (chunk == null) {
                throw invalidSpecifier(spec);
            }
            switch (chunk.kind) {
                case ALL:
                    allTarget = chunk.target;
                    break;
                case INCLUDE:
                    exclusionsOnly = false;
                    if (chunk.targetPorts.length() != chunk.ports.length()) {
                        throw invalidSpecifier(spec);
                    }
                    addRangeExcept(table, template, chunk.ports.first(), chunk.ports.last(), excluded,
                            chunk.target, chunk.targetPorts.first(), false);
                    break;
                default:
                    break; // AUTO and EXCLUDE were handled in the first pass
            }
        } while (cursor.literal(","));
        if (!cursor.atEnd()) {
            throw invalidSpecifier(spec);
        }
        if (exclusionsOnly) {
            exclude.addRange(ephemeral.first(), ephemeral.last());
            addRangeExcept(table, template, 1, PortRange.PORT_COUNT - 1, exclude.build(), allTarget, 1, true);
        }
    }

    /** First pass: returns whether {@code auto} was given, and fills {@code exclude}. */
    private static boolean collectExclusionsAndAuto(String spec, PortSet.Builder exclude, ForwardCapabilities caps)
            throws ForwardSpecException {
        ParseCursor cursor = new ParseCursor(spec);
        boolean scan = false;
        do {
            PortChunk chunk = PortChunk.parse(cursor);
            if (chunk == null) {
                throw invalidSpecifier(spec);
            }
            if (chunk.kind == ChunkKind.AUTO) {
                if (!caps.scan()) {
                    throw new ForwardSpecException("'auto' port forwarding is only allowed for pasta");
                }
                scan = true;
            } else if (chunk.kind == ChunkKind.EXCLUDE) {
                exclude.addRange(chunk.ports.first(), chunk.ports.last());
            }
        } while (cursor.literal(","));
        return scan;
    }

    /** Adds one rule per run of non-excluded ports in {@code first..last}. */
    private static void addRangeExcept(ForwardTableBuilder table, RuleTemplate template, int first, int last,
                                       PortSet excluded, InetAddress target, int targetFirst, boolean weak)
            throws ForwardSpecException {
        InetAddress targetAddress = target == null || AddressKind.isUnspecified(target) ? null : target;
        for (int base = first; base <= last; base++) {
            if (excluded.contains(base)) {
                continue;
            }
            int end = base;
            while (end + 1 <= last && !excluded.contains(end + 1)) {
                end++;
            }
            int to = (base + targetFirst - first) & 0xffff;
            ForwardRule rule = template.rule(base, end, targetAddress, to, weak, excluded);
            try {
                table.add(rule);
            } catch (ForwardTableBuilder.RuleRejectedException e) {
                List<String> lines = new ArrayList<>(e.warnings());
                lines.add("Unable to add rule " + rule.format());
                throw new ForwardSpecException(lines);
            }
            base = end;
        }
    }

    private static ForwardSpecException invalidSpecifier(String spec) {
        return new ForwardSpecException("Invalid port specifier '" + spec + "'");
    }

    /** What every rule of one spec has in common. */
    private record RuleTemplate(ForwardOption option, InetAddress address, String ifname, boolean scan) {
        ForwardRule rule(int first, int last, InetAddress target, int to, boolean weak, PortSet excluded) {
            return new ForwardRule(option.protocol(), option.direction(), address, ifname, first, last, target,
                    to, weak, scan, excluded);
        }
    }

    /** The {@code ADDR%IFNAME/} prefix: address {@code null} means the dual-stack wildcard. */
    private static final class ListenSpec {
        final InetAddress address;
        final String ifname;

        ListenSpec(InetAddress address, String ifname) {
            this.address = address;
            this.ifname = ifname;
        }

        /** Parses the prefix and leaves the cursor after the slash, or returns null with it untouched. */
        static ListenSpec parse(ParseCursor cursor) {
            int start = cursor.position();
            InetAddress address = cursor.anyAddress();
            if (address != null) {
                String ifname = cursor.interfaceSpecifier();
                if (ifname != null && cursor.literal("/")) {
                    return new ListenSpec(address, ifname);
                }
            }
            cursor.reset(start);
            cursor.literal("*");
            String ifname = cursor.interfaceSpecifier();
            if (ifname != null && cursor.literal("/")) {
                return new ListenSpec(null, ifname);
            }
            cursor.reset(start);
            return null;
        }
    }

    private enum ChunkKind { ALL, AUTO, EXCLUDE, INCLUDE }

    /** One comma-separated piece of a port spec. */
    private static final class PortChunk {
        ChunkKind kind;
        PortRange ports;
        InetAddress target;
        PortRange targetPorts;

        /** Parses a chunk, or returns null (cursor position unspecified then: the caller gives up). */
        static PortChunk parse(ParseCursor cursor) {
            PortChunk chunk = new PortChunk();
            if (cursor.literal("all")) {
                chunk.kind = ChunkKind.ALL;
                chunk.target = optionalTargetAddress(cursor);
            } else if (cursor.literal("auto")) {
                chunk.kind = ChunkKind.AUTO;
            } else if (cursor.literal("~")) {
                chunk.kind = ChunkKind.EXCLUDE;
                chunk.ports = cursor.portRange();
                if (chunk.ports == null) {
                    return null;
                }
            } else if ((chunk.ports = cursor.portRange()) != null) {
                chunk.kind = ChunkKind.INCLUDE;
                parseIncludeTarget(cursor, chunk);
            } else {
                return null;
            }
            return chunk;
        }

        private static InetAddress optionalTargetAddress(ParseCursor cursor) {
            int start = cursor.position();
            InetAddress address = cursor.literal(":") ? cursor.anyAddress() : null;
            if (address == null) {
                cursor.reset(start);
            }
            return address;
        }

        /** {@code :TADDR/TRANGE}, {@code :TADDR}, {@code :TRANGE} or nothing, tried in that order. */
        private static void parseIncludeTarget(ParseCursor cursor, PortChunk chunk) {
            int start = cursor.position();
            if (cursor.literal(":")) {
                InetAddress address = cursor.anyAddress();
                if (address != null && cursor.literal("/")) {
                    PortRange range = cursor.portRange();
                    if (range != null) {
                        chunk.target = address;
                        chunk.targetPorts = range;
                        return;
                    }
                }
                cursor.reset(start + 1);
                address = cursor.anyAddress();
                if (address != null) {
                    chunk.target = address;
                    chunk.targetPorts = chunk.ports;
                    return;
                }
                cursor.reset(start + 1);
                PortRange range = cursor.portRange();
                if (range != null) {
                    chunk.targetPorts = range;
                    return;
                }
            }
            cursor.reset(start);
            chunk.targetPorts = chunk.ports;
        }
    }
}
