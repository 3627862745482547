package org.jpasta.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;

import org.jpasta.fwd.Direction;
import org.jpasta.fwd.ForwardRule;
import org.jpasta.fwd.Protocol;
import org.junit.jupiter.api.Test;

/**
 * Command lines real callers pass to pasta (Podman, RootlessKit, buildah, smaller tools, pasta's own
 * tests), as collected in notes/clients.md; each must parse, with the values the caller meant.
 */
class ClientArgvTest {
    private static final String NETNS = "/run/user/1000/netns/netns-0a1b2c3d-0000-1111-2222-333344445555";

    static PastaOptions parse(String... args) throws CliExit {
        return PastaOptions.parse("pasta", args, new FakeHost());
    }

    static PastaOptions parseLine(String line) throws CliExit {
        return parse(line.split(" "));
    }

    static List<String> rules(PastaOptions options, Direction direction) {
        return options.forwardRules().rules(direction).stream().map(ForwardRule::format)
                .collect(Collectors.toList());
    }

    static String addr(java.net.InetAddress address) {
        return address == null ? null : org.jpasta.fwd.AddressText.format(address);
    }

    // Podman, c/common pasta_linux_test.go Test_createPastaArgs (clients.md §1.3)

    @Test
    void podmanDefault() throws CliExit {
        PastaOptions o = parseLine("--config-net --dns-forward 169.254.1.1 -t none -u none -T none -U none"
                + " --no-map-gw --quiet --netns netns123 --map-guest-addr 169.254.1.2");
        assertEquals(Mode.NETNS, o.mode());
        assertEquals("/run/netns/netns123", o.netnsPath());
        assertNull(o.usernsPath());
        assertTrue(o.netnsOnly());
        assertTrue(o.configNet());
        assertTrue(o.noRa(), "--config-net implies --no-ra");
        assertTrue(o.quiet());
        assertTrue(o.noMapGateway());
        assertEquals("169.254.1.1", addr(o.ipv4().dnsForward()));
        assertEquals("169.254.1.2", addr(o.ipv4().mapGuestAddress()));
        assertTrue(o.forwardRules().all().isEmpty());
        assertTrue(o.warnings().isEmpty());
    }

    @Test
    void podmanPublishedPort() throws CliExit {
        PastaOptions o = parseLine("--config-net -t 80-80:80-80 --dns-forward 169.254.1.1 -u none -T none -U none"
                + " --no-map-gw --quiet --netns netns123 --map-guest-addr 169.254.1.2");
        assertEquals(List.of("TCP [*]:80  =>  80 "), rules(o, Direction.INBOUND));
        assertEquals(List.of(), rules(o, Direction.OUTBOUND));
        ForwardRule rule = o.forwardRules().rules(Direction.INBOUND).get(0);
        assertFalse(rule.weak());
        assertFalse(rule.scan());
        assertTrue(rule.dualStack());
    }

    @Test
    void podmanPortRange() throws CliExit {
        PastaOptions o = parseLine("--config-net -t 80-82:80-82 --dns-forward 169.254.1.1 -u none -T none -U none"
                + " --no-map-gw --quiet --netns netns123 --map-guest-addr 169.254.1.2");
        assertEquals(List.of("TCP [*]:80-82  =>  80-82 "), rules(o, Direction.INBOUND));
    }

    @Test
    void podmanTcpAndUdpMappings() throws CliExit {
        PastaOptions o = parseLine("--config-net -t 80-80:60-60 -u 100-100:100-100 --dns-forward 169.254.1.1"
                + " -T none -U none --no-map-gw --quiet --netns netns123 --map-guest-addr 169.254.1.2");
        assertEquals(List.of("TCP [*]:80  =>  60 ", "UDP [*]:100  =>  100 "), rules(o, Direction.INBOUND));
        assertEquals(60, o.forwardRules().targetPort(Direction.INBOUND, Protocol.TCP, 80));
        assertEquals(-1, o.forwardRules().targetPort(Direction.INBOUND, Protocol.UDP, 80));
    }

