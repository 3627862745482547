package org.jpasta.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.jpasta.it.pasta.PastaUnderTest;
import org.jpasta.it.sandbox.Await;
import org.jpasta.it.sandbox.CommandContext;
import org.jpasta.it.sandbox.Proc;
import org.jpasta.it.sandbox.Result;
import org.jpasta.it.sandbox.Sandbox;
import org.jpasta.it.sandbox.SandboxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * DNS forwarding over UDP and TCP: {@code dig @ADDR} (and {@code dig +tcp @ADDR}) in the namespace, with a
 * dnsmasq that answers one name and exists only upstream (or only on the host's loopback). {@code --dns-forward} sends port 53 to the
 * {@code --dns-host}, by default the first nameserver of the host's resolv.conf, and the answer must come
 * from the forward address or dig rejects it. A loopback resolver (systemd-resolved style) is reached
 * through the gateway address. Port 853 (DNS over TLS) is forwarded like 53.
 */
@ExtendWith(SandboxExtension.class)
@Timeout(90)
class DnsIT {
    private static final Duration SPAWN_TIMEOUT = Duration.ofSeconds(30);
    private static final String NAME = "test.example";
    private static final String ANSWER = "192.0.2.77";
    private static final String FORWARD = "169.254.1.1";
    private static PastaUnderTest pasta;

    @BeforeAll
    static void findPasta() {
        pasta = PastaUnderTest.get().requireExecutable();
    }

    private static Proc startDnsmasq(CommandContext where, String listen) {
        Proc dnsmasq = where.start("dnsmasq", "-k", "--no-resolv", "--no-hosts", "--bind-interfaces",
                "--listen-address=" + listen, "--address=/" + NAME + "/" + ANSWER, "--pid-file=", "--user=root",
                "--log-queries", "--log-facility=-");
        assertTrue(Await.until(Duration.ofSeconds(10), () -> dnsmasq.stderr().contains("started")
                        || !dnsmasq.isAlive()),
                () -> "dnsmasq did not start: " + dnsmasq.snapshot().describe());
        assertTrue(dnsmasq.isAlive(), () -> "dnsmasq: " + dnsmasq.snapshot().describe());
        return dnsmasq;
    }

    private static Result dig(Sandbox sandbox, String server, String... pastaOptions) {
        return digOver(sandbox, "+notcp", server, pastaOptions);
    }

    /** {@code dig TRANSPORT @server NAME} in a namespace pasta spawns; TRANSPORT is {@code +notcp} or {@code +tcp}. */
    private static Result digOver(Sandbox sandbox, String transport, String server, String... pastaOptions) {
        String[] digArgs = {"--config-net", "--", "dig", transport, "+short", "+time=2", "+tries=2", "@" + server,
                NAME};
        String[] args = new String[pastaOptions.length + digArgs.length];
        System.arraycopy(pastaOptions, 0, args, 0, pastaOptions.length);
        System.arraycopy(digArgs, 0, args, pastaOptions.length, digArgs.length);
        return sandbox.hostUser().run(SPAWN_TIMEOUT, pasta.command(args));
    }

    @Test
    void dnsForwardWithExplicitDnsHost(Sandbox sandbox) {
        startDnsmasq(sandbox.upstream(), Sandbox.UPSTREAM_ONLY_V4);

        Result result = dig(sandbox, FORWARD, "--dns-forward", FORWARD, "--dns-host", Sandbox.UPSTREAM_ONLY_V4);

        assertEquals(0, result.exitCode(), result::describe);
        assertEquals(ANSWER, result.stdout().strip(), result::describe);
    }

    /** TCP port 53 to the forward address goes to the DNS host too, answered from the forward address. */
    @Test
    void dnsForwardOverTcp(Sandbox sandbox) {
        startDnsmasq(sandbox.upstream(), Sandbox.UPSTREAM_ONLY_V4);

        Result result = digOver(sandbox, "+tcp", FORWARD, "--dns-forward", FORWARD, "--dns-host",
                Sandbox.UPSTREAM_ONLY_V4);

        assertEquals(0, result.exitCode(), result::describe);
        assertEquals(ANSWER, result.stdout().strip(), result::describe);
    }

    @Test
    void dnsForwardOverTcpAndIpv6(Sandbox sandbox) {
        startDnsmasq(sandbox.upstream(), Sandbox.UPSTREAM_ONLY_V6);

        Result result = digOver(sandbox, "+tcp", "fd00:a::53", "--dns-forward", "fd00:a::53", "--dns-host",
                Sandbox.UPSTREAM_ONLY_V6);

        assertEquals(0, result.exitCode(), result::describe);
        assertEquals(ANSWER, result.stdout().strip(), result::describe);
    }

    @Test
    void dnsHostDefaultsToTheFirstResolvConfNameserver(Sandbox sandbox) {
        startDnsmasq(sandbox.upstream(), Sandbox.UPSTREAM_ONLY_V4);
        sandbox.useResolvConf("search example.org\nnameserver " + Sandbox.UPSTREAM_ONLY_V4 + "\nnameserver "
                + Sandbox.NOWHERE_V4 + "\n");

        Result result = dig(sandbox, FORWARD, "--dns-forward", FORWARD);

        assertEquals(0, result.exitCode(), result::describe);
        assertEquals(ANSWER, result.stdout().strip(), result::describe);
    }

    @Test
    void dnsForwardOverIpv6(Sandbox sandbox) {
        startDnsmasq(sandbox.upstream(), Sandbox.UPSTREAM_ONLY_V6);

        Result result = dig(sandbox, "fd00:a::53", "--dns-forward", "fd00:a::53", "--dns-host",
                Sandbox.UPSTREAM_ONLY_V6);

        assertEquals(0, result.exitCode(), result::describe);
        assertEquals(ANSWER, result.stdout().strip(), result::describe);
    }

    /**
     * DNS over TLS: TCP and UDP to port 853 of the forward address go to the DNS host's port 853, as in pasta
     * ({@code is_dns_flow()}). Plain markers stand in for TLS: the test is about where the flows go. Nothing
     * else listens on the forward address, so without the mapping the connection fails.
     */
    @Test
    void dnsOverTlsPortIsForwardedToo(Sandbox sandbox) {
        String upstream = Sandbox.UPSTREAM_ONLY_V4;
        Proc tcp = sandbox.upstream().start("socat", "TCP-LISTEN:853,bind=" + upstream + ",reuseaddr,fork",
                "SYSTEM:echo dot-over-tcp");
        Proc udp = sandbox.upstream().start("socat", "UDP-RECVFROM:853,bind=" + upstream + ",fork",
                "SYSTEM:echo dot-over-udp");
        assertTrue(Await.until(Duration.ofSeconds(10), () -> {
            String listening = sandbox.upstream().run("ss", "-Hlntu", "sport = :853").stdout();
            return listening.contains("tcp") && listening.contains("udp");
        }), () -> tcp.snapshot().describe() + udp.snapshot().describe());

        Result result = sandbox.hostUser().run(SPAWN_TIMEOUT, pasta.command("--config-net", "--dns-forward",
                FORWARD, "--dns-host", upstream, "--", "sh", "-c",
                "socat -T 5 -u TCP:" + FORWARD + ":853 STDOUT && echo query | socat -T 2 - UDP:" + FORWARD
                        + ":853"));

        assertEquals(0, result.exitCode(), result::describe);
        assertEquals("dot-over-tcp\ndot-over-udp", result.stdout().strip(), result::describe);
    }

    /** resolv.conf names 127.0.0.53: the guest asks the gateway, pasta forwards to the loopback resolver. */
    @Test
    void loopbackResolverIsReachedThroughTheGateway(Sandbox sandbox) {
        startDnsmasq(sandbox.hostRoot(), "127.0.0.53");
        sandbox.useResolvConf("nameserver 127.0.0.53\n");

        Result result = dig(sandbox, Sandbox.GATEWAY_V4);

        assertEquals(0, result.exitCode(), result::describe);
        assertEquals(ANSWER, result.stdout().strip(), result::describe);
    }
}
