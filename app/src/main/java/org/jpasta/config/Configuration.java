package org.jpasta.config;

import org.jpasta.sys.netlink.RtNetlink;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the daemon runs with. Written only during start-up (options, then {@link HostNetwork}), read
 * afterwards; see the package documentation.
 */
public final class Configuration {
    /** pasta's three ways to find its namespace. */
    public enum Mode { SPAWN, PID, NETNS }

    /** Default MTU: ROUND_DOWN(65535 - 14, 4), the largest a tap frame allows. */
    public static final int DEFAULT_MTU = 65520;
    /** pasta's own MAC address as the namespace sees it ({@code MAC_OUR_LAA}). */
    public static final byte[] DEFAULT_OUR_MAC = {(byte) 0x9a, 0x55, (byte) 0x9a, 0x55, (byte) 0x9a, 0x55};

    // ---- process
    public Mode mode = Mode.SPAWN;
    public int targetPid;
    public String netnsPath;
    public List<String> command = new ArrayList<>();
    public boolean foreground, quiet, debug, trace, noNetnsQuit, netnsOnly;
    public Path pidFile, logFile;
    public long logSize = 1 << 20;
    public String hostname;

    // ---- link
    public boolean configNet;
    public String nsIfname;
    public String templateIfname;
    public int mtu = DEFAULT_MTU;
    public byte[] ourMac = DEFAULT_OUR_MAC.clone();
    public byte[] nsMac;

    // ---- DNS
    /** {@code --dns-forward}: DNS sent to these addresses goes to {@link #dnsHost4} / {@link #dnsHost6}. */
    public byte[] dnsForward4, dnsForward6;
    /** {@code --dns-host}, else the first nameserver of the host's resolv.conf. */
    public byte[] dnsHost4, dnsHost6;
    /** Resolvers and search list advertised to the guest ({@code -D}, {@code -S}). */
    public List<byte[]> dns = new ArrayList<>();
    public List<String> dnsSearch = new ArrayList<>();
    public boolean dhcpDns, dhcpSearch;
    /** {@code -D none} / {@code -S none} (and {@code --splice-only}): no resolvers / search list from resolv.conf. */
    public boolean noDns, noDnsSearch;
    public String fqdn;

    // ---- forwarding
    /** {@code -t/-u/-T/-U} rules as parsed (pasta's defaults applied). */
    public org.jpasta.fwd.ForwardRules forwardRules;
    /** What the forwarding tables may hold (pasta's {@code FWD_CAP_*}), for rules that come in at run time. */
    public org.jpasta.fwd.ForwardCapabilities forwardCapabilities;
    /** {@code -c/--conf-path}: the configuration socket (pesto), or null. */
    public String controlPath;
    public boolean spliceOnly, hostLoToNsLo, freebind;
    public int statsDelay;
    public String pcapFile;

    // ---- protocols
    public boolean noTcp, noUdp, noIcmp, noDhcp, noNdp, noDhcpv6, noRa, noSplice, noMapGw;

    public final Family ip4 = new Family(4);
    public final Family ip6 = new Family(6);

    /** The per-IP-version part of the configuration. Addresses are 4 or 16 raw bytes. */
    public static final class Family {
        public final int version;
        public boolean enabled = true;
        /** Template interface on the host (null in local mode). */
        public String templateIf;
        public int templateIndex;
        /** The guest's address and prefix length. */
        public byte[] address;
        public int prefixLength;
        /** The guest's default gateway; for IPv4 also pasta's own address on the tap. */
        public byte[] gateway;
        /** IPv6: pasta's link-local address on the tap (the gateway if link-local, else the host's). */
        public byte[] ourLinkLocal;
        /** Packets to this address go to the host's loopback (null: off). */
        public byte[] mapHostLoopback;
        /** Packets to this address go to the guest's address as the host sees it (null: off). */
        public byte[] mapGuestAddr;
        /** {@code -o} / {@code --outbound-if4/6}: source address and interface for outbound sockets (null: any). */
        public byte[] outboundAddress;
        public String outboundInterface;
        /** Copy all template addresses / routes (false when -a / -g were given, or in local mode). */
        public boolean copyAddresses = true, copyRoutes = true;
        /** What the host has on the template interface, for copying with --config-net. */
        public List<RtNetlink.Address> hostAddresses = List.of();
        public List<RtNetlink.Route> hostRoutes = List.of();
        /** Set from -a / -g / -n. */
        public byte[] userAddress, userGateway;
        public int userPrefixLength = -1;
        public boolean localMode;

        Family(int version) {
            this.version = version;
        }

        public int addressLength() {
            return version == 4 ? 4 : 16;
        }
    }
}
