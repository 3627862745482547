package org.jpasta.cli;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jpasta.fwd.AddressKind;
import org.jpasta.fwd.AddressText;
import org.jpasta.fwd.CNumber;
import org.jpasta.fwd.CString;
import org.jpasta.fwd.Direction;
import org.jpasta.fwd.EphemeralRange;
import org.jpasta.fwd.ForwardCapabilities;
import org.jpasta.fwd.ForwardOption;
import org.jpasta.fwd.ForwardRules;
import org.jpasta.fwd.ForwardSpecException;
import org.jpasta.fwd.ForwardTableBuilder;
import org.jpasta.fwd.ParseCursor;
import org.jpasta.fwd.PortSpecParser;

/**
 * pasta's {@code conf()} option handling, for pasta mode.
 *
 * <p>Theory of operation: pasta processes its options strictly left to right and acts on each one as
 * it comes: {@code --version} and {@code --help} exit at once (so {@code pasta --bogus --version} fails
 * but {@code pasta --host-lo-to-ns-lo --version} prints the version), each value is validated when
 * read, and the first problem ends the run with pasta's message. Only then come cross-option checks,
 * {@code --runas}, the forwarding specs (a second pass, because specs depend on which IP versions are
 * enabled), the PID-or-command operands, and the {@code auto} defaults for forwarding options not given.
 * This class keeps exactly that order, one small handler per option, so that for any command line the
 * same error (or the same success) results as with pasta. The run-time parts of {@code conf()}
 * (interface and address detection, opening files, joining namespaces) are left to the caller.
 */
final class PastaOptionsParser {
    /** {@code LOGFILE_SIZE_MIN}: five times the larger of {@code BUFSIZ} and the page size. */
    static final long MIN_LOG_SIZE = 5L * 8192;
    /** Longest hostname or FQDN pasta accepts ({@code PASST_MAXDNAME} minus the terminator). */
    static final int MAX_DOMAIN_NAME = 253;
    /** Size of a search domain buffer ({@code NS_MAXDNAME}). */
    static final int SEARCH_DOMAIN_SIZE = 1025;
    /** Search domain slots ({@code MAXDNSRCH}). */
    static final int SEARCH_DOMAIN_SLOTS = 6;
    private static final String NETNS_RUN_DIR = "/run/netns";

    private final String programName;
    private final List<String> args;
    private final HostProbe host;
    private final PastaOptions result = new PastaOptions();
    private final List<String> warnings = result.warnings;

    private String userns = "";
    private String netns = "";
    private boolean noIpv6;
    private boolean copyRoutesOption;
    private boolean copyAddressesOption;
    /** {@code -n}'s prefix length in IPv6 bits (IPv4 length + 96), 0 if {@code -n} was not given. */
    private int netmaskOption;
    private boolean addressHadPrefix;
    private String runAs;
    private final String[] searchSlots = new String[SEARCH_DOMAIN_SLOTS];
    /** Next search slot: pasta does not rewind it on {@code -S none}. */
    private int nextSearchSlot;

    PastaOptionsParser(String programName, List<String> args, HostProbe host) {
        this.programName = programName;
        this.args = args;
        this.host = host;
        result.programName = programName;
    }

    PastaOptions parse() throws CliExit {
        validateFdArguments();
        noIpv6 = !host.ipv6Available();
        result.ipv4Only = noIpv6;
        Getopt getopt = new Getopt(programName, args, PastaOption.OPTSTRING, PastaOption.longOptions());
        for (Getopt.Option option = nextOption(getopt); option != null; option = nextOption(getopt)) {
            handle(option);
        }
        checkOptionCombinations();
        resolveRunAs();
        warnAboutSmallMtu();
        ForwardTables tables = parseForwardSpecs();
        resolveTarget(getopt.operands());
        applyImpliedFlags();
        addDefaultForwards(tables);
        result.forwardRules = new ForwardRules(tables.inbound.rules(), tables.outbound.rules());
        result.searchDomains.addAll(leadingSearchDomains());
        return result;
    }

