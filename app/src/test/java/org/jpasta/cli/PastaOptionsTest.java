package org.jpasta.cli;

import static org.jpasta.cli.ClientArgvTest.addr;
import static org.jpasta.cli.ClientArgvTest.rules;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.jpasta.fwd.Direction;
import org.junit.jupiter.api.Test;

/** Values, defaults, precedence and messages of {@link PastaOptions#parse}. */
class PastaOptionsTest {
    private final FakeHost host = new FakeHost();

    private PastaOptions parse(String... args) throws CliExit {
        return PastaOptions.parse("pasta", args, host);
    }

    private String configError(String... args) {
        return assertThrows(ConfigException.class, () -> parse(args)).getMessage();
    }

    @Test
    void noArgumentsMeansSpawnAShellWithPastaDefaults() throws CliExit {
        PastaOptions o = parse();
        assertEquals(Mode.SPAWN, o.mode());
        assertEquals(List.of(), o.command());
        assertEquals(-1, o.pid());
        assertNull(o.netnsPath());
        assertNull(o.usernsPath());
        assertFalse(o.netnsOnly());
        assertEquals(65520, o.mtu());
        assertEquals("9a:55:9a:55:9a:55", o.ourMac().toString());
        assertNull(o.namespaceMac());
        assertFalse(o.dhcpDns());
        assertFalse(o.dhcpSearch());
        assertFalse(o.quiet());
        assertTrue(o.ipv4Enabled() && o.ipv6Enabled());
        assertEquals(List.of("TCP [*]:1-32767  =>  1-32767  (best effort) (auto-scan)",
                "TCP [*]:61000-65535  =>  61000-65535  (best effort) (auto-scan)",
                "UDP [*]:1-32767  =>  1-32767  (best effort) (auto-scan)",
                "UDP [*]:61000-65535  =>  61000-65535  (best effort) (auto-scan)"), rules(o, Direction.INBOUND));
        assertEquals(List.of("TCP [*]%lo:1-32767  =>  1-32767  (best effort) (auto-scan)",
                "TCP [*]%lo:61000-65535  =>  61000-65535  (best effort) (auto-scan)",
                "UDP [*]%lo:1-32767  =>  1-32767  (best effort) (auto-scan)",
                "UDP [*]%lo:61000-65535  =>  61000-65535  (best effort) (auto-scan)"), rules(o, Direction.OUTBOUND));
        assertEquals(List.of(), o.warnings());
    }

    @Test
    void commandStartsAtFirstNonOption() throws CliExit {
        PastaOptions o = parse("-t", "80", "cmd", "--args", "-t", "81");
        assertEquals(List.of("cmd", "--args", "-t", "81"), o.command());
        assertEquals(List.of("TCP [*]:80  =>  80 "), rules(o, Direction.INBOUND).subList(0, 1));
        assertEquals(List.of("sh", "-c", "x"), parse("--", "sh", "-c", "x").command());
        assertEquals(List.of("1", "2"), parse("1", "2").command(), "two numbers are a command");
        assertEquals(List.of("42x"), parse("42x").command());
    }

    @Test
    void pidOperand() throws CliExit {
        PastaOptions o = parse("42");
        assertEquals(Mode.PID, o.mode());
        assertEquals(42, o.pid());
        assertEquals("/proc/42/ns/net", o.netnsPath());
        assertEquals("/proc/42/ns/user", o.usernsPath());
        assertFalse(o.netnsOnly());
        assertEquals(42, parse(" 42").pid(), "strtoul() skips white space");
        assertEquals(42, parse("--", "+42").pid());
        assertEquals(2147483647, parse("2147483647").pid());
        assertEquals("Invalid PID 2147483648", configError("2147483648"));
    }

    @Test
    void pidWithUsernsOrNetnsOnly() throws CliExit {
        PastaOptions userns = parse("--userns", "/proc/1/ns/user", "42");
        assertEquals("/proc/1/ns/user", userns.usernsPath());
        PastaOptions netnsOnly = parse("--netns-only", "42");
        assertTrue(netnsOnly.netnsOnly());
        assertEquals("/proc/42/ns/user", netnsOnly.usernsPath(), "computed, but not used with --netns-only");
    }