    @Test
    void podmanConfAndCliOptions() throws CliExit {
        PastaOptions o = parseLine("--config-net -i eth0 -n 24 --dns-forward 169.254.1.1 -t none -u none -T none"
                + " -U none --no-map-gw --quiet --netns netns123 --map-guest-addr 169.254.1.2");
        assertEquals("eth0", o.templateInterface());
        assertEquals(2, o.templateInterfaceIndex());
        assertEquals(24, o.ipv4().prefixLength());
    }

    @Test
    void podmanOutboundForward() throws CliExit {
        PastaOptions o = parseLine("--config-net -T 80 --dns-forward 169.254.1.1 -t none -u none -U none"
                + " --no-map-gw --quiet --netns netns123 --map-guest-addr 169.254.1.2");
        assertEquals(List.of("TCP [*]%lo:80  =>  80 "), rules(o, Direction.OUTBOUND));
        assertEquals(List.of(), rules(o, Direction.INBOUND));
    }

    @Test
    void podmanMapGatewayPseudoOptionRemoved() throws CliExit {
        PastaOptions o = parseLine("--config-net -T 80 --dns-forward 169.254.1.1 -t none -u none -U none"
                + " --quiet --netns netns123 --map-guest-addr 169.254.1.2");
        assertFalse(o.noMapGateway());
    }

    @Test
    void podmanTwoDnsForwards() {
        // Podman's unit test only builds this argv; pasta itself refuses ::1 (a loopback address) here.
        ConfigException e = assertThrows(ConfigException.class, () -> parseLine("--config-net --dns-forward"
                + " 192.168.255.255 --dns-forward ::1 -t none -u none -T none -U none --no-map-gw --quiet"
                + " --netns netns123 --map-guest-addr 169.254.1.2"));
        assertEquals("Invalid DNS forwarding address: ::1", e.getMessage());
        assertEquals("Invalid DNS forwarding address: ::1\n", e.stderr());
        assertEquals(1, e.exitCode());
    }

    @Test
    void podmanDnsForwardPerFamily() throws CliExit {
        PastaOptions o = parseLine("--dns-forward 192.168.255.255 --dns-forward fd00::53 --dns-forward 10.0.0.53"
                + " --netns netns123");
        assertEquals("10.0.0.53", addr(o.ipv4().dnsForward()), "last one wins per IP version");
        assertEquals("fd00::53", addr(o.ipv6().dnsForward()));
    }

    @Test
    void podmanLogFileTraceDebug() throws CliExit {
        PastaOptions o = parseLine("--config-net --log-file=/tmp/log --trace --debug --dns-forward 169.254.1.1"
                + " -t none -u none -T none -U none --no-map-gw --netns netns123 --map-guest-addr 169.254.1.2");
        assertEquals("/tmp/log", o.logFile());
        assertTrue(o.trace());
        assertTrue(o.debug());
        assertFalse(o.quiet());
    }

    @Test
    void podmanOwnMapGuestAddr() throws CliExit {
        PastaOptions o = parseLine("--config-net --map-guest-addr 192.168.255.255 --dns-forward 169.254.1.1"
                + " -t none -u none -T none -U none --no-map-gw --quiet --netns netns123");
        assertEquals("192.168.255.255", addr(o.ipv4().mapGuestAddress()));
    }

    // Podman rootless netns (§1.3, §1.9) and per-version argv (§1.4)

    @Test
    void podmanRootlessNetns() throws CliExit {
        String dir = "/run/user/1000/containers/networks/rootless-netns";
        PastaOptions o = parse("--config-net", "--pid", dir + "/rootless-netns-conn.pid", "--dns-forward",
                "169.254.1.1", "-t", "none", "-u", "none", "-T", "none", "-U", "none", "--no-map-gw", "--quiet",
                "--netns", dir + "/rootless-netns", "--map-guest-addr", "169.254.1.2");
        assertEquals(dir + "/rootless-netns-conn.pid", o.pidFile());
        assertEquals(dir + "/rootless-netns", o.netnsPath());
        assertEquals(Mode.NETNS, o.mode());
    }

