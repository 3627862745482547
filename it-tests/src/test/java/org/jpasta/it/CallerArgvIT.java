package org.jpasta.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.jpasta.it.iproute.IpLink;
import org.jpasta.it.iproute.IpRoute;
import org.jpasta.it.pasta.PastaUnderTest;
import org.jpasta.it.sandbox.Await;
import org.jpasta.it.sandbox.CommandContext;
import org.jpasta.it.sandbox.PidFile;
import org.jpasta.it.sandbox.Proc;
import org.jpasta.it.sandbox.ProcFs;
import org.jpasta.it.sandbox.Result;
import org.jpasta.it.sandbox.Sandbox;
import org.jpasta.it.sandbox.SandboxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The exact argument vectors real callers use (shared/notes/clients.md), and the contract each relies on.
 *
 * <ul>
 * <li>Podman's rootless netns (§1.9, c/common's {@code Test_createPastaArgs} order): {@code --quiet} prints
 *     nothing, exit 0 with both pipes closed, the pid file names the daemon, the namespace is configured,
 *     DNS to {@code 169.254.1.1} reaches the host's resolver, and removing the netns file ends the daemon.</li>
 * <li>RootlessKit v3 (§2.2), {@code --opt=value} spelling, PID form: slirp-style addressing on
 *     {@code tap0}, IPv4 only, the {@code --stderr} deprecation warning, exit when the child dies.</li>
 * <li>RootlessKit v3 {@code --detach-netns} (§2.2, the default of dockerd-rootless.sh): {@code --userns} plus a
 *     netns bind mount that exists only in the child's mount namespace, reached through
 *     {@code /proc/CHILD/root}; the implicit port driver's auto-forwarding; exit once the parent removes its
 *     state directory.</li>
 * <li>buildah (§4.1): {@code --netns /proc/PID/ns/net} from inside the caller's user namespace.</li>
 * </ul>
 * Addresses are the sandbox's; everything else is copied from the callers' code.
 */
@ExtendWith(SandboxExtension.class)
@Timeout(90)
class CallerArgvIT {
    private static final Duration READY_AND_DETACHED = Duration.ofSeconds(10);
    private static final Duration GONE = Duration.ofSeconds(2);
    private static final Duration START = Duration.ofSeconds(10);
    /** {@code --tcp-ports=auto}: pasta scans the namespace's listening sockets once a second. */
    private static final Duration AUTO_FORWARDED = Duration.ofSeconds(2);
    private static final int AUTO_PORT = 10095;
    private static final String DNS_NAME = "podman.test.example";
    private static final String DNS_ANSWER = "192.0.2.99";

    private static PastaUnderTest pasta;

    @BeforeAll
    static void findPasta() {
        pasta = PastaUnderTest.get().requireExecutable();
    }

    /** A user+mount namespace holder: Podman's (or buildah's) own namespaces. */
    private static Proc callerNamespaces(Sandbox sandbox) {
        Proc holder = sandbox.hostUser().start("unshare", "--user", "--map-root-user", "--mount", "sleep", "600");
        assertTrue(ProcFs.awaitCommand(holder.pid(), "sleep", START),
                () -> "caller namespace holder did not start: " + holder.snapshot().describe());
        return holder;
    }

