package org.jpasta.it.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A private two-namespace network in which pasta can run as an ordinary user without touching the machine.
 *
 * <p>Layout: a "host" netns plays the machine pasta runs on; an "upstream" netns plays the router and the
 * rest of the world behind it. They are joined by a veth pair:
 * <pre>
 *   host netns  jpt-h-ID                       upstream netns  jpt-u-ID
 *     lo up                                       lo up, 203.0.113.10/32, 2001:db8:203::10/128
 *     eth0  198.51.100.2/24  ==== veth ====     uplink  198.51.100.1/24
 *           2001:db8:100::2/64                          2001:db8:100::1/64
 *     default via 198.51.100.1 / 2001:db8:100::1
 * </pre>
 * The uplink is called {@code eth0} so that pasta's template interface looks like a real machine's. DAD is
 * switched off in both namespaces and the setup waits until no address is tentative, so IPv6 works at once.
 * Both namespaces allow unprivileged ICMP echo sockets ({@code ping_group_range}), which pasta needs for
 * ping. Nothing here routes to the machine's real interfaces: all traffic stays in these namespaces.
 *
 * <p>pasta is meant to run unprivileged, so tests run it as uid/gid {@value #UNPRIVILEGED_UID}. {@code
 * /dev/net/tun} on these machines is mode 0600; rather than changing the real device, every unprivileged
 * command first bind-mounts a 0666 copy of the device node over it, inside the private mount namespace that
 * {@code ip netns exec} creates, and then drops to the user with {@code setpriv}. Optionally a prepared
 * {@code resolv.conf} is bind-mounted the same way.
 *
 * <p>{@link #close()} removes everything: it kills the processes the sandbox started (with their
 * descendants), daemons handed to {@link #adoptDaemon}, and whatever is left inside the two namespaces (all
 * of it started by this test, as the namespaces are unique to it); then it deletes both namespaces and the
 * temporary directory.
 */
public final class Sandbox implements AutoCloseable {
    public static final int UNPRIVILEGED_UID = 65534;
    public static final String UPLINK = "eth0";
    public static final String HOST_V4 = "198.51.100.2";
    public static final int HOST_V4_PREFIX = 24;
    public static final String HOST_V6 = "2001:db8:100::2";
    public static final int HOST_V6_PREFIX = 64;
    public static final String GATEWAY_V4 = "198.51.100.1";
    public static final String GATEWAY_V6 = "2001:db8:100::1";
    /** Addresses that exist only upstream: reaching them proves packets really left the host namespace. */
    public static final String UPSTREAM_ONLY_V4 = "203.0.113.10";
    public static final String UPSTREAM_ONLY_V6 = "2001:db8:203::10";
    /** Addresses that exist nowhere: a negative control for reachability checks. */
    public static final String NOWHERE_V4 = "203.0.113.11";
    public static final String NOWHERE_V6 = "2001:db8:203::11";

    private static final String UPSTREAM_LINK = "uplink";
    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration DAD_TIMEOUT = Duration.ofSeconds(5);
    private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /**
     * Runs as root inside the {@code ip netns exec} mount namespace: make the tun copy (and resolv.conf)
     * visible, then become the unprivileged user. Arguments: tun node, resolv.conf or "", command...
     */
    /** Makes the tun copy (and resolv.conf, if given) visible; arguments: tun node, resolv.conf or "". */
    private static final String MOUNT_TUN_AND_RESOLV_CONF = String.join("\n",
            "set -e",
            "mount --bind \"$1\" /dev/net/tun",
            "if [ -n \"$2\" ]; then mount --bind \"$2\" /etc/resolv.conf; fi",
            "shift 2");
    private static final String AS_UNPRIVILEGED_USER = MOUNT_TUN_AND_RESOLV_CONF + "\nexec setpriv --reuid="
            + UNPRIVILEGED_UID + " --regid=" + UNPRIVILEGED_UID + " --clear-groups --inh-caps=-all -- \"$@\"";
    /** As {@link #AS_UNPRIVILEGED_USER}, staying root. */
    private static final String AS_ROOT_WITH_TUN = MOUNT_TUN_AND_RESOLV_CONF + "\nexec \"$@\"";