    @Test
    void podman44To49() throws CliExit {
        PastaOptions o = parse("--config-net", "-t", "8080-8080:80-80", "-u", "none", "-T", "none", "-U", "none",
                "--no-map-gw", "--netns", NETNS);
        assertEquals(List.of("TCP [*]:8080  =>  80 "), rules(o, Direction.INBOUND));
        assertEquals(NETNS, o.netnsPath());
    }

    @Test
    void podman500DnsNone() throws CliExit {
        PastaOptions o = parse("--config-net", "-t", "8080-8080:80-80", "-u", "none", "-T", "none", "-U", "none",
                "--no-map-gw", "--dns", "none", "--quiet", "--netns", NETNS);
        assertTrue(o.noDns());
    }

    @Test
    void podman501() throws CliExit {
        PastaOptions o = parse("--config-net", "-t", "8080-8080:80-80", "--dns-forward", "169.254.0.1", "-u", "none",
                "-T", "none", "-U", "none", "--no-map-gw", "--quiet", "--netns", NETNS);
        assertEquals("169.254.0.1", addr(o.ipv4().dnsForward()));
    }

    @Test
    void podmanIpv6HostIpUnbracketed() throws CliExit {
        PastaOptions o = parse("--config-net", "-t", "::1/8080-8080:80-80", "-t", "2001:db8::1/5000-5000:5001-5001",
                "-t", "127.0.0.1/8080-8080:80-80", "-u", "none", "-T", "none", "-U", "none", "--netns", NETNS);
        assertEquals(List.of("TCP [::1]:8080  =>  80 ", "TCP [2001:db8::1]:5000  =>  5001 ",
                "TCP [127.0.0.1]:8080  =>  80 "), rules(o, Direction.INBOUND));
    }

    @Test
    void podmanPastaOptionsWithSpaceInOneToken() {
        // containers.conf pasta_options = ["-T 80,443"]: one argv element, then podman adds -T none (#22653).
        ConfigException e = assertThrows(ConfigException.class, () -> parse("--config-net", "-T 80,443",
                "--dns-forward", "169.254.1.1", "-t", "none", "-u", "none", "-T", "none", "-U", "none",
                "--netns", NETNS));
        assertEquals("-T none conflicts with previous options", e.getMessage());
    }

    @Test
    void podmanDocumentedSlirpEquivalent() throws CliExit {
        PastaOptions o = parse("--config-net", "--ipv4-only", "-a", "10.0.2.0", "-n", "24", "-g", "10.0.2.2",
                "--dns-forward", "10.0.2.3", "-m", "1500", "--no-ndp", "--no-dhcpv6", "--no-dhcp", "--netns", NETNS);
        assertTrue(o.ipv4Only());
        assertFalse(o.ipv6Enabled());
        assertEquals("10.0.2.0", addr(o.ipv4().address()));
        assertEquals(24, o.ipv4().prefixLength());
        assertEquals("10.0.2.2", addr(o.ipv4().gateway()));
        assertTrue(o.ipv4().noCopyRoutes());
        assertTrue(o.ipv4().noCopyAddresses());
        assertEquals(1500, o.mtu());
        assertTrue(o.noNdp() && o.noDhcpv6() && o.noDhcp());
    }

    @Test
    void podmanDocumentedTapName() throws CliExit {
        PastaOptions o = parse("--config-net", "-I", "tap0", "--ipv4-only", "-a", "10.0.2.0", "-n", "24", "-g",
                "10.0.2.2", "--dns-forward", "10.0.2.3", "--no-ndp", "--no-dhcpv6", "--no-dhcp", "--netns", NETNS);
        assertEquals("tap0", o.nsInterfaceName());
    }

    @Test
    void podmanDocumentedAutoEverything() throws CliExit {
        PastaOptions o = parse("--config-net", "-t", "auto", "-u", "auto", "-T", "auto", "-U", "auto",
                "--netns", NETNS);
        assertEquals(List.of("TCP [*]:1-32767  =>  1-32767  (best effort) (auto-scan)",
                "TCP [*]:61000-65535  =>  61000-65535  (best effort) (auto-scan)",
                "UDP [*]:1-32767  =>  1-32767  (best effort) (auto-scan)",
                "UDP [*]:61000-65535  =>  61000-65535  (best effort) (auto-scan)"), rules(o, Direction.INBOUND));
    }

