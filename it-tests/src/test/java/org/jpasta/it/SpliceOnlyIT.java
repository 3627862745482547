package org.jpasta.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.jpasta.it.iproute.IpLink;
import org.jpasta.it.pasta.PastaUnderTest;
import org.jpasta.it.sandbox.Await;
import org.jpasta.it.sandbox.Proc;
import org.jpasta.it.sandbox.Result;
import org.jpasta.it.sandbox.Sandbox;
import org.jpasta.it.sandbox.SandboxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --splice-only} (pasta 2026): no tap device at all, only the loopback paths. It implies
 * {@code --host-lo-to-ns-lo}, so {@code -t} from the host's loopback reaches a server that listens on the
 * namespace's loopback only, on the loopback address the client connected to; {@code -T} goes from the
 * namespace's loopback to the host's; and a {@code -t} client that is not on the host's loopback has nowhere to
 * go (pasta's {@code fwd_nat_from_host()} returns no target): the connection is reset. {@code --config-net}
 * then only brings {@code lo} up.
 *
 * <p>Spawn mode, as the unprivileged user: the command records the namespace's links, starts a server on a
 * loopback address and, meanwhile, exchanges a file with a server on the host's loopback through {@code -T};
 * the test connects from the upstream namespace (refused) and then from the host's loopback. Every transfer is
 * checked both ways with {@code cmp}.
 */
@ExtendWith(SandboxExtension.class)
@Timeout(90)
class SpliceOnlyIT {
    private static final int INBOUND_PORT = 10093;
    private static final int OUTBOUND_PORT = 10094;
    private static final long SIZE = 256 << 10;
    private static final Duration START = Duration.ofSeconds(20);

    /**
     * Connects and reads: "reset", "eof" or "data" (what a reset, closed or forwarded connection gives). The
     * reset may come while connect() is still returning.
     */
    private static final String PROBE = String.join("\n",
            "import socket, sys",
            "try:",
            "    s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=10)",
            "    print('eof' if s.recv(1) == b'' else 'data', flush=True)",
            "except ConnectionResetError:",
            "    print('reset', flush=True)");

    /**
     * In the namespace: $1 server program, $2 client program, $3 directory, $4 -t port, $5 -T port, $6 the
     * loopback address the server binds.
     */
    private static final String IN_NAMESPACE = String.join("\n",
            "set -e",
            "ip -j addr > \"$3/links.json\"",
            "python3 -c \"$1\" \"$6\" \"$4\" swap \"$3/down\" \"$3/up.received\" &",
            "server=$!",
            "python3 -c \"$2\" 127.0.0.1 \"$5\" swap \"$3/ns-up\" \"$3/ns-down.received\" > \"$3/ns-client.out\"",
            "wait $server");

    private static PastaUnderTest pasta;

    @BeforeAll
    static void findPasta() {
        pasta = PastaUnderTest.get().requireExecutable();
    }

    /**
     * The host client connects to the same loopback address the namespace's server is bound to: pasta keeps the
     * address ({@code fwd_nat_from_host()}: the target is the address the client connected to), 127.0.0.2
     * included.
     */
    @ParameterizedTest(name = "namespace server on {0}")
    @ValueSource(strings = {"127.0.0.1", "127.0.0.2"})
    void noTapAndLoopbackForwardingBothWays(String loopback, Sandbox sandbox) throws Exception {
        Path dir = sandbox.userDir();
        String up = randomFile(sandbox, "up"), down = randomFile(sandbox, "down");
        String nsUp = randomFile(sandbox, "ns-up"), nsDown = randomFile(sandbox, "ns-down");
        Proc hostServer = SpliceAttach.startServer(sandbox.hostUser(), "127.0.0.1", OUTBOUND_PORT, "swap", nsDown,
                file(sandbox, "ns-up.received"));

        Proc spawned = sandbox.hostUser().start(pasta.command("--splice-only", "-t", Integer.toString(INBOUND_PORT),
                "-T", Integer.toString(OUTBOUND_PORT), "--config-net", "--", "sh", "-c", IN_NAMESPACE, "sh",
                SpliceTools.SERVER, SpliceTools.CLIENT, dir.toString(), Integer.toString(INBOUND_PORT),
                Integer.toString(OUTBOUND_PORT), loopback));
        assertTrue(Await.until(START, () -> spawned.stdout().contains("listening") || !spawned.isAlive()),
                () -> "namespace server did not start: " + spawned.snapshot().describe());

        // not from the host's loopback: no tap to take it to, so pasta resets it
        Result outsider = sandbox.upstream().run("python3", "-c", PROBE, Sandbox.HOST_V4,
                Integer.toString(INBOUND_PORT));
        // from the host's loopback: spliced to the namespace's loopback (--host-lo-to-ns-lo is implied)
        Result client = SpliceAttach.client(sandbox.hostUser(), loopback, INBOUND_PORT, "swap", up,
                file(sandbox, "down.received"));

        Result finished = spawned.await(START);
        assertEquals(0, finished.exitCode(), finished::describe);
        List<IpLink> links = IpLink.listFrom(Files.readString(dir.resolve("links.json")));
        assertAll(
                () -> assertEquals(List.of("lo"), links.stream().map(IpLink::name).toList(), "only lo: " + links),
                () -> assertTrue(links.get(0).isUp(), () -> "lo is up: " + links),
                () -> assertEquals("reset", outsider.stdout().strip(), outsider::describe),
                () -> assertEquals("done", client.stdout().strip(), client::describe),
                () -> assertEquals("done", Files.readString(dir.resolve("ns-client.out")).strip(), "-T client"),
                () -> assertTrue(Await.until(Duration.ofSeconds(5), () -> hostServer.stdout().contains("done")),
                        hostServer::command));
        assertSameContent(sandbox, up, file(sandbox, "up.received"));
        assertSameContent(sandbox, down, file(sandbox, "down.received"));
        assertSameContent(sandbox, nsUp, file(sandbox, "ns-up.received"));
        assertSameContent(sandbox, nsDown, file(sandbox, "ns-down.received"));
    }

    private static String file(Sandbox sandbox, String name) {
        return sandbox.userDir().resolve(name).toString();
    }

    private static String randomFile(Sandbox sandbox, String name) {
        String path = file(sandbox, name);
        sandbox.hostUser().run("sh", "-c", "head -c " + SIZE + " /dev/urandom > \"$1\"", "sh", path).requireSuccess();
        return path;
    }

    private static void assertSameContent(Sandbox sandbox, String expected, String actual) {
        Result r = sandbox.hostUser().run("cmp", expected, actual);
        assertEquals(0, r.exitCode(), () -> "cmp " + expected + " " + actual + ": " + r.describe());
    }
}