    @Test
    void podmanRootlessNetns(Sandbox sandbox) {
        Proc dnsmasq = sandbox.upstream().start("dnsmasq", "-k", "--no-resolv", "--no-hosts", "--bind-interfaces",
                "--listen-address=" + Sandbox.UPSTREAM_ONLY_V4, "--address=/" + DNS_NAME + "/" + DNS_ANSWER,
                "--pid-file=", "--user=root", "--log-facility=-");
        assertTrue(Await.until(START, () -> dnsmasq.stderr().contains("started") || !dnsmasq.isAlive()),
                () -> "dnsmasq: " + dnsmasq.snapshot().describe());
        sandbox.useResolvConf("nameserver " + Sandbox.UPSTREAM_ONLY_V4 + "\n");

        Proc holder = callerNamespaces(sandbox);
        CommandContext podman = sandbox.hostUserIn(holder.pid(), "-U", "-m");
        // the netns file on a tmpfs that only Podman's mount namespace sees; the pid file where the test can read it
        Path dir = sandbox.userDir().resolve("rootless-netns");
        Path netns = dir.resolve("rootless-netns");
        Path pidFile = sandbox.userDir().resolve("rootless-netns-conn.pid");
        podman.run("sh", "-c", "mkdir \"$1\" && mount -t tmpfs jpt \"$1\" && touch \"$2\" && unshare --net=\"$2\" true",
                "sh", dir.toString(), netns.toString()).requireSuccess();

        Result invocation = podman.start(pasta.command("--config-net", "--pid", pidFile.toString(),
                "--dns-forward", "169.254.1.1", "-t", "none", "-u", "none", "-T", "none", "-U", "none",
                "--no-map-gw", "--quiet", "--netns", netns.toString(), "--map-guest-addr", "169.254.1.2"))
                .await(READY_AND_DETACHED);
        assertEquals(0, invocation.exitCode(), invocation::describe);
        assertEquals("", invocation.stdout() + invocation.stderr(), () -> "--quiet prints nothing: " + invocation.describe());
        long daemon = PidFile.read(pidFile).orElseThrow(() -> new AssertionError("no PID in " + pidFile));
        sandbox.adoptDaemon(daemon);

        Result links = podman.run("nsenter", "--net=" + netns, "ip", "-j", "addr").requireSuccess();
        IpLink tap = IpLink.named(IpLink.listFrom(links.stdout()), Sandbox.UPLINK)
                .orElseThrow(() -> new AssertionError("no " + Sandbox.UPLINK + ": " + links.stdout()));
        Result lookup = podman.run(Duration.ofSeconds(20), "nsenter", "--net=" + netns, "dig", "+short", "+time=2",
                "+tries=2", "@169.254.1.1", DNS_NAME);
        assertAll(
                () -> assertTrue(tap.isUp() && tap.mtu() == 65520, tap::toString),
                () -> assertTrue(tap.hasAddress(Sandbox.HOST_V4 + "/" + Sandbox.HOST_V4_PREFIX), tap::toString),
                () -> assertTrue(ProcFs.isRunning(daemon), () -> ProcFs.describe(daemon)),
                () -> assertEquals(DNS_ANSWER, lookup.stdout().trim(), lookup::describe));

        podman.run("sh", "-c", "umount -l \"$1\" && rm \"$1\"", "sh", netns.toString()).requireSuccess();
        assertTrue(ProcFs.awaitGone(daemon, GONE), () -> "daemon outlived its netns file: " + ProcFs.describe(daemon));
    }

