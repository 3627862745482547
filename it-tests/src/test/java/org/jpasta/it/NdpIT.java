package org.jpasta.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.jpasta.it.iproute.IpAddress;
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
 * SLAAC from pasta's router advertisements (upstream {@code test/pasta/ndp}): without {@code --config-net},
 * bringing the link up is enough for the kernel to solicit, get our RA and form an address in the host's /64,
 * with a default route through pasta.
 */
@ExtendWith(SandboxExtension.class)
@Timeout(90)
class NdpIT {
    private static final Duration SPAWN_TIMEOUT = Duration.ofSeconds(40);
    private static final String SEPARATOR = "=====";
    private static PastaUnderTest pasta;

    @BeforeAll
    static void findPasta() {
        pasta = PastaUnderTest.get().requireExecutable();
    }

    @Test
    void slaacGivesTheHostPrefixAndDefaultRoute(Sandbox sandbox) {
        Result result = sandbox.hostUser().run(SPAWN_TIMEOUT, pasta.command("--", "sh", "-c",
                "ip link set " + Sandbox.UPLINK + " up; "
                        + "for i in $(seq 40); do ip -6 route show default | grep -q via && "
                        + "ip -6 addr show dev " + Sandbox.UPLINK + " scope global | grep -q inet6 && break; "
                        + "sleep 0.25; done; "
                        + "ip -j -6 addr show " + Sandbox.UPLINK + "; echo " + SEPARATOR + "; ip -6 -j route"));

        assertEquals(0, result.exitCode(), result::describe);
        String[] parts = result.stdout().split(SEPARATOR);
        IpLink link = IpLink.named(IpLink.listFrom(parts[0]), Sandbox.UPLINK).orElseThrow(
                () -> new AssertionError("no " + Sandbox.UPLINK + ": " + result.describe()));
        Optional<IpAddress> slaac = link.addresses().stream()
                .filter(a -> "global".equals(a.scope()) && a.local().startsWith("2001:db8:100:0:")
                        && a.prefixLength() == 64)
                .findFirst();
        assertTrue(slaac.isPresent(), () -> "SLAAC address in 2001:db8:100::/64: " + link);
        List<IpRoute> routes = IpRoute.listFrom(parts[1]);
        Optional<IpRoute> defaultRoute = IpRoute.defaultRoute(routes);
        assertTrue(defaultRoute.isPresent(), () -> "no default route: " + routes);
        assertTrue(defaultRoute.get().gateway().startsWith("fe80:"),
                () -> "default route via pasta's link-local address: " + routes);
        assertEquals(Sandbox.UPLINK, defaultRoute.get().device());
    }
}