    @Test
    void netnsNameAndPath() throws CliExit {
        assertEquals("/run/netns/blue", parse("--netns", "blue").netnsPath());
        assertEquals("/run/netns/", parse("--netns", "").netnsPath());
        assertEquals("./blue", parse("--netns=./blue").netnsPath());
        assertEquals("Both --netns and PID or command given", configError("--netns", "blue", "42"));
        assertEquals("Both --netns and PID or command given", configError("--netns", "blue", "--", "ls"));
    }

    @Test
    void netnsOnlyAndUsernsOverrideEachOther() throws CliExit {
        PastaOptions usernsLast = parse("--netns-only", "--userns", "/u", "--netns", "/n");
        assertFalse(usernsLast.netnsOnly());
        assertEquals("/u", usernsLast.usernsPath());
        PastaOptions netnsOnlyLast = parse("--userns", "/u", "--netns-only", "--netns", "/n");
        assertTrue(netnsOnlyLast.netnsOnly());
        assertNull(netnsOnlyLast.usernsPath());
        assertTrue(parse("--netns-only").netnsOnly());
    }

    @Test
    void verbosityLastOneWins() throws CliExit {
        PastaOptions debugThenQuiet = parse("-d", "-q");
        assertTrue(debugThenQuiet.quiet());
        assertFalse(debugThenQuiet.debug());
        PastaOptions quietThenTrace = parse("-q", "--trace");
        assertFalse(quietThenTrace.quiet());
        assertTrue(quietThenTrace.debug() && quietThenTrace.trace());
        PastaOptions traceThenQuiet = parse("--trace", "--quiet");
        assertFalse(traceThenQuiet.trace());
    }

    @Test
    void impliedFlags() throws CliExit {
        PastaOptions spliceOnly = parse("--splice-only");
        assertTrue(spliceOnly.hostLoToNsLo() && spliceOnly.noIcmp() && spliceOnly.noDns() && spliceOnly.noDnsSearch());
        assertTrue(spliceOnly.noNdp(), "no ICMP implies no NDP");
        assertTrue(parse("--no-icmp").noNdp());
        assertTrue(parse("--config-net").noRa());
        assertFalse(parse().noRa());
    }

    @Test
    void guestAddressAndPrefixLength() throws CliExit {
        assertEquals(8, parse("-a", "10.1.2.3").ipv4().prefixLength(), "class A");
        assertEquals(16, parse("-a", "172.16.0.1").ipv4().prefixLength(), "class B");
        assertEquals(24, parse("-a", "192.168.1.1").ipv4().prefixLength(), "class C");
        assertEquals(20, parse("-a", "10.0.0.1/20").ipv4().prefixLength());
        assertEquals(16, parse("-n", "16", "-a", "10.0.0.1").ipv4().prefixLength());
        assertEquals(24, parse("-a", "10.0.0.1", "-n", "255.255.255.0").ipv4().prefixLength());
        assertEquals(24, parse("-n", "0x18").ipv4().prefixLength());
        assertEquals(0, parse("-n", "0.0.0.0").ipv4().prefixLength());
        // pasta retries a trailing number after a netmask: "255.255.255.0 24" is /24.
        assertEquals(24, parse("-n", "255.255.255.0 24").ipv4().prefixLength());
        PastaOptions mapped = parse("-a", "::ffff:10.0.0.1/104");
        assertEquals("10.0.0.1", addr(mapped.ipv4().address()));
        assertEquals(8, mapped.ipv4().prefixLength(), "IPv6 notation counts IPv6 bits");
        assertNull(mapped.ipv6().address());
        PastaOptions both = parse("-a", "10.0.0.1/24", "-a", "2001:db8::1/64", "-a", "10.0.0.2");
        assertEquals("10.0.0.2", addr(both.ipv4().address()), "last one wins per IP version");
        assertEquals(8, both.ipv4().prefixLength());
        assertEquals("2001:db8::1", addr(both.ipv6().address()));
        assertTrue(both.ipv4().noCopyAddresses() && both.ipv6().noCopyAddresses());
        assertEquals("10.0.0.1", addr(parse("-a", "[10.0.0.1]").ipv4().address()));
        assertEquals("2001:db8::1", addr(parse("-a", "[2001:db8::1]").ipv6().address()));
    }

    @Test
    void guestAddressErrors() {
        assertEquals("Redundant prefix length specification", configError("-a", "10.0.0.1/24", "-n", "24"));
        assertEquals("Redundant prefix length specification", configError("-n", "24", "-a", "10.0.0.1/24"));
        assertEquals("Invalid prefix length: 10.0.0.1/33", configError("-a", "10.0.0.1/33"));
        assertEquals("Invalid guest address: 10.0.0.1/x", configError("-a", "10.0.0.1/x"));
        assertEquals("Invalid guest address: 127.0.0.1", configError("-a", "127.0.0.1"));
        assertEquals("Invalid prefix length: 255.255.255.255", configError("-n", "255.255.255.255"));
    }