    /**
     * Before parsing anything, pasta looks for {@code -F}/{@code --fd} (to keep that file open while
     * closing leaked ones) with a one-entry option table, scanning every argument up to {@code --},
     * including the command's. A bad value there wins over any other error, even over {@code --version}.
     */
    private void validateFdArguments() throws ConfigException {
        Getopt scan = new Getopt(programName, args, "-:F:",
                List.of(new Getopt.LongOption("fd", Getopt.ArgumentKind.REQUIRED, 'F')));
        while (true) {
            Getopt.Option option;
            try {
                option = scan.next();
            } catch (GetoptException e) {
                continue; // silent, as with pasta's ':' option string
            }
            if (option == null) {
                return;
            }
            if (option.code() == 'F') {
                parseTapFd(option.argument());
            }
        }
    }

    private Getopt.Option nextOption(Getopt getopt) throws UsageException {
        try {
            return getopt.next();
        } catch (GetoptException e) {
            throw usageError(e.getMessage());
        }
    }

    private UsageException usageError(String getoptMessage) {
        return new UsageException(getoptMessage, UsageText.forProgram(programName), warnings);
    }

    private ConfigException die(String message) {
        return new ConfigException(message, warnings);
    }

    private void handle(Getopt.Option parsed) throws CliExit {
        PastaOption option = PastaOption.ofCode(parsed.code());
        if (option == null) {
            throw usageError(null);
        }
        String arg = parsed.argument();
        switch (option) {
            case DEBUG -> {
                result.debug = true;
                result.quiet = false;
            }
            case QUIET -> {
                result.quiet = true;
                result.debug = false;
                result.trace = false;
            }
            case FOREGROUND -> result.foreground = true;
            case STDERR -> warnings.add("--stderr will be dropped soon");
            case LOG_FILE -> result.logFile = arg;
            case HELP -> throw new InfoExit(UsageText.forProgram(programName), "", warnings);
            case SOCKET -> throw die("-s is for passt / vhost-user mode only");
            case FD -> result.tapFd = parseTapFd(arg);
            case NS_IFNAME -> result.nsInterfaceName = requireInterfaceName(arg, "Invalid interface name: ");
            case PCAP -> result.pcapFile = requireFits(arg, CString.PATH_MAX, "Invalid pcap path: ");
            case PID -> result.pidFile = requireFits(arg, CString.PATH_MAX, "Invalid PID file: ");
            case MTU -> result.mtu = parseMtu(arg);
            case ADDRESS -> addressHadPrefix = parseGuestAddress(arg);
            case NETMASK -> parseNetmask(arg);
            case MAC_ADDR -> result.ourMac = parseMac(arg);
            case GATEWAY -> parseGateway(arg);
            case INTERFACE -> parseTemplateInterface(arg);
            case OUTBOUND -> parseOutboundAddress(arg);
            case DNS -> parseDns(arg);
            case SEARCH -> parseSearch(arg);
            case HOSTNAME -> result.hostname = requireDomainName(arg, "Invalid hostname: ");
            case NO_TCP -> result.noTcp = true;
            case NO_UDP -> result.noUdp = true;
            case NO_ICMP -> result.noIcmp = true;
            case NO_DHCP -> result.noDhcp = true;
            case NO_DHCPV6 -> result.noDhcpv6 = true;
            case NO_NDP -> result.noNdp = true;
            case NO_RA -> result.noRa = true;
            case NO_SPLICE -> result.noSplice = true;
            case SPLICE_ONLY -> result.spliceOnly = true;
            case FREEBIND -> result.freebind = true;
            case NO_MAP_GW -> result.noMapGateway = true;
            case IPV4_ONLY -> {
                result.ipv4Only = true;
                result.ipv6Only = false;
            }
            case IPV6_ONLY -> selectIpv6Only();
            case ONE_OFF -> throw die("--one-off is for passt mode only");
            case TCP_PORTS, UDP_PORTS, TCP_NS, UDP_NS ->
                    result.forwardSpecs.add(new PastaOptions.ForwardSpec(ForwardOption.ofLetter(parsed.code()), arg));
            case USERNS -> {
                userns = requireFits(arg, CString.PATH_MAX, "Invalid userns: ");
                result.netnsOnly = false;
            }
            case NETNS -> netns = netnsPath(arg);
            case NS_MAC_ADDR -> result.namespaceMac = parseMac(arg);
            case DHCP_DNS -> result.dhcpDns = true;
            case NO_DHCP_DNS -> throw die("--no-dhcp-dns is for passt mode only");
            case DHCP_SEARCH -> result.dhcpSearch = true;
            case NO_DHCP_SEARCH -> throw die("--no-dhcp-search is for passt mode only");
            case DNS_FORWARD -> parseDnsForward(arg);
            case NO_NETNS_QUIT -> result.noNetnsQuit = true;
            case TRACE -> {
                result.trace = true;
                result.debug = true;
                result.quiet = false;
            }
            case RUNAS -> runAs = arg;
            case LOG_SIZE -> result.logSize = parseLogSize(arg);
            case VERSION -> throw new InfoExit(VersionText.text(), "", warnings);
            case OUTBOUND_IF4 -> result.ipv4.outboundInterface = requireInterfaceName(arg, "Invalid interface name: ");
            case OUTBOUND_IF6 -> result.ipv6.outboundInterface = requireInterfaceName(arg, "Invalid interface name: ");
            case CONFIG_NET -> result.configNet = true;
            case NO_COPY_ROUTES -> noCopyRoutes();
            case NO_COPY_ADDRS -> noCopyAddresses();
            case NETNS_ONLY -> {
                result.netnsOnly = true;
                userns = "";
            }
            case MAP_HOST_LOOPBACK -> parseNat(arg, true);
            case MAP_GUEST_ADDR -> parseNat(arg, false);
            case HOST_LO_TO_NS_LO -> result.hostLoToNsLo = true;
            case DNS_HOST -> parseDnsHost(arg);
            case VHOST_USER -> throw die("--vhost-user is for passt mode only");
            case PRINT_CAPABILITIES -> throw new InfoExit("", "{\n  \"type\": \"net\"\n}\n", warnings);
            case FQDN -> result.fqdn = requireDomainName(arg, "Invalid FQDN: ");
            case REPAIR_PATH -> requireRepairPathNone(arg);
            case MIGRATE_EXIT -> throw die("--migrate-exit is for vhost-user mode only");
            case MIGRATE_NO_LINGER -> throw die("--migrate-no-linger is for vhost-user mode only");
            case STATS -> parseStats(arg);
            case CONF_PATH -> result.controlPath = requireFits(arg, CString.UNIX_PATH_MAX, "Invalid configuration path: ");
            case CHROOT_FALLBACK -> result.chrootFallback = true;
            default -> throw new IllegalStateException("option without handler: " + option);
        }
    }