    @Test
    void podmanContainerWithPublishedPort(Sandbox sandbox) {
        Proc holder = callerNamespaces(sandbox);
        CommandContext podman = sandbox.hostUserIn(holder.pid(), "-U", "-m");
        Path dir = sandbox.userDir().resolve("netns");
        Path netns = dir.resolve("netns-0123abcd-aaaa-bbbb-cccc-0123456789ab");
        podman.run("sh", "-c", "mkdir \"$1\" && mount -t tmpfs jpt \"$1\" && touch \"$2\" && unshare --net=\"$2\" true",
                "sh", dir.toString(), netns.toString()).requireSuccess();
        Path pidFile = sandbox.userDir().resolve("pasta.pid");

        // podman run -p 8080:80: c/common's createPastaArgs() with one port mapping
        Result invocation = podman.start(pasta.command("--config-net", "-t", "8080-8080:80-80", "--dns-forward",
                "169.254.1.1", "-u", "none", "-T", "none", "-U", "none", "--no-map-gw", "--quiet", "--netns",
                netns.toString(), "--map-guest-addr", "169.254.1.2", "--pid", pidFile.toString()))
                .await(READY_AND_DETACHED);
        assertEquals(0, invocation.exitCode(), invocation::describe);
        long daemon = PidFile.read(pidFile).orElseThrow(() -> new AssertionError("no PID in " + pidFile));
        sandbox.adoptDaemon(daemon);

        // bound before "ready" (Podman's 500-networking test: a second bind must fail)
        Result second = sandbox.hostUser().run("socat", "-u", "TCP-LISTEN:8080,bind=127.0.0.1", "OPEN:/dev/null");
        assertTrue(second.exitCode() != 0 && second.stderr().contains("Address already in use"), second::describe);

        // the published port reaches the container's port 80, from upstream through the tap path
        Proc server = podman.start("nsenter", "--net=" + netns, "socat", "-u", "TCP-LISTEN:80,reuseaddr", "STDOUT");
        assertTrue(Await.until(START, () -> podman.run("nsenter", "--net=" + netns, "ss", "-Hltn", "sport = :80")
                .stdout().contains(":80")), () -> "container server: " + server.snapshot().describe());
        Result client = sandbox.upstream().run(Duration.ofSeconds(20), "sh", "-c",
                "echo published | socat -u STDIN TCP:" + Sandbox.HOST_V4 + ":8080");
        assertEquals(0, client.exitCode(), client::describe);
        Result served = server.await(START); // exit and EOF: the output is complete
        assertEquals(0, served.exitCode(), served::describe);
        assertEquals("published", served.stdout().trim(), served::describe);

        // podman rm: unmount + remove the netns file; pasta goes and the port is free at once
        podman.run("sh", "-c", "umount -l \"$1\" && rm \"$1\"", "sh", netns.toString()).requireSuccess();
        assertTrue(ProcFs.awaitGone(daemon, GONE), () -> "daemon outlived its netns file: " + ProcFs.describe(daemon));
        // a JVM's leader is a zombie while its other threads, and so its descriptors, are still being torn down
        assertTrue(Await.until(GONE, () -> !sandbox.hostUser().run("ss", "-Hltn", "sport = :8080").stdout()
                .contains(":8080")), () -> "port 8080 still listening 2 s after the daemon went");
        // the next pasta binds like this one (SO_REUSEADDR), so TIME_WAIT left by the forwarded connection is
        // no obstacle; a listener still open would be
        Proc rebind = sandbox.hostUser().start("socat", "-u", "TCP-LISTEN:8080,bind=127.0.0.1,reuseaddr",
                "OPEN:/dev/null");
        assertTrue(Await.until(START, () -> sandbox.hostUser().run("ss", "-Hltn", "sport = :8080").stdout()
                .contains(":8080")), () -> "port 8080 not free after exit: " + rebind.snapshot().describe());
    }

    @Test
    void rootlessKitV3PidForm(Sandbox sandbox) {
        Proc child = sandbox.hostUser().start("unshare", "-rUn", "sleep", "600");
        assertTrue(ProcFs.awaitCommand(child.pid(), "sleep", START), () -> child.snapshot().describe());

        Result invocation = sandbox.hostUser().start(pasta.command("--stderr", "--ns-ifname=tap0", "--mtu=65520",
                "--config-net", "--address=10.0.2.100", "--netmask=24", "--gateway=10.0.2.2", "--dns-forward=10.0.2.3",
                "--no-map-gw", "--ipv4-only", "--tcp-ports=auto", "--udp-ports=auto", "--host-lo-to-ns-lo",
                Long.toString(child.pid()))).await(READY_AND_DETACHED);
        assertEquals(0, invocation.exitCode(), invocation::describe);
        assertTrue(invocation.stderr().contains("--stderr will be dropped soon"), invocation::describe);

        CommandContext inside = sandbox.hostUserIn(child.pid(), "-U", "-n");
        List<IpLink> links = IpLink.listFrom(inside.run("ip", "-j", "addr").requireSuccess().stdout());
        IpLink tap = IpLink.named(links, "tap0").orElseThrow(() -> new AssertionError("no tap0: " + links));
        List<IpRoute> routes = IpRoute.listFrom(inside.run("ip", "-j", "route").requireSuccess().stdout());
        List<IpRoute> routes6 = IpRoute.listFrom(inside.run("ip", "-6", "-j", "route").requireSuccess().stdout());
        assertAll(
                () -> assertTrue(tap.isUp() && tap.mtu() == 65520, tap::toString),
                () -> assertTrue(tap.hasAddress("10.0.2.100/24"), tap::toString),
                () -> assertEquals("10.0.2.2", IpRoute.defaultRoute(routes).map(IpRoute::gateway).orElse(null),
                        routes::toString),
                () -> assertFalse(tap.hasAddress(Sandbox.HOST_V6 + "/" + Sandbox.HOST_V6_PREFIX), "--ipv4-only"),
                () -> assertTrue(IpRoute.defaultRoute(routes6).isEmpty(), () -> "--ipv4-only: " + routes6));

        Long daemon = daemonOf(sandbox, Long.toString(child.pid()));
        child.kill();
        child.waitForExit(START);
        assertTrue(ProcFs.awaitGone(daemon, GONE), () -> "daemon outlived the child: " + ProcFs.describe(daemon));
    }

