package org.jpasta.config;

import org.jpasta.cli.FamilyOptions;
import org.jpasta.cli.PastaOptions;

import java.net.InetAddress;
import java.nio.file.Path;

/**
 * Turns the parsed command line into the start of a {@link Configuration}; {@link HostNetwork} completes it
 * with what the host has. Kept apart from the parser so that the parser stays a pure function of argv.
 */
public final class ConfigurationFromOptions {
    private ConfigurationFromOptions() {}

    public static Configuration build(PastaOptions o) {
        Configuration c = new Configuration();
        c.mode = switch (o.mode()) {
            case SPAWN -> Configuration.Mode.SPAWN;
            case PID -> Configuration.Mode.PID;
            case NETNS -> Configuration.Mode.NETNS;
        };
        c.targetPid = o.pid();
        c.netnsPath = o.netnsPath();
        c.command.addAll(o.command());
        c.foreground = o.foreground();
        c.quiet = o.quiet();
        c.debug = o.debug();
        c.trace = o.trace();
        c.noNetnsQuit = o.noNetnsQuit();
        c.netnsOnly = o.netnsOnly();
        c.pidFile = o.pidFile() == null ? null : Path.of(o.pidFile());
        c.logFile = o.logFile() == null ? null : Path.of(o.logFile());
        if (o.logSize() > 0) {
            c.logSize = o.logSize();
        }
        c.hostname = o.hostname();
        c.fqdn = o.fqdn();
        c.configNet = o.configNet();
        c.nsIfname = o.nsInterfaceName();
        c.templateIfname = o.templateInterface();
        c.mtu = o.mtu();
        if (o.ourMac() != null) {
            c.ourMac = o.ourMac().bytes();
        }
        c.nsMac = o.namespaceMac() == null ? null : o.namespaceMac().bytes();
        c.noTcp = o.noTcp();
        c.noUdp = o.noUdp();
        c.noIcmp = o.noIcmp();
        c.noDhcp = o.noDhcp();
        c.noDhcpv6 = o.noDhcpv6();
        c.noNdp = o.noNdp();
        c.noRa = o.noRa();
        c.noSplice = o.noSplice();
        c.noMapGw = o.noMapGateway();
        c.spliceOnly = o.spliceOnly();
        c.hostLoToNsLo = o.hostLoToNsLo();
        c.freebind = o.freebind();
        c.statsDelay = o.statsDelay();
        c.pcapFile = o.pcapFile();
        c.dhcpDns = o.dhcpDns();
        c.dhcpSearch = o.dhcpSearch();
        c.noDns = o.noDns();
        c.noDnsSearch = o.noDnsSearch();
        c.dnsSearch.addAll(o.searchDomains());
        c.forwardRules = o.forwardRules();
        c.forwardCapabilities = o.forwardCapabilities();
        c.controlPath = o.controlPath();
        c.ip4.enabled = o.ipv4Enabled();
        c.ip6.enabled = o.ipv6Enabled();
        family(c.ip4, o.ipv4());
        family(c.ip6, o.ipv6());
        c.dnsForward4 = bytes(o.ipv4().dnsForward());
        c.dnsForward6 = bytes(o.ipv6().dnsForward());
        c.dnsHost4 = bytes(o.ipv4().dnsHost());
        c.dnsHost6 = bytes(o.ipv6().dnsHost());
        for (InetAddress a : o.ipv4().dnsServers()) {
            c.dns.add(a.getAddress());
        }
        for (InetAddress a : o.ipv6().dnsServers()) {
            c.dns.add(a.getAddress());
        }
        return c;
    }

    private static void family(Configuration.Family f, FamilyOptions o) {
        f.userAddress = bytes(o.address());
        if (o.address() != null || o.prefixLength() > 0) {
            f.userPrefixLength = o.prefixLength(); // -n alone sets the prefix of the copied address (DHCP mask)
        }
        f.userGateway = bytes(o.gateway());
        if (o.noCopyAddresses()) {
            f.copyAddresses = false;
        }
        if (o.noCopyRoutes()) {
            f.copyRoutes = false;
        }
        f.mapHostLoopback = bytes(o.mapHostLoopback());
        f.mapGuestAddr = bytes(o.mapGuestAddress());
        f.outboundAddress = bytes(o.outboundAddress());
        f.outboundInterface = o.outboundInterface();
    }

    private static byte[] bytes(InetAddress a) {
        return a == null ? null : a.getAddress();
    }
}