    private String requireFits(String arg, int bufferSize, String messagePrefix) throws ConfigException {
        if (!CString.fitsNonEmpty(arg, bufferSize)) {
            throw die(messagePrefix + arg);
        }
        return arg;
    }

    private String requireInterfaceName(String arg, String messagePrefix) throws ConfigException {
        return requireFits(arg, CString.IFNAMSIZ, messagePrefix);
    }

    private String requireDomainName(String arg, String messagePrefix) throws ConfigException {
        if (CString.length(arg) > MAX_DOMAIN_NAME) {
            throw die(messagePrefix + arg);
        }
        return arg;
    }

    private int parseTapFd(String arg) throws ConfigException {
        Long fd = parseWholeUnsigned(arg, 0);
        boolean valid = fd != null && Long.compareUnsigned(fd, Integer.MAX_VALUE) <= 0 && (fd == 0 || fd > 2);
        if (!valid) {
            throw die("Invalid --fd: " + arg);
        }
        return fd.intValue();
    }

    private int parseMtu(String arg) throws ConfigException {
        Long mtu = parseWholeUnsigned(arg, 0);
        if (mtu == null) {
            throw die("Invalid MTU: " + arg);
        }
        if (Long.compareUnsigned(mtu, PastaOptions.MAX_MTU) > 0) {
            throw die("MTU " + Long.toUnsignedString(mtu) + " too large (max " + PastaOptions.MAX_MTU + ")");
        }
        return mtu.intValue();
    }

    private long parseLogSize(String arg) throws ConfigException {
        Long size = parseWholeUnsigned(arg, 0);
        if (size == null || Long.compareUnsigned(size, MIN_LOG_SIZE) < 0) {
            throw die("Invalid --log-size: " + arg);
        }
        return size;
    }

    /** {@code parse_unsigned() && parse_eoi()}: the whole string must be one number. */
    private static Long parseWholeUnsigned(String text, int base) {
        ParseCursor cursor = new ParseCursor(text);
        Long value = cursor.unsigned(base);
        return value != null && cursor.atEnd() ? value : null;
    }

