package org.jpasta.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.jpasta.it.iproute.IpLink;
import org.jpasta.it.iproute.IpRoute;
import org.jpasta.it.pasta.PastaUnderTest;
import org.jpasta.it.sandbox.Result;
import org.jpasta.it.sandbox.Sandbox;
import org.jpasta.it.sandbox.SandboxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The namespace configures itself from pasta (upstream {@code test/pasta/dhcp}): spawn mode without
 * {@code --config-net}, and a real DHCP client in the namespace. udhcpc must end up with the host's address,
 * the host's default gateway and MTU 65520 (option 26); {@code dhclient -6} with the host's address as /128.
 */
@ExtendWith(SandboxExtension.class)
@Timeout(90)
class DhcpIT {
    private static final Duration SPAWN_TIMEOUT = Duration.ofSeconds(40);
    private static final String SEPARATOR = "=====";
    private static PastaUnderTest pasta;

    @BeforeAll
    static void findPasta() {
        pasta = PastaUnderTest.get().requireExecutable();
    }

    private static Result spawnScript(Sandbox sandbox, String script) {
        return sandbox.hostUser().run(SPAWN_TIMEOUT, pasta.command("--", "sh", "-c", script));
    }

    @Test
    void udhcpcGetsTheHostAddressRouterAndMtu(Sandbox sandbox) {
        Result result = spawnScript(sandbox, "udhcpc -f -q -n -i " + Sandbox.UPLINK
                + " -t 5 -T 1 -s /etc/udhcpc/default.script >&2; echo " + SEPARATOR + " >&2; "
                + "ip -j addr show " + Sandbox.UPLINK + "; echo " + SEPARATOR + "; ip -4 -j route");

        assertEquals(0, result.exitCode(), result::describe);
        String[] parts = result.stdout().split(SEPARATOR);
        IpLink link = IpLink.named(IpLink.listFrom(parts[0]), Sandbox.UPLINK).orElseThrow(
                () -> new AssertionError("no " + Sandbox.UPLINK + ": " + result.describe()));
        assertTrue(link.hasAddress(Sandbox.HOST_V4 + "/" + Sandbox.HOST_V4_PREFIX),
                () -> "DHCP address: " + link + "\n" + result.describe());
        assertEquals(65520, link.mtu(), () -> "MTU from option 26: " + link);
        List<IpRoute> routes = IpRoute.listFrom(parts[1]);
        Optional<IpRoute> defaultRoute = IpRoute.defaultRoute(routes);
        assertTrue(defaultRoute.isPresent(), () -> "no default route: " + routes + "\n" + result.describe());
        assertEquals(Sandbox.GATEWAY_V4, defaultRoute.get().gateway(), () -> "routes: " + routes);
    }

    @Test
    void dhclient6GetsTheHostAddressAsSlash128(Sandbox sandbox) {
        String dir = sandbox.userDir().toString();
        Result result = spawnScript(sandbox, "ip link set " + Sandbox.UPLINK + " up; sleep 2; "
                + "dhclient -6 -1 -v -lf " + dir + "/dhclient6.leases -pf " + dir + "/dhclient6.pid "
                + Sandbox.UPLINK + " >&2; sleep 1; ip -j -6 addr show " + Sandbox.UPLINK + " scope global");

        // matched as text: `ip -j ... scope global` emits an empty {} entry that IpLink does not parse
        assertTrue(result.stdout().contains("\"local\":\"" + Sandbox.HOST_V6 + "\",\"prefixlen\":128"),
                () -> "DHCPv6 address " + Sandbox.HOST_V6 + "/128: " + result.describe());
    }
}