    @Test
    void addressOptionsPerFamily() throws CliExit {
        PastaOptions o = parse("-g", "10.0.0.1", "-g", "fe80::1", "-o", "10.0.0.5", "-o", "2001:db8::5",
                "--outbound-if4", "eth0", "--outbound-if6", "eth1", "--dns-host", "10.0.0.53",
                "--dns-host", "fd00::53", "--map-host-loopback", "10.0.0.9", "--map-guest-addr", "fd00::9");
        assertEquals("10.0.0.1", addr(o.ipv4().gateway()));
        assertEquals("fe80::1", addr(o.ipv6().gateway()));
        assertEquals("10.0.0.5", addr(o.ipv4().outboundAddress()));
        assertEquals("2001:db8::5", addr(o.ipv6().outboundAddress()));
        assertEquals("eth0", o.ipv4().outboundInterface());
        assertEquals("eth1", o.ipv6().outboundInterface());
        assertEquals("10.0.0.53", addr(o.ipv4().dnsHost()));
        assertEquals("fd00::53", addr(o.ipv6().dnsHost()));
        assertEquals("10.0.0.9", addr(o.ipv4().mapHostLoopback()));
        assertNull(o.ipv6().mapHostLoopback());
        assertEquals("fd00::9", addr(o.ipv6().mapGuestAddress()));
        assertFalse(o.noMapGateway());
        PastaOptions none = parse("--map-host-loopback", "10.0.0.9", "--map-host-loopback", "none");
        assertNull(none.ipv4().mapHostLoopback());
        assertTrue(none.noMapGateway(), "none implies --no-map-gw");
        assertFalse(parse("--map-guest-addr", "none").noMapGateway());
    }

    @Test
    void dnsServersAccumulateUpToThreePerFamily() throws CliExit {
        PastaOptions o = parse("-D", "10.0.0.1", "-D", "fd00::1", "-D", "10.0.0.2", "-D", "10.0.0.3", "-D", "10.0.0.4");
        assertEquals(List.of("10.0.0.1", "10.0.0.2", "10.0.0.3"),
                o.ipv4().dnsServers().stream().map(ClientArgvTest::addr).toList());
        assertEquals(List.of("fd00::1"), o.ipv6().dnsServers().stream().map(ClientArgvTest::addr).toList());
        PastaOptions reset = parse("-D", "10.0.0.1", "--dns-forward", "10.0.0.53", "-D", "none");
        assertTrue(reset.noDns());
        assertEquals(List.of(), reset.ipv4().dnsServers());
        assertNull(reset.ipv4().dnsForward(), "-D none also forgets --dns-forward");
        assertFalse(parse("-D", "none", "-D", "10.0.0.1").noDns());
    }

    @Test
    void searchDomains() throws CliExit {
        assertEquals(List.of("a.example", "b.example"), parse("-S", "a.example", "-S", "b.example").searchDomains());
        assertTrue(parse("-S", "a", "-S", "none").noDnsSearch());
        // pasta clears the list on "none" but keeps writing after the old entries, which hides later ones.
        assertEquals(List.of(), parse("-S", "a", "-S", "none", "-S", "b").searchDomains());
        assertEquals(List.of("b"), parse("-S", "none", "-S", "b").searchDomains());
        assertEquals("Cannot use DNS search domain g", configError("-S", "a", "-S", "b", "-S", "c", "-S", "d",
                "-S", "e", "-S", "f", "-S", "g"));
    }

    @Test
    void macAddresses() throws CliExit {
        assertEquals("0a:bb:cc:dd:ee:ff", parse("-M", "+a:BB:cc:dd:ee:ff").ourMac().toString());
        assertEquals(0x9add31ea9298L, parse("--ns-mac-addr", "9a:dd:31:ea:92:98").namespaceMac().toLong());
        assertEquals("Invalid MAC address: 9a:dd:31:ea:92", configError("-M", "9a:dd:31:ea:92"));
    }