    /**
     * {@code -a ADDR[/PREFIXLEN]}; returns whether a prefix length was given (then a later {@code -n} is
     * redundant).
     */
    private boolean parseGuestAddress(String arg) throws ConfigException {
        ParseCursor cursor = new ParseCursor(arg);
        ParseCursor.NotatedAddress notated = cursor.anyAddressWithNotation();
        if (notated == null) {
            throw die("Invalid guest address: " + arg);
        }
        InetAddress address = notated.address();
        boolean ipv4 = address instanceof Inet4Address;
        boolean hasPrefix = cursor.literal("/");
        long prefixLength;
        if (hasPrefix) {
            Long given = cursor.unsigned(10);
            if (given == null) {
                throw die("Invalid guest address: " + arg);
            }
            if (netmaskOption != 0) {
                throw die("Redundant prefix length specification");
            }
            long limit = notated.ipv6Notation() ? 128 : 32;
            if (Long.compareUnsigned(given, limit) > 0) {
                throw die("Invalid prefix length: " + arg);
            }
            prefixLength = notated.ipv6Notation() ? given : given + 96;
        } else if (netmaskOption != 0 && ipv4) {
            prefixLength = netmaskOption;
        } else {
            prefixLength = ipv4 ? AddressKind.classfulPrefixLength((Inet4Address) address) + 96 : 64;
        }
        if (!cursor.atEnd() || !isUnicast(address) || AddressKind.isLoopback(address)) {
            throw die("Invalid guest address: " + arg);
        }
        FamilyOptions family = ipv4 ? result.ipv4 : result.ipv6;
        family.address = address;
        family.noCopyAddresses = true;
        if (ipv4) {
            family.prefixLength = (int) ((prefixLength - 96) & 0xff);
        }
        return hasPrefix;
    }

    private static boolean isUnicast(InetAddress address) {
        return !AddressKind.isUnspecified(address) && !AddressKind.isMulticast(address)
                && !AddressKind.isBroadcast(address);
    }

    private void parseNetmask(String arg) throws ConfigException {
        if (addressHadPrefix) {
            throw die("Redundant prefix length specification");
        }
        int length = parseIpv4PrefixLength(arg);
        result.ipv4.prefixLength = length;
        netmaskOption = length + 96;
    }

    /** A dotted netmask with contiguous ones, or a number up to 32 (any base {@code strtoul()} knows). */
    private int parseIpv4PrefixLength(String arg) throws ConfigException {
        ParseCursor cursor = new ParseCursor(arg);
        Inet4Address mask = cursor.ipv4();
        if (mask != null && cursor.atEnd()) {
            byte[] b = mask.getAddress();
            int hostOrder = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
            int length = Integer.bitCount(hostOrder);
            // Java masks shift counts as x86 does, so 255.255.255.255 is refused just like in pasta.
            if ((hostOrder << length) == 0) {
                return length;
            }
        } else {
            // pasta retries as a number from wherever the address parse stopped, so keep the cursor.
            Long length = cursor.unsigned(0);
            if (length != null && cursor.atEnd() && Long.compareUnsigned(length, 32) <= 0) {
                return length.intValue();
            }
        }
        throw die("Invalid prefix length: " + arg);
    }

    private MacAddress parseMac(String arg) throws ConfigException {
        MacAddress mac = MacAddress.parse(arg);
        if (mac == null) {
            throw die("Invalid MAC address: " + arg);
        }
        return mac;
    }

    private void parseGateway(String arg) throws ConfigException {
        Inet6Address v6 = AddressText.parseIpv6(arg);
        if (v6 != null && !AddressKind.isUnspecified(v6) && !AddressKind.isLoopback(v6)) {
            result.ipv6.gateway = v6;
            result.ipv6.noCopyRoutes = true;
            return;
        }
        Inet4Address v4 = AddressText.parseIpv4(arg);
        if (v4 != null && !AddressKind.isUnspecified(v4) && !AddressKind.isBroadcast(v4)
                && !AddressKind.isLoopback(v4)) {
            result.ipv4.gateway = v4;
            result.ipv4.noCopyRoutes = true;
            return;
        }
        throw die("Invalid gateway address: " + arg);
    }

    private void parseTemplateInterface(String arg) throws ConfigException {
        int index = host.interfaceIndex(arg);
        if (index == 0) {
            throw die("Invalid interface name " + arg + ": No such device");
        }
        result.templateInterface = arg;
        result.templateInterfaceIndex = index;
    }

