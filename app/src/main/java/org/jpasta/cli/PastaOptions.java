package org.jpasta.cli;

import java.util.ArrayList;
import java.util.List;

import org.jpasta.fwd.ForwardCapabilities;
import org.jpasta.fwd.ForwardOption;
import org.jpasta.fwd.ForwardRules;

/**
 * pasta's command line, parsed and validated: every option value, the target (spawned command, PID or
 * namespace path), the forwarding rules, and the warnings pasta would have printed on the way.
 *
 * <p>Theory of operation: {@link #parse(String, String[], HostProbe)} runs pasta's {@code conf()} option
 * handling (see {@link PastaOptionsParser}); anything that makes pasta exit during parsing (help,
 * version, a bad option) comes back as a {@link CliExit} carrying the exact output and status, so the
 * caller never has to know which case it was. What is left here is a plain value: getters only, lists
 * are copies, and values that pasta detects at run time when an option is absent are {@code null} (or 0)
 * rather than guessed. Flags that pasta derives from other options inside {@code conf()} are already
 * applied ({@code --splice-only} implies {@code --host-lo-to-ns-lo}, no ICMP and no DNS; {@code --no-icmp}
 * implies {@code --no-ndp}; {@code --config-net} implies {@code --no-ra}).
 */
public final class PastaOptions {
    /** pasta's default MTU: 65535 minus the Ethernet header, rounded down to 32-bit words. */
    public static final int DEFAULT_MTU = 65520;
    /** Largest MTU pasta accepts: 65535 minus the 14-byte Ethernet header. */
    public static final int MAX_MTU = 65521;
    /** Log file size pasta uses without {@code --log-size}. */
    public static final long DEFAULT_LOG_SIZE = 1024 * 1024;

    String programName;
    Mode mode = Mode.SPAWN;
    List<String> command = List.of();
    int pid = -1;
    String netnsPath;
    String usernsPath;
    boolean netnsOnly;

    boolean debug;
    boolean trace;
    boolean quiet;
    boolean foreground;
    int statsDelay;
    String logFile;
    long logSize;
    String runAsText;
    RunAs runAs;
    String controlPath;
    String pcapFile;
    String pidFile;
    int tapFd = -1;
    String nsInterfaceName;
    int mtu = DEFAULT_MTU;
    MacAddress ourMac = MacAddress.PASTA_DEFAULT;
    MacAddress namespaceMac;
    String templateInterface;
    int templateInterfaceIndex;

    final FamilyOptions ipv4 = new FamilyOptions();
    final FamilyOptions ipv6 = new FamilyOptions();
    boolean ipv4Only;
    boolean ipv6Only;

    boolean noDns;
    final List<String> searchDomains = new ArrayList<>();
    boolean noDnsSearch;
    String hostname;
    String fqdn;
    boolean dhcpDns;
    boolean dhcpSearch;

    boolean noTcp;
    boolean noUdp;
    boolean noIcmp;
    boolean noDhcp;
    boolean noDhcpv6;
    boolean noNdp;
    boolean noRa;
    boolean noSplice;
    boolean spliceOnly;
    boolean freebind;
    boolean noMapGateway;
    boolean hostLoToNsLo;
    boolean noNetnsQuit;
    boolean configNet;
    boolean chrootFallback;

    final List<ForwardSpec> forwardSpecs = new ArrayList<>();
    ForwardRules forwardRules = ForwardRules.empty();
    ForwardCapabilities forwardCapabilities = ForwardCapabilities.pastaDefaults();
    final List<String> warnings = new ArrayList<>();

    PastaOptions() {
    }

    /**
     * Parses pasta's arguments.
     *
     * @param programName {@code argv[0]} as the user typed it, used in messages and usage
     * @param args        the arguments after {@code argv[0]}
     * @param host        facts about the host ({@link SystemHostProbe} in production)
     * @throws CliExit when pasta would exit during parsing; print its output and exit with its status
     */
    public static PastaOptions parse(String programName, String[] args, HostProbe host) throws CliExit {
        return new PastaOptionsParser(programName, List.of(args), host).parse();
    }

    /** Parses against the real host. */
    public static PastaOptions parse(String programName, String[] args) throws CliExit {
        return parse(programName, args, new SystemHostProbe());
    }

    /** A forwarding option as given on the command line, in order. */
    public record ForwardSpec(ForwardOption option, String spec) {
    }

    public String programName() {
        return programName;
    }

    /** How the target namespace is found. */
    public Mode mode() {
        return mode;
    }

    /** {@link Mode#SPAWN}: the command and its arguments; empty means "run the user's login shell". */
    public List<String> command() {
        return List.copyOf(command);
    }

    /** {@link Mode#PID}: the target PID; -1 otherwise. */
    public int pid() {
        return pid;
    }

    /** Network namespace to join ({@code --netns}, or {@code /proc/PID/ns/net}); {@code null} in spawn mode. */
    public String netnsPath() {
        return netnsPath;
    }

    /** User namespace to join ({@code --userns}, or {@code /proc/PID/ns/user}); {@code null} if none. */
    public String usernsPath() {
        return usernsPath;
    }

    /** Don't join or create a user namespace ({@code --netns-only}, implied by {@code --netns} alone). */
    public boolean netnsOnly() {
        return netnsOnly;
    }

    public boolean debug() {
        return debug;
    }

    public boolean trace() {
        return trace;
    }

    public boolean quiet() {
        return quiet;
    }

    /** {@code -f}; note that pasta forces foreground operation in spawn mode regardless. */
    public boolean foreground() {
        return foreground;
    }