    private final String id;
    private final String hostNs;
    private final String upstreamNs;
    private final Path dir;
    private final Path userDir;
    private final Path tunNode;
    private Path resolvConf;
    private final Transcript transcript = new Transcript();
    private final List<Proc> started = new ArrayList<>();
    private final List<ProcessHandle> adoptedDaemons = new ArrayList<>();
    private final List<String> extraNamespaces = new ArrayList<>();

    private Sandbox(String id, Path dir) {
        this.id = id;
        this.hostNs = "jpt-h-" + id;
        this.upstreamNs = "jpt-u-" + id;
        this.dir = dir;
        this.userDir = dir.resolve("home");
        this.tunNode = dir.resolve("tun");
    }

    /** Builds a fresh sandbox; on any failure everything created so far is removed again. */
    public static Sandbox create() {
        String id = randomId();
        Path dir = createWorldReadableTempDir(id);
        Sandbox sandbox = new Sandbox(id, dir);
        try {
            sandbox.build();
            return sandbox;
        } catch (RuntimeException | Error e) {
            System.err.println("sandbox " + id + " setup failed; transcript:\n" + sandbox.transcript.render());
            sandbox.close();
            throw e;
        }
    }

    private static String randomId() {
        byte[] bytes = new byte[3];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static Path createWorldReadableTempDir(String id) {
        try {
            Path dir = Files.createTempDirectory("jpt-" + id + "-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void build() {
        createUserDirAndTunNode();
        setup("ip", "netns", "add", hostNs);
        setup("ip", "netns", "add", upstreamNs);
        configureSysctls(hostNs);
        configureSysctls(upstreamNs);
        setup("ip", "-n", hostNs, "link", "add", UPLINK, "type", "veth",
                "peer", "name", UPSTREAM_LINK, "netns", upstreamNs);
        configureUpstream();
        configureHost();
        awaitNoTentativeAddresses(hostNs);
        awaitNoTentativeAddresses(upstreamNs);
    }

    private void createUserDirAndTunNode() {
        try {
            Files.createDirectory(userDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        setup("chown", UNPRIVILEGED_UID + ":" + UNPRIVILEGED_UID, userDir.toString());
        setup("chmod", "0700", userDir.toString());
        setup("mknod", "-m", "0666", tunNode.toString(), "c", "10", "200");
    }

    private void configureSysctls(String ns) {
        setup("ip", "netns", "exec", ns, "sysctl", "-q", "-w",
                "net.ipv6.conf.all.accept_dad=0",
                "net.ipv6.conf.default.accept_dad=0",
                "net.ipv4.ping_group_range=0 2147483647");
    }

    private void configureHost() {
        setup("ip", "-n", hostNs, "link", "set", "lo", "up");
        setup("ip", "-n", hostNs, "addr", "add", HOST_V4 + "/" + HOST_V4_PREFIX, "dev", UPLINK);
        setup("ip", "-n", hostNs, "addr", "add", HOST_V6 + "/" + HOST_V6_PREFIX, "dev", UPLINK, "nodad");
        setup("ip", "-n", hostNs, "link", "set", UPLINK, "up");
        setup("ip", "-n", hostNs, "route", "add", "default", "via", GATEWAY_V4, "dev", UPLINK);
        setup("ip", "-n", hostNs, "-6", "route", "add", "default", "via", GATEWAY_V6, "dev", UPLINK);
    }

    private void configureUpstream() {
        setup("ip", "-n", upstreamNs, "link", "set", "lo", "up");
        setup("ip", "-n", upstreamNs, "addr", "add", UPSTREAM_ONLY_V4 + "/32", "dev", "lo");
        setup("ip", "-n", upstreamNs, "addr", "add", UPSTREAM_ONLY_V6 + "/128", "dev", "lo", "nodad");
        setup("ip", "-n", upstreamNs, "addr", "add", GATEWAY_V4 + "/" + HOST_V4_PREFIX, "dev", UPSTREAM_LINK);
        setup("ip", "-n", upstreamNs, "addr", "add", GATEWAY_V6 + "/" + HOST_V6_PREFIX, "dev", UPSTREAM_LINK,
                "nodad");
        setup("ip", "-n", upstreamNs, "link", "set", UPSTREAM_LINK, "up");
    }

    private void awaitNoTentativeAddresses(String ns) {
        boolean settled = Await.until(DAD_TIMEOUT, () -> runDirect(List.of(
                "ip", "-n", ns, "-6", "addr", "show", "tentative")).stdout().isBlank());
        if (!settled) {
            throw new IllegalStateException("IPv6 addresses in " + ns + " still tentative after " + DAD_TIMEOUT
                    + ":\n" + runDirect(List.of("ip", "-n", ns, "-6", "addr")).stdout());
        }
    }

    private void setup(String... command) {
        Result result = runDirect(List.of(command));
        transcript.add(result);
        result.requireSuccess();
    }

    private Result runDirect(List<String> argv) {
        try (Proc proc = Proc.start("[root] " + String.join(" ", argv), argv, environment())) {
            return proc.await(SETUP_TIMEOUT);
        }
    }

    // ---- contexts ---------------------------------------------------------------------------------------

    /** Root in the host namespace (for inspecting it, or for servers pasta should reach as "the host"). */
    public CommandContext hostRoot() {
        return new CommandContext(this, "root@host", List.of("ip", "netns", "exec", hostNs));
    }

    /**
     * Root in the host namespace with the usable {@code /dev/net/tun} copy: for starting pasta as root, which
     * then switches to {@code --runas} or nobody by itself.
     */
    public CommandContext hostRootWithTun() {
        return new CommandContext(this, "root+tun@host", withTun(AS_ROOT_WITH_TUN));
    }

    /** Uid {@value #UNPRIVILEGED_UID} in the host namespace, with a usable {@code /dev/net/tun}. */
    public CommandContext hostUser() {
        return new CommandContext(this, "user@host", unprivilegedPrefix());
    }

    /**
     * Uid {@value #UNPRIVILEGED_UID} joined into namespaces of {@code pid} with {@code nsenter
     * --preserve-credentials}; {@code namespaces} are nsenter flags such as {@code "-U", "-n"} or
     * {@code "-U", "-m"}.
     */
    public CommandContext hostUserIn(long pid, String... namespaces) {
        List<String> prefix = new ArrayList<>(unprivilegedPrefix());
        prefix.addAll(List.of("nsenter", "--preserve-credentials", "-t", Long.toString(pid)));
        prefix.addAll(List.of(namespaces));
        prefix.add("--");
        return new CommandContext(this, "user@ns-of-" + pid + String.join("", namespaces), prefix);
    }

    /** Root in the upstream namespace, e.g. to run servers that pasta's traffic should reach. */
    public CommandContext upstream() {
        return new CommandContext(this, "root@upstream", List.of("ip", "netns", "exec", upstreamNs));
    }

    private List<String> unprivilegedPrefix() {
        return withTun(AS_UNPRIVILEGED_USER);
    }

    /** Runs {@code script} (one of the tun-mounting scripts above) as root in the host namespace. */
    private List<String> withTun(String script) {
        return List.of("ip", "netns", "exec", hostNs, "sh", "-c", script, "jpt-with-tun", tunNode.toString(),
                resolvConf == null ? "" : resolvConf.toString());
    }

    // ---- state used by tests ----------------------------------------------------------------------------

    /** A directory owned by the unprivileged user (its HOME and TMPDIR): pid files, logs, netns files. */
    public Path userDir() {
        return userDir;
    }

    /** From now on unprivileged commands see {@code content} as {@code /etc/resolv.conf}. */
    public void useResolvConf(String content) {
        try {
            Path file = dir.resolve("resolv.conf");
            Files.writeString(file, content);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            resolvConf = file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes {@code pid} (a daemon this test caused, e.g. from a pid file) part of the cleanup. */
    public void adoptDaemon(long pid) {
        ProcessHandle.of(pid).ifPresent(adoptedDaemons::add);
    }

    /**
     * A new, empty named network namespace ({@code ip netns add}, owned by root in the initial user namespace),
     * for pasta to attach to with {@code --netns NAME}; deleted with the sandbox.
     */
    public synchronized String newNamedNamespace() {
        String name = "jpt-x" + extraNamespaces.size() + "-" + id;
        setup("ip", "netns", "add", name);
        extraNamespaces.add(name);
        return name;
    }

    public String hostNamespace() {
        return hostNs;
    }

    public String upstreamNamespace() {
        return upstreamNs;
    }

    Transcript transcript() {
        return transcript;
    }

    synchronized Proc launch(String description, List<String> argv) {
        Proc proc = Proc.start(description, argv, environment());
        started.add(proc);
        return proc;
    }

    private Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", PATH);
        env.put("HOME", userDir.toString());
        env.put("TMPDIR", userDir.toString());
        env.put("LC_ALL", "C");
        String javaHome = System.getenv("JAVA_HOME");
        if (javaHome != null) {
            env.put("JAVA_HOME", javaHome);
        }
        return env;
    }

    // ---- diagnostics and cleanup ------------------------------------------------------------------------

    /** The transcript plus the current state of the namespaces and processes, for a failure report. */
    public String diagnostics() {
        StringBuilder sb = new StringBuilder();
        sb.append("==== sandbox ").append(id).append(" (").append(hostNs).append(", ").append(upstreamNs)
                .append(") ====\n");
        sb.append(transcript.render());
        sb.append("---- host namespace now ----\n");
        sb.append(quietly("ip", "-n", hostNs, "-br", "addr"))
                .append(quietly("ip", "-n", hostNs, "route"))
                .append(quietly("ip", "-n", hostNs, "-6", "route"));
        sb.append("---- processes in the host namespace ----\n");
        for (long pid : pidsIn(hostNs)) {
            sb.append(ProcFs.describe(pid)).append('\n');
        }
        sb.append("---- adopted daemons ----\n");
        for (ProcessHandle daemon : adoptedDaemons) {
            sb.append(ProcFs.describe(daemon.pid())).append('\n');
        }
        return sb.toString();
    }

    private String quietly(String... command) {
        try {
            return runDirect(List.of(command)).stdout();
        } catch (RuntimeException | AssertionError e) {
            return "(" + String.join(" ", command) + ": " + e.getMessage() + ")\n";
        }
    }

    @Override
    public synchronized void close() {
        for (Proc proc : started) {
            proc.close();
        }
        for (ProcessHandle daemon : adoptedDaemons) {
            daemon.destroyForcibly();
        }
        for (String ns : extraNamespaces) {
            killEverythingIn(ns);
            deleteNamespace(ns);
        }
        killEverythingIn(hostNs);
        killEverythingIn(upstreamNs);
        deleteNamespace(upstreamNs);
        deleteNamespace(hostNs);
        deleteRecursively(dir);
    }

    private void killEverythingIn(String ns) {
        for (long pid : pidsIn(ns)) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private List<Long> pidsIn(String ns) {
        List<Long> pids = new ArrayList<>();
        try {
            for (String line : runDirect(List.of("ip", "netns", "pids", ns)).stdout().split("\n")) {
                if (!line.isBlank()) {
                    pids.add(Long.parseLong(line.strip()));
                }
            }
        } catch (RuntimeException | AssertionError e) {
            System.err.println("sandbox " + id + ": cannot list processes in " + ns + ": " + e.getMessage());
        }
        return pids;
    }

    private void deleteNamespace(String ns) {
        try {
            Result result = runDirect(List.of("ip", "netns", "del", ns));
            if (!result.succeeded() && !result.stderr().contains("No such file")) {
                System.err.println("sandbox " + id + ": " + result.describe());
            }
        } catch (RuntimeException | AssertionError e) {
            System.err.println("sandbox " + id + ": cannot delete " + ns + ": " + e.getMessage());
        }
    }

    private void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("sandbox " + id + ": cannot delete " + root + ": " + e);
        }
    }
}