    private void parseOutboundAddress(String arg) throws ConfigException {
        Inet6Address v6 = AddressText.parseIpv6(arg);
        if (v6 != null && !AddressKind.isUnspecified(v6) && !AddressKind.isLoopback(v6)
                && !AddressKind.isIpv4Mapped(v6) && !AddressKind.isIpv4Compatible(v6)
                && !AddressKind.isMulticast(v6)) {
            result.ipv6.outboundAddress = v6;
            return;
        }
        Inet4Address v4 = AddressText.parseIpv4(arg);
        if (v4 != null && !AddressKind.isUnspecified(v4) && !AddressKind.isBroadcast(v4)
                && !AddressKind.isMulticast(v4)) {
            result.ipv4.outboundAddress = v4;
            return;
        }
        throw die("Invalid or redundant outbound address: " + arg);
    }

    private void parseDns(String arg) throws ConfigException {
        if (arg.equals("none")) {
            result.noDns = true;
            for (FamilyOptions family : List.of(result.ipv4, result.ipv6)) {
                family.dnsServers.clear();
                family.dnsForward = null;
                family.dnsHost = null;
            }
            return;
        }
        result.noDns = false;
        InetAddress address = AddressText.parseIpv4(arg);
        FamilyOptions family = result.ipv4;
        if (address == null) {
            address = AddressText.parseIpv6(arg);
            family = result.ipv6;
        }
        if (address == null) {
            throw die("Cannot use DNS address " + arg);
        }
        if (family.dnsServers.size() < FamilyOptions.MAX_DNS_SERVERS) {
            family.dnsServers.add(address);
        }
    }

    private void parseSearch(String arg) throws ConfigException {
        if (arg.equals("none")) {
            result.noDnsSearch = true;
            java.util.Arrays.fill(searchSlots, null);
            return;
        }
        result.noDnsSearch = false;
        if (nextSearchSlot < SEARCH_DOMAIN_SLOTS) {
            searchSlots[nextSearchSlot++] = arg;
            if (CString.fitsNonEmpty(arg, SEARCH_DOMAIN_SIZE)) {
                return;
            }
        }
        throw die("Cannot use DNS search domain " + arg);
    }

    /** Search domains as pasta's consumers see them: the slots up to the first empty one. */
    private List<String> leadingSearchDomains() {
        List<String> domains = new ArrayList<>();
        for (String slot : searchSlots) {
            if (slot == null || slot.isEmpty()) {
                break;
            }
            domains.add(slot);
        }
        return domains;
    }

    private void selectIpv6Only() throws ConfigException {
        if (noIpv6) {
            throw die("IPv6 not available but --ipv6-only given");
        }
        result.ipv6Only = true;
        result.ipv4Only = false;
    }

    /** {@code --netns}: a bare name lives in {@code /run/netns}. */
    private String netnsPath(String arg) throws ConfigException {
        // String.concat, not '+': this runs on every start, and the first '+' costs a bootstrap.
        String path = arg.indexOf('/') < 0 ? NETNS_RUN_DIR.concat("/").concat(arg) : arg;
        if (CString.length(path) > CString.PATH_MAX) {
            throw die("Network namespace name/path " + arg + " too long");
        }
        return path;
    }

    private void parseDnsForward(String arg) throws ConfigException {
        Inet6Address v6 = AddressText.parseIpv6(arg);
        if (v6 != null && !AddressKind.isUnspecified(v6) && !AddressKind.isLoopback(v6)) {
            result.ipv6.dnsForward = v6;
            return;
        }
        Inet4Address v4 = AddressText.parseIpv4(arg);
        if (v4 != null && !AddressKind.isUnspecified(v4) && !AddressKind.isBroadcast(v4)
                && !AddressKind.isLoopback(v4)) {
            result.ipv4.dnsForward = v4;
            return;
        }
        throw die("Invalid DNS forwarding address: " + arg);
    }

    private void parseDnsHost(String arg) throws ConfigException {
        Inet6Address v6 = AddressText.parseIpv6(arg);
        if (v6 != null && !AddressKind.isUnspecified(v6)) {
            result.ipv6.dnsHost = v6;
            return;
        }
        Inet4Address v4 = AddressText.parseIpv4(arg);
        if (v4 != null && !AddressKind.isUnspecified(v4) && !AddressKind.isBroadcast(v4)) {
            result.ipv4.dnsHost = v4;
            return;
        }
        throw die("Invalid host nameserver address: " + arg);
    }