    @Test
    void runAs() throws CliExit {
        assertEquals(new RunAs(1000, 1000), parse("--runas", "1000").runAs());
        assertEquals(new RunAs(1000, 100), parse("--runas", "1000:100").runAs());
        assertEquals(new RunAs(1000, 1000), parse("--runas", "0x3e8").runAs());
        assertEquals(new RunAs(1000, 1000), parse("--runas", "alice").runAs());
        assertEquals(new RunAs(1000, 100), parse("--runas", "alice:users").runAs());
        assertEquals(new RunAs(65534, 0), parse("--runas", "nobody:0").runAs());
        assertEquals(new RunAs(0, 0), parse("--runas", "").runAs(), "strtol(\"\") is 0");
        assertEquals(new RunAs(4294967295L, 4294967295L), parse("--runas", "-1").runAs());
        assertEquals("alice:users", parse("--runas", "alice:users").runAsText());
        assertNull(parse().runAs());
        assertEquals("Invalid --runas option: root", configError("--runas", "root"));
        assertEquals("Invalid --runas option: bob", configError("--runas", "bob:users"));
        assertEquals("Invalid --runas option: alice", configError("--runas", "alice:wheel"));
    }

    @Test
    void miscellaneousValues() throws CliExit {
        PastaOptions o = parse("-f", "--stats", "5", "--log-size", "40960", "-F", "0", "-c", "/tmp/ctl.sock",
                "-p", "/tmp/x.pcap", "-H", "box", "--fqdn", "box.example", "--dhcp-dns", "--dhcp-search",
                "--freebind", "--no-netns-quit", "--chroot-fallback", "--no-splice", "-i", "eth0",
                "--repair-path", "none");
        assertEquals(5, o.statsDelay());
        assertEquals(40960, o.logSize());
        assertEquals(0, o.tapFd());
        assertEquals("/tmp/ctl.sock", o.controlPath());
        assertEquals("/tmp/x.pcap", o.pcapFile());
        assertEquals("box", o.hostname());
        assertEquals("box.example", o.fqdn());
        assertTrue(o.dhcpDns() && o.dhcpSearch() && o.freebind() && o.noNetnsQuit() && o.chrootFallback());
        assertTrue(o.noSplice());
        assertEquals(2, o.templateInterfaceIndex());
        assertEquals(0, parse("-m", "0").mtu());
        assertEquals(65521, parse("-m", "65521").mtu());
        assertEquals(255, parse("-f", "--stats", "0xff").statsDelay());
    }

    @Test
    void warningsInOrder() throws CliExit {
        PastaOptions o = parse("-e", "--config-net", "--no-copy-routes", "--no-copy-addrs", "--stderr");
        assertEquals(List.of("--stderr will be dropped soon", "--no-copy-routes will be dropped soon",
                "--no-copy-addrs will be dropped soon", "--stderr will be dropped soon"), o.warnings());
        assertTrue(o.ipv4().noCopyRoutes() && o.ipv6().noCopyAddresses());
    }

    @Test
    void smallMtuWarnings() throws CliExit {
        assertEquals(List.of("MTU 1000 is too small for IPv6 (minimum 1280)"), parse("-m", "1000").warnings());
        assertEquals(List.of("MTU 0 is too small for IPv4 (minimum 68)", "MTU 0 is too small for IPv6 (minimum 1280)"),
                parse("-m", "0").warnings());
        assertEquals(List.of("MTU 60 is too small for IPv4 (minimum 68)"), parse("-4", "-m", "60").warnings());
        assertEquals(List.of(), parse("-6", "-m", "1280").warnings());
    }

    @Test
    void withoutIpv6() throws CliExit {
        host.ipv6 = false;
        PastaOptions o = parse();
        assertTrue(o.ipv4Only());
        assertFalse(o.ipv6Enabled());
        assertEquals("TCP [0.0.0.0]:1-32767  =>  1-32767  (best effort) (auto-scan)", rules(o, Direction.INBOUND).get(0));
        assertEquals("IPv6 not available but --ipv6-only given", configError("-6"));
    }

    @Test
    void withoutBindToDevice() throws CliExit {
        host.bindToDevice = false;
        PastaOptions o = parse("-T", "5201", "-U", "none");
        assertEquals(List.of("SO_BINDTODEVICE unavailable, forwarding only 127.0.0.1 and ::1 for '-T 5201'"),
                o.warnings());
        assertEquals(List.of("TCP [127.0.0.1]:5201  =>  5201 ", "TCP [::1]:5201  =>  5201 "),
                rules(o, Direction.OUTBOUND));
        assertEquals("Device binding for '-t %eth0/80' unsupported (requires kernel 5.7+)",
                configError("-t", "%eth0/80"));
    }