    /** {@code --stats}: seconds between statistics printouts, 0 if off. */
    public int statsDelay() {
        return statsDelay;
    }

    /** {@code -l}: log file path, or {@code null} for syslog. */
    public String logFile() {
        return logFile;
    }

    /** {@code --log-size} in bytes, or 0 for the default ({@link #DEFAULT_LOG_SIZE}). */
    public long logSize() {
        return logSize;
    }

    /** {@code --runas} resolved to ids, or {@code null} if not given (pasta's run-time default applies). */
    public RunAs runAs() {
        return runAs;
    }

    /** {@code --runas} as given, or {@code null}. */
    public String runAsText() {
        return runAsText;
    }

    /** {@code -c}: control socket path for pesto, or {@code null}. */
    public String controlPath() {
        return controlPath;
    }

    /** {@code -p}: pcap file, or {@code null}. */
    public String pcapFile() {
        return pcapFile;
    }

    /** {@code -P}: PID file, or {@code null}. */
    public String pidFile() {
        return pidFile;
    }

    /** {@code -F}: pre-opened file descriptor, or -1. */
    public int tapFd() {
        return tapFd;
    }

    /** {@code -I}: tap interface name in the namespace, or {@code null} (copy the template's name). */
    public String nsInterfaceName() {
        return nsInterfaceName;
    }

    /** {@code -m}: MTU to advertise and configure; 0 means don't. */
    public int mtu() {
        return mtu;
    }

    /** {@code -M}: pasta's own MAC address on the tap link. */
    public MacAddress ourMac() {
        return ourMac;
    }

    /** {@code --ns-mac-addr}: MAC of the namespace's tap device, or {@code null} (kernel's choice). */
    public MacAddress namespaceMac() {
        return namespaceMac;
    }

    /** {@code -i}: template interface name, or {@code null} (the default route's). */
    public String templateInterface() {
        return templateInterface;
    }

    /** Interface index of {@link #templateInterface()}, looked up while parsing; 0 if not given. */
    public int templateInterfaceIndex() {
        return templateInterfaceIndex;
    }

    public FamilyOptions ipv4() {
        return ipv4;
    }

    public FamilyOptions ipv6() {
        return ipv6;
    }

    /** {@code -4} was the last of {@code -4}/{@code -6} (or IPv6 is unavailable). */
    public boolean ipv4Only() {
        return ipv4Only;
    }

    /** {@code -6} was the last of {@code -4}/{@code -6}. */
    public boolean ipv6Only() {
        return ipv6Only;
    }

    /** IPv4 operation is on: pasta falls back to local mode rather than disabling it. */
    public boolean ipv4Enabled() {
        return !ipv6Only;
    }

    public boolean ipv6Enabled() {
        return !ipv4Only;
    }

    /** {@code -D none} (or {@code --splice-only}): no DNS information at all. */
    public boolean noDns() {
        return noDns;
    }

    /** {@code -S}: search domains, in order. */
    public List<String> searchDomains() {
        return List.copyOf(searchDomains);
    }

    /** {@code -S none} (or {@code --splice-only}). */
    public boolean noDnsSearch() {
        return noDnsSearch;
    }

    /** {@code -H}, or {@code null}. */
    public String hostname() {
        return hostname;
    }

    /** {@code --fqdn}, or {@code null}. */
    public String fqdn() {
        return fqdn;
    }

    /** {@code --dhcp-dns}: pass DNS servers via DHCP/DHCPv6/NDP (off by default in pasta). */
    public boolean dhcpDns() {
        return dhcpDns;
    }

    /** {@code --dhcp-search}: pass the search list via DHCP/DHCPv6/NDP (off by default in pasta). */
    public boolean dhcpSearch() {
        return dhcpSearch;
    }

    public boolean noTcp() {
        return noTcp;
    }

    public boolean noUdp() {
        return noUdp;
    }

    public boolean noIcmp() {
        return noIcmp;
    }

    /** {@code --no-dhcp}; pasta also turns DHCP off at run time when there is no IPv4 gateway. */
    public boolean noDhcp() {
        return noDhcp;
    }

    public boolean noDhcpv6() {
        return noDhcpv6;
    }

    public boolean noNdp() {
        return noNdp;
    }

    public boolean noRa() {
        return noRa;
    }

    public boolean noSplice() {
        return noSplice;
    }

    public boolean spliceOnly() {
        return spliceOnly;
    }

    public boolean freebind() {
        return freebind;
    }

    /** {@code --no-map-gw} (or {@code --map-host-loopback none}). */
    public boolean noMapGateway() {
        return noMapGateway;
    }

    public boolean hostLoToNsLo() {
        return hostLoToNsLo;
    }

    public boolean noNetnsQuit() {
        return noNetnsQuit;
    }

    /** {@code --config-net}: configure addresses, routes, MTU and link state in the namespace. */
    public boolean configNet() {
        return configNet;
    }

    public boolean chrootFallback() {
        return chrootFallback;
    }

    /** The forwarding options as given, in order (defaults not included). */
    public List<ForwardSpec> forwardSpecs() {
        return List.copyOf(forwardSpecs);
    }

    /** What the tables may hold, as the rules were checked against. */
    public ForwardCapabilities forwardCapabilities() {
        return forwardCapabilities;
    }

    /** The forwarding rules, including pasta's {@code auto} defaults for options not given. */
    public ForwardRules forwardRules() {
        return forwardRules;
    }

    /**
     * Warnings pasta prints while parsing (e.g. {@code --stderr will be dropped soon}), in order. The
     * caller prints them to stderr, one per line, before anything else.
     */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }
}
