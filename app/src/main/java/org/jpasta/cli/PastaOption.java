package org.jpasta.cli;

import java.util.ArrayList;
import java.util.List;

import org.jpasta.cli.Getopt.ArgumentKind;
import org.jpasta.cli.Getopt.LongOption;

/**
 * Every option pasta's {@code conf()} knows, including those it only refuses in pasta mode.
 *
 * <p>Theory of operation: the option table is part of pasta's interface in a subtle way: glibc resolves
 * abbreviations against the whole table, so {@code --net} is ambiguous and {@code --no-dhcp-d} means
 * {@code --no-dhcp-dns} only because the passt-only options are present too, and ambiguity messages list
 * candidates in table order. So the long table below is pasta's, entry for entry and in pasta's order
 * (including {@code --socket-path} as an alias of {@code --socket}), and the short option string is
 * pasta's verbatim. Each long option gets the code of its short letter if it has one (as in C), otherwise
 * a private code above the character range.
 */
public enum PastaOption {
    DEBUG('d', ArgumentKind.NONE),
    QUIET('q', ArgumentKind.NONE),
    FOREGROUND('f', ArgumentKind.NONE),
    STDERR('e', ArgumentKind.NONE),
    LOG_FILE('l', ArgumentKind.REQUIRED),
    HELP('h', ArgumentKind.NONE),
    SOCKET('s', ArgumentKind.REQUIRED),
    FD('F', ArgumentKind.REQUIRED),
    NS_IFNAME('I', ArgumentKind.REQUIRED),
    PCAP('p', ArgumentKind.REQUIRED),
    PID('P', ArgumentKind.REQUIRED),
    MTU('m', ArgumentKind.REQUIRED),
    ADDRESS('a', ArgumentKind.REQUIRED),
    NETMASK('n', ArgumentKind.REQUIRED),
    MAC_ADDR('M', ArgumentKind.REQUIRED),
    GATEWAY('g', ArgumentKind.REQUIRED),
    INTERFACE('i', ArgumentKind.REQUIRED),
    OUTBOUND('o', ArgumentKind.REQUIRED),
    DNS('D', ArgumentKind.REQUIRED),
    SEARCH('S', ArgumentKind.REQUIRED),
    HOSTNAME('H', ArgumentKind.REQUIRED),
    NO_TCP(ArgumentKind.NONE),
    NO_UDP(ArgumentKind.NONE),
    NO_ICMP(ArgumentKind.NONE),
    NO_DHCP(ArgumentKind.NONE),
    NO_DHCPV6(ArgumentKind.NONE),
    NO_NDP(ArgumentKind.NONE),
    NO_RA(ArgumentKind.NONE),
    NO_SPLICE(ArgumentKind.NONE),
    SPLICE_ONLY(ArgumentKind.NONE),
    FREEBIND(ArgumentKind.NONE),
    NO_MAP_GW(ArgumentKind.NONE),
    IPV4_ONLY('4', ArgumentKind.NONE),
    IPV6_ONLY('6', ArgumentKind.NONE),
    ONE_OFF('1', ArgumentKind.NONE),
    TCP_PORTS('t', ArgumentKind.REQUIRED),
    UDP_PORTS('u', ArgumentKind.REQUIRED),
    TCP_NS('T', ArgumentKind.REQUIRED),
    UDP_NS('U', ArgumentKind.REQUIRED),
    USERNS(ArgumentKind.REQUIRED),
    NETNS(ArgumentKind.REQUIRED),
    NS_MAC_ADDR(ArgumentKind.REQUIRED),
    DHCP_DNS(ArgumentKind.NONE),
    NO_DHCP_DNS(ArgumentKind.NONE),
    DHCP_SEARCH(ArgumentKind.NONE),
    NO_DHCP_SEARCH(ArgumentKind.NONE),
    DNS_FORWARD(ArgumentKind.REQUIRED),
    NO_NETNS_QUIT(ArgumentKind.NONE),
    TRACE(ArgumentKind.NONE),
    RUNAS(ArgumentKind.REQUIRED),
    LOG_SIZE(ArgumentKind.REQUIRED),
    VERSION(ArgumentKind.NONE),
    OUTBOUND_IF4(ArgumentKind.REQUIRED),
    OUTBOUND_IF6(ArgumentKind.REQUIRED),
    CONFIG_NET(ArgumentKind.NONE),
    NO_COPY_ROUTES(ArgumentKind.NONE),
    NO_COPY_ADDRS(ArgumentKind.NONE),
    NETNS_ONLY(ArgumentKind.NONE),
    MAP_HOST_LOOPBACK(ArgumentKind.REQUIRED),
    MAP_GUEST_ADDR(ArgumentKind.REQUIRED),
    HOST_LO_TO_NS_LO(ArgumentKind.NONE),
    DNS_HOST(ArgumentKind.REQUIRED),
    VHOST_USER(ArgumentKind.NONE),
    PRINT_CAPABILITIES(ArgumentKind.NONE),
    FQDN(ArgumentKind.REQUIRED),
    REPAIR_PATH(ArgumentKind.REQUIRED),
    MIGRATE_EXIT(ArgumentKind.NONE),
    MIGRATE_NO_LINGER(ArgumentKind.NONE),
    STATS(ArgumentKind.REQUIRED),
    CONF_PATH('c', ArgumentKind.REQUIRED),
    CHROOT_FALLBACK(ArgumentKind.NONE);

    /** pasta's short option string; {@code +}: stop at the first non-option. */
    public static final String OPTSTRING = "+dqfel:hs:c:F:I:p:P:m:a:n:M:g:i:o:D:S:H:461t:u:T:U:";

    private static final int FIRST_LONG_ONLY_CODE = 256;
    private static final List<LongOption> LONG_OPTIONS = buildLongOptions();

    private final char shortName;
    private final ArgumentKind argument;

    PastaOption(char shortName, ArgumentKind argument) {
        this.shortName = shortName;
        this.argument = argument;
    }

    PastaOption(ArgumentKind argument) {
        this('\0', argument);
    }

    /** The long name, derived from the constant's name ({@code NO_DHCPV6} is {@code no-dhcpv6}). */
    public String longName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public ArgumentKind argument() {
        return argument;
    }

    /** The value {@link Getopt} returns for this option. */
    public int code() {
        return shortName != '\0' ? shortName : FIRST_LONG_ONLY_CODE + ordinal();
    }

    /** pasta's long option table, in pasta's order. */
    public static List<LongOption> longOptions() {
        return LONG_OPTIONS;
    }

    /** The option {@link Getopt} reported, or {@code null} for a code outside the table. */
    public static PastaOption ofCode(int code) {
        if (code >= FIRST_LONG_ONLY_CODE) {
            int ordinal = code - FIRST_LONG_ONLY_CODE;
            return ordinal < values().length ? values()[ordinal] : null;
        }
        for (PastaOption option : values()) {
            if (option.shortName == code && code != '\0') {
                return option;
            }
        }
        return null;
    }

    private static List<LongOption> buildLongOptions() {
        List<LongOption> table = new ArrayList<>();
        for (PastaOption option : values()) {
            table.add(new LongOption(option.longName(), option.argument, option.code()));
            if (option == PRINT_CAPABILITIES) {
                // pasta declares the vhost-user spelling of --socket right here, between these two.
                table.add(new LongOption("socket-path", SOCKET.argument, SOCKET.code()));
            }
        }
        return List.copyOf(table);
    }
}