    /**
     * {@code --map-host-loopback} ({@code hostLoopback}) and {@code --map-guest-addr}: an address of either
     * version, or {@code none}.
     */
    private void parseNat(String arg, boolean hostLoopback) throws ConfigException {
        if (arg.equals("none")) {
            setNat(result.ipv4, null, hostLoopback);
            setNat(result.ipv6, null, hostLoopback);
            if (hostLoopback) {
                result.noMapGateway = true;
            }
            return;
        }
        Inet6Address v6 = AddressText.parseIpv6(arg);
        if (v6 != null && isRemappable(v6)) {
            setNat(result.ipv6, v6, hostLoopback);
            return;
        }
        Inet4Address v4 = AddressText.parseIpv4(arg);
        if (v4 != null && isRemappable(v4)) {
            setNat(result.ipv4, v4, hostLoopback);
            return;
        }
        throw die("Invalid address to remap to host: " + arg);
    }

    private static void setNat(FamilyOptions family, InetAddress address, boolean hostLoopback) {
        if (hostLoopback) {
            family.mapHostLoopback = address;
        } else {
            family.mapGuestAddress = address;
        }
    }

    private static boolean isRemappable(InetAddress address) {
        return !AddressKind.isUnspecified(address) && !AddressKind.isLoopback(address)
                && !AddressKind.isMulticast(address);
    }

    private void noCopyRoutes() {
        warnings.add("--no-copy-routes will be dropped soon");
        result.ipv4.noCopyRoutes = true;
        result.ipv6.noCopyRoutes = true;
        copyRoutesOption = true;
    }

    private void noCopyAddresses() {
        warnings.add("--no-copy-addrs will be dropped soon");
        result.ipv4.noCopyAddresses = true;
        result.ipv6.noCopyAddresses = true;
        copyAddressesOption = true;
    }

    private void requireRepairPathNone(String arg) throws ConfigException {
        if (!arg.equals("none")) {
            throw die("--repair-path is for vhost-user mode only");
        }
    }

    private void parseStats(String arg) throws ConfigException {
        if (!result.foreground) {
            throw die("Can't display statistics if not running in foreground");
        }
        result.statsDelay = (int) CNumber.strtol(arg, 0, 0).value();
    }

    private void checkOptionCombinations() throws ConfigException {
        if (result.noSplice && result.hostLoToNsLo) {
            throw die("--host-lo-to-ns-lo is incompatible with --no-splice");
        }
        if (!result.configNet && copyRoutesOption) {
            throw die("--no-copy-routes needs --config-net");
        }
        if (!result.configNet && copyAddressesOption) {
            throw die("--no-copy-addrs needs --config-net");
        }
        if (result.spliceOnly) {
            if (result.noSplice) {
                throw die("--splice-only is incompatible with --no-splice");
            }
            result.hostLoToNsLo = true;
            result.noIcmp = true;
            result.noDns = true;
            result.noDnsSearch = true;
        }
    }

    /** {@code --runas UID|UID:GID|LOGIN[:GROUP]}, numbers in any {@code strtol()} base. */
    private void resolveRunAs() throws ConfigException {
        if (runAs == null) {
            return;
        }
        int colon = runAs.indexOf(':');
        String userPart = colon < 0 ? runAs : runAs.substring(0, colon);
        String groupPart = colon < 0 ? null : runAs.substring(colon + 1);
        // pasta cuts the option at the colon before printing it in the error message.
        String invalid = "Invalid --runas option: " + userPart;
        long uid;
        long gid;
        CNumber number = CNumber.strtol(userPart, 0, 0);
        if (number.end() == userPart.length()) {
            uid = number.value() & 0xffffffffL;
            gid = uid;
        } else {
            Optional<RunAs> user = host.user(userPart);
            if (user.isEmpty() || user.get().uid() == 0) {
                throw die(invalid);
            }
            uid = user.get().uid();
            gid = user.get().gid();
        }
        if (groupPart != null) {
            CNumber groupNumber = CNumber.strtol(groupPart, 0, 0);
            if (groupNumber.end() == groupPart.length()) {
                gid = groupNumber.value() & 0xffffffffL;
            } else {
                Optional<Long> group = host.group(groupPart);
                if (group.isEmpty()) {
                    throw die(invalid);
                }
                gid = group.get();
            }
        }
        result.runAsText = runAs;
        result.runAs = new RunAs(uid, gid);
    }