    @Test
    void podmanContainersConfThenCliMacWins() throws CliExit {
        PastaOptions o = parse("--config-net", "-I", "myname", "--ns-mac-addr", "9a:dd:31:ea:92:98",
                "--ns-mac-addr", "aa:bb:cc:dd:ee:ff", "--netns", NETNS);
        assertEquals("myname", o.nsInterfaceName());
        assertEquals("aa:bb:cc:dd:ee:ff", o.namespaceMac().toString());
    }

    // podman test/system/505-networking-pasta.bats (passt.md §7.9, clients.md §1.12)

    @Test
    void batsInterfaceBoundForward() throws CliExit {
        PastaOptions o = parse("--config-net", "--tcp-ports", "192.0.2.1%eth0/5000:5001", "--udp-ports",
                "127.0.0.1%lo/5000-5002:5001-5003", "--netns", NETNS);
        assertEquals(List.of("TCP [192.0.2.1]%eth0:5000  =>  5001 ", "UDP [127.0.0.1]%lo:5000-5002  =>  5001-5003 "),
                rules(o, Direction.INBOUND));
        ForwardRule udp = o.forwardRules().rules(Direction.INBOUND).get(1);
        assertEquals("lo", udp.listenInterface());
        assertEquals(5003, udp.targetPortFor(5002));
    }

    @Test
    void batsAddressAndRouteAssignment() throws CliExit {
        PastaOptions v4 = parse("-a", "192.0.2.2", "-g", "192.0.2.1", "--netns", NETNS);
        assertEquals("192.0.2.2", addr(v4.ipv4().address()));
        assertEquals(24, v4.ipv4().prefixLength(), "class C default");
        assertEquals("192.0.2.1", addr(v4.ipv4().gateway()));
        PastaOptions v6 = parse("-a", "2001:db8::2", "-g", "2001:db8::1", "--netns", NETNS);
        assertEquals("2001:db8::2", addr(v6.ipv6().address()));
        assertEquals("2001:db8::1", addr(v6.ipv6().gateway()));
        assertTrue(v6.ipv6().noCopyRoutes());
        assertFalse(v6.ipv4().noCopyRoutes());
        PastaOptions mask = parse("-a", "192.168.0.2", "-g", "192.168.0.1", "-n", "24", "--netns", NETNS);
        assertEquals(24, mask.ipv4().prefixLength());
    }

    @Test
    void batsIpVersionAndMtu() throws CliExit {
        assertFalse(parse("-6", "--netns", NETNS).ipv4Enabled());
        assertFalse(parse("-4", "--netns", NETNS).ipv6Enabled());
        assertEquals(1280, parse("-m", "1280", "--netns", NETNS).mtu());
        assertEquals("198.51.100.1", addr(parse("--dns-forward", "198.51.100.1", "--netns", NETNS).ipv4().dnsForward()));
        assertEquals("/tmp/pasta.pid", parse("--pid", "/tmp/pasta.pid", "--netns", NETNS).pidFile());
    }

    // RootlessKit (clients.md §2.2)

    @Test
    void rootlessKitV2Pid() throws CliExit {
        PastaOptions o = parse("--foreground", "--stderr", "--ns-ifname=tap0", "--mtu=65520", "--no-dhcp", "--no-ra",
                "--address=10.0.2.100", "--netmask=24", "--gateway=10.0.2.2", "--dns-forward=10.0.2.3",
                "--no-map-gw", "--ipv4-only", "--tcp-ports=auto", "--udp-ports=auto", "2777069");
        assertEquals(Mode.PID, o.mode());
        assertEquals(2777069, o.pid());
        assertEquals("/proc/2777069/ns/net", o.netnsPath());
        assertEquals("/proc/2777069/ns/user", o.usernsPath());
        assertFalse(o.netnsOnly());
        assertTrue(o.foreground());
        assertEquals(List.of("--stderr will be dropped soon"), o.warnings());
        assertEquals("tap0", o.nsInterfaceName());
        assertEquals(65520, o.mtu());
        assertEquals("10.0.2.100", addr(o.ipv4().address()));
        assertEquals(24, o.ipv4().prefixLength());
    }

