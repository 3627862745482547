package org.jpasta.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
 * Local mode: a host with no usable template interface (only {@code lo}, as at boot before the network is up,
 * Podman #21896/#23406) still gets a working namespace with pasta's link-local defaults, 169.254.2.1/16 via
 * 169.254.2.2 on {@code tap0}, instead of failing.
 */
@ExtendWith(SandboxExtension.class)
@Timeout(60)
class LocalModeIT {
    private static PastaUnderTest pasta;

    @BeforeAll
    static void findPasta() {
        pasta = PastaUnderTest.get().requireExecutable();
    }

    @Test
    void hostWithoutInterfacesGivesLinkLocalDefaults(Sandbox sandbox) {
        // the "host" is a fresh user + network namespace: nothing but lo, no route
        List<String> argv = new ArrayList<>(List.of("unshare", "--user", "--map-root-user", "--net"));
        argv.addAll(List.of(pasta.command("--config-net", "--", "sh", "-c", "ip -j addr; echo ===; ip -j route")));

        Result r = sandbox.hostUser().run(Duration.ofSeconds(30), argv.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r::describe);
        String[] parts = r.stdout().split("===");
        List<IpLink> links = IpLink.listFrom(parts[0]);
        IpLink tap = IpLink.named(links, "tap0").orElseThrow(() -> new AssertionError("no tap0: " + r.describe()));
        List<IpRoute> routes = IpRoute.listFrom(parts[1]);
        assertAll(
                () -> assertTrue(tap.hasAddress("169.254.2.1/16"), tap::toString),
                () -> assertEquals("169.254.2.2", IpRoute.defaultRoute(routes).map(IpRoute::gateway).orElse(null),
                        routes::toString));
    }
}