    /**
     * RootlessKit's {@code --detach-netns} with the pasta driver (v3, {@code --port-driver=implicit}): its child,
     * in a user+mount namespace of its own but still in the host's netns, creates the detached netns with
     * {@code NewNetNsWithPathWithoutEnter()} (the file written 0400, then {@code unshare -n mount --bind
     * /proc/self/ns/net STATEDIR/netns}); the bind mount exists in the child's mount namespace only, so the
     * parent, in the initial namespaces, names it through the child's root ({@code parent.go}: {@code
     * /proc/CHILD/root/STATEDIR/netns}) and waits with {@code CombinedOutput()}. RootlessKit never stops pasta:
     * when the child exits, the parent's deferred {@code os.RemoveAll(STATEDIR)} deletes the netns file, and
     * pasta's inotify watch on that directory ends it. The child's exit alone does not: the watch is on the
     * directory, not on a process (pasta 2026 stays).
     */
    @Test
    void rootlessKitDetachedNetns(Sandbox sandbox) {
        Proc child = callerNamespaces(sandbox);
        CommandContext inChild = sandbox.hostUserIn(child.pid(), "-U", "-m");
        Path stateDir = sandbox.userDir().resolve("dockerd-rootless");
        Path netns = stateDir.resolve("netns");
        sandbox.hostUser().run("mkdir", stateDir.toString()).requireSuccess();
        inChild.run("sh", "-c", "touch \"$1\" && chmod 0400 \"$1\""
                + " && unshare -n mount --bind /proc/self/ns/net \"$1\"", "sh", netns.toString()).requireSuccess();
        sandbox.hostUser().run("sh", "-c", "echo \"$1\" > \"$2\"", "sh", Long.toString(child.pid()),
                stateDir.resolve("child_pid").toString()).requireSuccess();
        String netnsOption = "--netns=/proc/" + child.pid() + "/root" + netns;

        Result invocation = sandbox.hostUser().start(pasta.command("--stderr", "--ns-ifname=tap0", "--mtu=65520",
                "--config-net", "--address=10.0.2.100", "--netmask=24", "--gateway=10.0.2.2", "--dns-forward=10.0.2.3",
                "--no-map-gw", "--ipv4-only", "--tcp-ports=auto", "--udp-ports=auto", "--host-lo-to-ns-lo",
                "--userns=/proc/" + child.pid() + "/ns/user", netnsOption)).await(READY_AND_DETACHED);
        assertEquals(0, invocation.exitCode(), invocation::describe);
        assertTrue(invocation.stderr().contains("--stderr will be dropped soon"), invocation::describe);
        long daemon = daemonOf(sandbox, netnsOption);

        CommandContext detached = sandbox.hostUserIn(child.pid(), "-U", "-m");
        List<IpLink> links = IpLink.listFrom(detached.run("nsenter", "--net=" + netns, "ip", "-j", "addr")
                .requireSuccess().stdout());
        IpLink tap = IpLink.named(links, "tap0").orElseThrow(() -> new AssertionError("no tap0: " + links));
        List<IpRoute> routes = IpRoute.listFrom(detached.run("nsenter", "--net=" + netns, "ip", "-j", "route")
                .requireSuccess().stdout());
        List<IpRoute> routes6 = IpRoute.listFrom(detached.run("nsenter", "--net=" + netns, "ip", "-6", "-j",
                "route").requireSuccess().stdout());
        assertAll(
                () -> assertTrue(tap.isUp() && tap.mtu() == 65520, tap::toString),
                () -> assertTrue(tap.hasAddress("10.0.2.100/24"), tap::toString),
                () -> assertEquals("10.0.2.2", IpRoute.defaultRoute(routes).map(IpRoute::gateway).orElse(null),
                        routes::toString),
                () -> assertTrue(IpRoute.defaultRoute(routes6).isEmpty(), () -> "--ipv4-only: " + routes6));

        // the implicit port driver: a port bound later in the namespace (docker-proxy's) gets a host listener
        String port = Integer.toString(AUTO_PORT);
        Proc server = detached.start("nsenter", "--net=" + netns, "socat", "-u",
                "TCP-LISTEN:" + port + ",reuseaddr,fork", "STDOUT");
        assertTrue(Await.until(START, () -> detached.run("nsenter", "--net=" + netns, "ss", "-Hltn",
                "sport = :" + port).stdout().contains(":" + port)), () -> server.snapshot().describe());
        assertTrue(Await.until(AUTO_FORWARDED, () -> sandbox.hostUser().run("ss", "-Hltn", "sport = :" + port)
                .stdout().contains(":" + port)), "no host listener " + AUTO_FORWARDED + " after the namespace's");
        Result fromLoopback = sandbox.hostUser().run(Duration.ofSeconds(20), "sh", "-c",
                "echo from-loopback | socat -u STDIN TCP:127.0.0.1:" + port);
        Result fromUpstream = sandbox.upstream().run(Duration.ofSeconds(20), "sh", "-c",
                "echo from-upstream | socat -u STDIN TCP:" + Sandbox.HOST_V4 + ":" + port);
        assertAll(
                () -> assertEquals(0, fromLoopback.exitCode(), fromLoopback::describe),
                () -> assertEquals(0, fromUpstream.exitCode(), fromUpstream::describe),
                () -> assertTrue(Await.until(START, () -> server.stdout().contains("from-loopback")
                        && server.stdout().contains("from-upstream")), () -> server.snapshot().describe()));

        // RootlessKit's teardown: the child exits, then the parent removes its state directory
        child.kill();
        child.waitForExit(START);
        assertFalse(Await.until(Duration.ofSeconds(1), () -> !ProcFs.isRunning(daemon)),
                "pasta 2026 stays until the netns file goes; the daemon went with the child");
        sandbox.hostUser().run("rm", "-rf", stateDir.toString()).requireSuccess();
        assertTrue(ProcFs.awaitGone(daemon, GONE), () -> "daemon outlived the state directory: "
                + ProcFs.describe(daemon));
    }