    @Test
    void disabledProtocolGetsNoDefaultRules() throws CliExit {
        PastaOptions o = parse("--no-tcp");
        assertTrue(o.forwardRules().all().stream().allMatch(rule -> rule.protocol() == org.jpasta.fwd.Protocol.UDP));
        assertEquals(4, o.forwardRules().all().size());
    }

    @Test
    void tooManyRules() {
        List<String> args = new ArrayList<>();
        StringBuilder ports = new StringBuilder("1");
        for (int port = 3; port <= 2 * 256 + 1; port += 2) {
            ports.append(',').append(port);
        }
        args.add("-t");
        args.add(ports.toString());
        ConfigException e = assertThrows(ConfigException.class, () -> parse(args.toArray(new String[0])));
        assertEquals(List.of("Too many rules (maximum 255)", "Unable to add rule TCP [*]:511  =>  511 "),
                e.errorLines());
    }

    @Test
    void forwardSpecsKeepCommandLineOrder() throws CliExit {
        PastaOptions o = parse("-u", "53", "--tcp-ports=80", "-T", "none");
        assertEquals(List.of(new PastaOptions.ForwardSpec(org.jpasta.fwd.ForwardOption.UDP_PORTS, "53"),
                new PastaOptions.ForwardSpec(org.jpasta.fwd.ForwardOption.TCP_PORTS, "80"),
                new PastaOptions.ForwardSpec(org.jpasta.fwd.ForwardOption.TCP_NS, "none")), o.forwardSpecs());
        assertEquals(List.of("UDP [*]:53  =>  53 ", "TCP [*]:80  =>  80 "), rules(o, Direction.INBOUND));
    }

    @Test
    void refusedModes() {
        assertEquals("--vhost-user is for passt mode only", configError("--vhost-user"));
        assertEquals("-s is for passt / vhost-user mode only", configError("--socket-path", "/tmp/s"));
    }

    @Test
    void errorOutputIncludesEarlierWarnings() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("-e", "-m", "x"));
        assertEquals("--stderr will be dropped soon\nInvalid MTU: x\n", e.stderr());
        assertEquals(List.of("--stderr will be dropped soon"), e.warnings());
        assertEquals("", e.stdout());
    }

    @Test
    void usageErrorUsesProgramName() {
        UsageException e = assertThrows(UsageException.class,
                () -> PastaOptions.parse("/usr/bin/pasta", new String[] {"--bogus"}, host));
        assertEquals(1, e.exitCode());
        assertEquals("/usr/bin/pasta: unrecognized option '--bogus'", e.getoptMessage());
        assertTrue(e.stderr().startsWith("/usr/bin/pasta: unrecognized option '--bogus'\n"
                + "Usage: /usr/bin/pasta [OPTION]... [COMMAND] [ARGS]...\n"
                + "       /usr/bin/pasta [OPTION]... PID\n"));
        assertEquals("", e.stdout());
    }

    @Test
    void helpAndVersionGoToStdout() {
        InfoExit help = assertThrows(InfoExit.class, () -> parse("-q", "--help", "--bogus"));
        assertEquals(0, help.exitCode());
        assertEquals(UsageText.forProgram("pasta"), help.stdout());
        assertTrue(help.stdout().endsWith("  --splice-only\tOnly enable loopback forwarding\n"));
        InfoExit version = assertThrows(InfoExit.class, () -> parse("--version"));
        assertEquals("pasta jpasta-0.1.0", version.stdout().lines().findFirst().orElseThrow());
        assertEquals("jpasta: a Java re-implementation of pasta (passt project)", version.stdout().lines().skip(1)
                .findFirst().orElseThrow());
        assertEquals(1, assertThrows(UsageException.class, () -> parse("--bogus", "--version")).exitCode());
    }

    @Test
    void printCapabilitiesGoesToStderr() {
        InfoExit e = assertThrows(InfoExit.class, () -> parse("--print-capabilities"));
        assertEquals("{\n  \"type\": \"net\"\n}\n", e.stderr());
        assertEquals(0, e.exitCode());
    }

    @Test
    void printToWritesBothStreams() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("-m", "x"));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        e.printTo(new java.io.PrintStream(out), new java.io.PrintStream(err));
        assertEquals("", out.toString());
        assertEquals("Invalid MTU: x\n", err.toString());
    }
}