    @Test
    void rootlessKitV3Pid() throws CliExit {
        PastaOptions o = parseLine("--stderr --ns-ifname=tap0 --mtu=65520 --config-net --address=10.0.2.100"
                + " --netmask=24 --gateway=10.0.2.2 --dns-forward=10.0.2.3 --no-map-gw --ipv4-only --tcp-ports=auto"
                + " --udp-ports=auto --host-lo-to-ns-lo 2777069");
        assertEquals(Mode.PID, o.mode());
        assertTrue(o.hostLoToNsLo());
        // --ipv4-only with auto must not fail ("Dual stack forward, but IPv6 not enabled", rootlesskit#591).
        assertEquals(List.of("TCP [0.0.0.0]:1-32767  =>  1-32767  (best effort) (auto-scan)",
                "TCP [0.0.0.0]:61000-65535  =>  61000-65535  (best effort) (auto-scan)",
                "UDP [0.0.0.0]:1-32767  =>  1-32767  (best effort) (auto-scan)",
                "UDP [0.0.0.0]:61000-65535  =>  61000-65535  (best effort) (auto-scan)"), rules(o, Direction.INBOUND));
        assertEquals(List.of("TCP [0.0.0.0]%lo:1-32767  =>  1-32767  (best effort) (auto-scan)",
                "TCP [0.0.0.0]%lo:61000-65535  =>  61000-65535  (best effort) (auto-scan)",
                "UDP [0.0.0.0]%lo:1-32767  =>  1-32767  (best effort) (auto-scan)",
                "UDP [0.0.0.0]%lo:61000-65535  =>  61000-65535  (best effort) (auto-scan)"), rules(o, Direction.OUTBOUND));
    }

    @Test
    void rootlessKitDetachedNetns() throws CliExit {
        PastaOptions o = parseLine("--stderr --ns-ifname=tap0 --mtu=65520 --config-net --address=10.0.2.100"
                + " --netmask=24 --gateway=10.0.2.2 --dns-forward=10.0.2.3 --no-map-gw --ipv4-only --tcp-ports=none"
                + " --udp-ports=none --host-lo-to-ns-lo --userns=/proc/4242/ns/user"
                + " --netns=/run/user/1000/dockerd-rootless/netns");
        assertEquals(Mode.NETNS, o.mode());
        assertEquals("/proc/4242/ns/user", o.usernsPath());
        assertEquals("/run/user/1000/dockerd-rootless/netns", o.netnsPath());
        assertFalse(o.netnsOnly());
        assertEquals(List.of(), rules(o, Direction.INBOUND));
        assertEquals(2 * 4, rules(o, Direction.OUTBOUND).size() * 2, "-T/-U default to auto");
    }

    @Test
    void rootlessKitFeatureProbe() {
        InfoExit version = assertThrows(InfoExit.class, () -> parse("--host-lo-to-ns-lo", "--version"));
        assertEquals(0, version.exitCode());
        assertTrue(version.stdout().startsWith("pasta jpasta-0.1.0\n"));
        assertEquals("", version.stderr());
        assertEquals(0, assertThrows(InfoExit.class, () -> parse("--version")).exitCode());
    }

    // buildah (clients.md §4.1) and smaller tools (§4.6)

    @Test
    void buildah() throws CliExit {
        PastaOptions o = parseLine("--config-net --dns-forward 169.254.1.1 -t none -u none -T none -U none"
                + " --no-map-gw --quiet --netns /proc/31337/ns/net --map-guest-addr 169.254.1.2");
        assertEquals(Mode.NETNS, o.mode(), "a /proc path given with --netns is still --netns mode");
        assertEquals("/proc/31337/ns/net", o.netnsPath());
        assertTrue(o.netnsOnly());
    }