    @Test
    void buildahProcNetnsPath(Sandbox sandbox) {
        Proc holder = sandbox.hostUser().start("unshare", "-rUn", "sleep", "600");
        assertTrue(ProcFs.awaitCommand(holder.pid(), "sleep", START), () -> holder.snapshot().describe());
        CommandContext buildah = sandbox.hostUserIn(holder.pid(), "-U");
        Path pidFile = sandbox.userDir().resolve("buildah-pasta.pid");

        Result invocation = buildah.start(pasta.command("--config-net", "--dns-forward", "169.254.1.1", "-t", "none",
                "-u", "none", "-T", "none", "-U", "none", "--no-map-gw", "--quiet", "--netns",
                "/proc/" + holder.pid() + "/ns/net", "--map-guest-addr", "169.254.1.2", "--pid", pidFile.toString()))
                .await(READY_AND_DETACHED);
        assertEquals(0, invocation.exitCode(), invocation::describe);
        long daemon = PidFile.read(pidFile).orElseThrow(() -> new AssertionError("no PID in " + pidFile));
        sandbox.adoptDaemon(daemon);

        List<IpLink> links = IpLink.listFrom(sandbox.hostUserIn(holder.pid(), "-U", "-n").run("ip", "-j", "addr")
                .requireSuccess().stdout());
        IpLink tap = IpLink.named(links, Sandbox.UPLINK).orElseThrow(() -> new AssertionError(links.toString()));
        assertTrue(tap.hasAddress(Sandbox.HOST_V4 + "/" + Sandbox.HOST_V4_PREFIX), tap::toString);

        holder.kill();
        holder.waitForExit(START);
        assertTrue(ProcFs.awaitGone(daemon, GONE), () -> "daemon outlived /proc/PID: " + ProcFs.describe(daemon));
    }

    /** The daemon started with {@code target} as its last argument (the PID, or {@code --netns=PATH}). */
    private static long daemonOf(Sandbox sandbox, String target) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(a -> a.length > 0 && a[a.length - 1].equals(target)).orElse(false))
                .filter(p -> p.info().command().map(c -> c.contains("java") || c.contains("pasta") || c.contains("passt"))
                        .orElse(false))
                .map(ProcessHandle::pid)
                .peek(sandbox::adoptDaemon)
                .findFirst().orElseThrow(() -> new AssertionError("no daemon attached to " + target));
    }
}