    /**
     * pasta warns about MTUs below the minimum of each enabled IP version. It only does so for versions
     * with a template interface on the host; we assume there is one (no local mode).
     */
    private void warnAboutSmallMtu() {
        if (result.spliceOnly) {
            return;
        }
        if (result.ipv4Enabled() && result.mtu < 68) {
            warnings.add("MTU " + result.mtu + " is too small for IPv4 (minimum 68)");
        }
        if (result.ipv6Enabled() && result.mtu < 1280) {
            warnings.add("MTU " + result.mtu + " is too small for IPv6 (minimum 1280)");
        }
    }

    private ForwardTables parseForwardSpecs() throws ConfigException {
        ForwardCapabilities capabilities = new ForwardCapabilities(result.ipv4Enabled(), result.ipv6Enabled(),
                !result.noTcp, !result.noUdp, true, host.bindToDeviceAvailable());
        result.forwardCapabilities = capabilities;
        EphemeralRange ephemeral = host.ephemeralRange(warnings);
        ForwardTables tables = new ForwardTables(capabilities, new PortSpecParser(ephemeral, warnings));
        for (PastaOptions.ForwardSpec spec : result.forwardSpecs) {
            tables.parse(spec.option(), spec.spec());
        }
        return tables;
    }

    private void resolveTarget(List<String> operands) throws ConfigException {
        if (!netns.isEmpty() && !operands.isEmpty()) {
            throw die("Both --netns and PID or command given");
        }
        if (operands.size() == 1) {
            Long pid = parseWholeUnsigned(operands.get(0), 10);
            if (pid != null) {
                if (Long.compareUnsigned(pid, Integer.MAX_VALUE) > 0) {
                    throw die("Invalid PID " + operands.get(0));
                }
                result.pid = pid.intValue();
                String procDir = "/proc/".concat(Long.toString(pid));
                netns = procDir.concat("/ns/net");
                if (userns.isEmpty()) {
                    userns = procDir.concat("/ns/user");
                }
            }
        }
        if (!netns.isEmpty() && userns.isEmpty()) {
            result.netnsOnly = true;
        }
        if (result.pid >= 0) {
            result.mode = Mode.PID;
        } else if (!netns.isEmpty()) {
            result.mode = Mode.NETNS;
        } else {
            result.mode = Mode.SPAWN;
            result.command = List.copyOf(operands);
        }
        result.netnsPath = netns.isEmpty() ? null : netns;
        result.usernsPath = userns.isEmpty() ? null : userns;
    }

    private void applyImpliedFlags() {
        if (result.noIcmp) {
            result.noNdp = true;
        }
        if (result.configNet) {
            result.noRa = true;
        }
    }

    /**
     * pasta forwards {@code auto} for each of {@code -t -T -u -U} not given (in that order). Unlike
     * pasta, a protocol disabled with {@code --no-tcp}/{@code --no-udp} gets no default: pasta would
     * refuse its own default rule and fail to start.
     */
    private void addDefaultForwards(ForwardTables tables) throws ConfigException {
        for (ForwardOption option : List.of(ForwardOption.TCP_PORTS, ForwardOption.TCP_NS,
                ForwardOption.UDP_PORTS, ForwardOption.UDP_NS)) {
            boolean given = false;
            for (PastaOptions.ForwardSpec spec : result.forwardSpecs) {
                given |= spec.option() == option;
            }
            boolean protocolEnabled = tables.capabilities.allows(option.protocol());
            if (!given && protocolEnabled) {
                tables.parse(option, "auto");
            }
        }
    }

    /** The inbound and outbound tables being filled, and the spec parser feeding them. */
    private final class ForwardTables {
        final ForwardCapabilities capabilities;
        final PortSpecParser parser;
        final ForwardTableBuilder inbound;
        final ForwardTableBuilder outbound;

        ForwardTables(ForwardCapabilities capabilities, PortSpecParser parser) {
            this.capabilities = capabilities;
            this.parser = parser;
            this.inbound = new ForwardTableBuilder(Direction.INBOUND, capabilities);
            this.outbound = new ForwardTableBuilder(Direction.OUTBOUND, capabilities);
        }

        void parse(ForwardOption option, String spec) throws ConfigException {
            ForwardTableBuilder table = option.direction() == Direction.INBOUND ? inbound : outbound;
            try {
                parser.parse(option, spec, table);
            } catch (ForwardSpecException e) {
                throw new ConfigException(e.lines(), warnings);
            }
        }
    }
}