    @Test
    void hakoniwa() throws CliExit {
        PastaOptions o = parseLine("--config-net --no-map-gw --tcp-ports none --udp-ports none --tcp-ns none"
                + " --udp-ns none 4242");
        assertEquals(Mode.PID, o.mode());
        assertEquals(4242, o.pid());
        assertTrue(o.forwardRules().all().isEmpty());
    }

    @Test
    void smallerTools() throws CliExit {
        PastaOptions runas = parseLine("--config-net --pid /tmp/p.pid --runas 0 -t 8080 1234");
        assertEquals(new RunAs(0, 0), runas.runAs());
        PastaOptions userns = parseLine("--config-net -q -P /tmp/p.pid --userns /proc/77/ns/user --netns /proc/77/ns/net");
        assertEquals("/proc/77/ns/user", userns.usernsPath());
        assertFalse(userns.netnsOnly());
        PastaOptions egress = parseLine("--config-net --ns-ifname egress0 --ipv4-only --quiet --tcp-ports none 99");
        assertEquals("egress0", egress.nsInterfaceName());
        assertTrue(parseLine("--config-net -f 1234").foreground());
        PastaOptions noServers = parseLine("--config-net --no-map-gw --no-dhcp --no-dhcpv6 --no-ra 1234");
        assertTrue(noServers.noDhcp() && noServers.noDhcpv6() && noServers.noRa());
        PastaOptions pelagos = parseLine("--netns /proc/555/ns/net --runas 0");
        assertTrue(pelagos.netnsOnly());
        assertNull(pelagos.usernsPath());
    }

    @Test
    void slirp4netnsCompatibilityScript() throws CliExit {
        PastaOptions o = parseLine("-q --ipv4-only -a 10.0.2.0 -n 24 -g 10.0.2.2 --dns-forward 10.0.2.3 -m 1500"
                + " --no-ndp --no-dhcpv6 --no-dhcp -P /tmp/pasta.pid -t 8080:80 --netns /run/netns/x");
        assertEquals(List.of("TCP [0.0.0.0]:8080  =>  80 ",
                "UDP [0.0.0.0]:1-32767  =>  1-32767  (best effort) (auto-scan)",
                "UDP [0.0.0.0]:61000-65535  =>  61000-65535  (best effort) (auto-scan)"), rules(o, Direction.INBOUND));
    }

    // pasta's own test suite (passt.md §7)

    @Test
    void upstreamTestSetup() throws CliExit {
        PastaOptions o = parseLine("-f -t 10002 -T 10003 -u 10002 -U 10003 -P passt.pid 12345");
        assertEquals(List.of("TCP [*]:10002  =>  10002 ", "UDP [*]:10002  =>  10002 "), rules(o, Direction.INBOUND));
        assertEquals(List.of("TCP [*]%lo:10003  =>  10003 ", "UDP [*]%lo:10003  =>  10003 "),
                rules(o, Direction.OUTBOUND));
    }

    @Test
    void upstreamLogToFile() throws CliExit {
        PastaOptions o = parse("-t", "10001,10002", "-u", "10001,10002", "-T", "none", "-U", "none", "-l", "/tmp/log",
                "--", "/bin/true");
        assertEquals(Mode.SPAWN, o.mode());
        assertEquals(List.of("/bin/true"), o.command());
        PastaOptions big = parse("-t", "10001,10002", "--config-net", "-d", "-f", "-l", "/tmp/log", "--log-size",
                "102400", "--", "sh", "-c", "while true; do tcp_crr --nolog -l1 -P 10001 -C 10002 -6; done");
        assertEquals(102400, big.logSize());
        assertEquals(List.of("sh", "-c", "while true; do tcp_crr --nolog -l1 -P 10001 -C 10002 -6; done"),
                big.command());
    }

    @Test
    void upstreamNetnsOnlySpawn() throws CliExit {
        PastaOptions o = parse("-q", "--netns-only", "--", "echo", "TEST");
        assertEquals(Mode.SPAWN, o.mode());
        assertTrue(o.netnsOnly());
        assertEquals(List.of("echo", "TEST"), o.command());
    }
}
