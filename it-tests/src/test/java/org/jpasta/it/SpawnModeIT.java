package org.jpasta.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.jpasta.it.iproute.IpLink;
import org.jpasta.it.iproute.IpRoute;
import org.jpasta.it.pasta.PastaUnderTest;
import org.jpasta.it.sandbox.Proc;
import org.jpasta.it.sandbox.Result;
import org.jpasta.it.sandbox.Sandbox;
import org.jpasta.it.sandbox.SandboxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Spawn mode ({@code pasta [--config-net] -- COMMAND}), run as the unprivileged user in the sandbox host.
 *
 * <p>Each test looks at the namespace only through the spawned command, as a user would: pasta promises that
 * the command starts after setup is complete, so whatever the command sees is pasta's finished configuration.
 */
@ExtendWith(SandboxExtension.class)
@Timeout(60)
class SpawnModeIT {
    private static final Duration SPAWN_TIMEOUT = Duration.ofSeconds(30);
    private static final int PASTA_DEFAULT_MTU = 65520;
    private static PastaUnderTest pasta;

    @BeforeAll
    static void findPasta() {
        pasta = PastaUnderTest.get().requireExecutable();
    }

    private static Result spawn(Sandbox sandbox, String... commandAndOptions) {
        return sandbox.hostUser().run(SPAWN_TIMEOUT, pasta.command(commandAndOptions));
    }

    @Test
    void configuredTapCopiesTheHostTemplateInterface(Sandbox sandbox) {
        Result result = spawn(sandbox, "--config-net", "--", "ip", "-j", "addr");
        assertEquals(0, result.exitCode(), result::describe);

        List<IpLink> links = IpLink.listFrom(result.stdout());
        IpLink tap = IpLink.named(links, Sandbox.UPLINK).orElseThrow(
                () -> new AssertionError("no interface named like the host template " + Sandbox.UPLINK + ": " + links));
        IpLink loopback = IpLink.named(links, "lo").orElseThrow(() -> new AssertionError("no lo: " + links));
        assertAll(
                () -> assertTrue(tap.isEthernet(), () -> "tap is an ethernet link: " + tap),
                () -> assertTrue(tap.isUp(), () -> "tap is up: " + tap),
                () -> assertEquals(PASTA_DEFAULT_MTU, tap.mtu(), () -> "tap MTU: " + tap),
                () -> assertTrue(tap.hasAddress(Sandbox.HOST_V4 + "/" + Sandbox.HOST_V4_PREFIX),
                        () -> "host IPv4 address copied: " + tap),
                () -> assertTrue(tap.hasAddress(Sandbox.HOST_V6 + "/" + Sandbox.HOST_V6_PREFIX),
                        () -> "host IPv6 address copied: " + tap),
                () -> assertTrue(loopback.isUp(), () -> "lo is up: " + loopback));
    }

    @ParameterizedTest(name = "ip {0} route")
    @CsvSource({"-4, " + Sandbox.GATEWAY_V4, "-6, " + Sandbox.GATEWAY_V6})
    void defaultRouteGoesViaTheHostGateway(String family, String gateway, Sandbox sandbox) {
        Result result = spawn(sandbox, "--config-net", "--", "ip", family, "-j", "route");
        assertEquals(0, result.exitCode(), result::describe);

        List<IpRoute> routes = IpRoute.listFrom(result.stdout());
        Optional<IpRoute> defaultRoute = IpRoute.defaultRoute(routes);
        assertTrue(defaultRoute.isPresent(), () -> "no default route: " + routes);
        assertEquals(new IpRoute("default", gateway, Sandbox.UPLINK), defaultRoute.get(), () -> "routes: " + routes);
    }

    /** The gateway is pasta's map-host-loopback address by default: pasta answers it via the host. */
    @ParameterizedTest(name = "ping {0} {1}")
    @CsvSource({"-4, " + Sandbox.GATEWAY_V4, "-6, " + Sandbox.GATEWAY_V6})
    void gatewayAnswersPing(String family, String gateway, Sandbox sandbox) {
        Result result = spawn(sandbox, "--config-net", "--", "ping", family, "-c1", "-W2", gateway);

        assertEquals(0, result.exitCode(), result::describe);
    }

    /** An address that only exists upstream proves that echo requests really leave through the host. */
    @ParameterizedTest(name = "ping {0} {1}, not {2}")
    @CsvSource({
        "-4, " + Sandbox.UPSTREAM_ONLY_V4 + ", " + Sandbox.NOWHERE_V4,
        "-6, " + Sandbox.UPSTREAM_ONLY_V6 + ", " + Sandbox.NOWHERE_V6})
    void pingIsForwardedUpstream(String family, String upstreamAddress, String nowhere, Sandbox sandbox) {
        Result reachable = spawn(sandbox, "--config-net", "--", "ping", family, "-c1", "-W2", upstreamAddress);
        Result unreachable = spawn(sandbox, "--config-net", "--", "ping", family, "-c1", "-W1", nowhere);

        assertEquals(0, reachable.exitCode(), reachable::describe);
        assertNotEquals(0, unreachable.exitCode(),
                () -> "negative control: nothing answers " + nowhere + ", yet: " + unreachable.describe());
    }

    @Test
    void exitStatusIsTheCommandsExitStatus(Sandbox sandbox) {
        Result result = spawn(sandbox, "--", "sh", "-c", "exit 7");

        assertEquals(7, result.exitCode(), result::describe);
    }

    @Test
    void commandKilledBySignalGivesExitStatus128PlusSignal(Sandbox sandbox) {
        Proc running = sandbox.hostUser().start(pasta.command("--", "sleep", "600"));
        long sleeper = running.awaitDescendant("sleep", SPAWN_TIMEOUT).orElseThrow(
                () -> new AssertionError("the command never ran: " + running.snapshot().describe()));

        ProcessHandle.of(sleeper).ifPresent(ProcessHandle::destroyForcibly);

        assertEquals(128 + 9, running.waitForExit(SPAWN_TIMEOUT), () -> running.snapshot().describe());
    }
}
