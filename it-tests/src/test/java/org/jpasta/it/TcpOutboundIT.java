package org.jpasta.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;

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
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TCP connections from the namespace out through pasta: bulk data with a checksum, the gateway address reaching
 * the host's loopback (and not with {@code --no-map-gw}), half-close and reset in both directions. Servers run
 * upstream (or on the host's loopback); clients run in {@code pasta --config-net -- ...} as the unprivileged user.
 */
@ExtendWith(SandboxExtension.class)
@Timeout(90)
class TcpOutboundIT {
    private static final Duration RUN = Duration.ofSeconds(60);
    private static final int PORT = 8080;
    private static PastaUnderTest pasta;

    @BeforeAll
    static void findPasta() {
        pasta = PastaUnderTest.get().requireExecutable();
    }

    private static Result inNamespace(Sandbox sandbox, String... command) {
        String[] args = new String[command.length + 2];
        args[0] = "--config-net";
        args[1] = "--";
        System.arraycopy(command, 0, args, 2, command.length);
        return sandbox.hostUser().run(RUN, pasta.command(args));
    }

    private static Result inNamespaceWith(Sandbox sandbox, String option, String... command) {
        String[] args = new String[command.length + 3];
        args[0] = option;
        args[1] = "--config-net";
        args[2] = "--";
        System.arraycopy(command, 0, args, 3, command.length);
        return sandbox.hostUser().run(RUN, pasta.command(args));
    }

    @ParameterizedTest(name = "from {0}")
    @ValueSource(strings = {Sandbox.UPSTREAM_ONLY_V4, Sandbox.UPSTREAM_ONLY_V6})
    void fetches10MiBFromAnUpstreamHttpServerIntact(String server, Sandbox sandbox) throws Exception {
        Path dir = Files.createDirectories(sandbox.userDir().resolve("www"));
        byte[] content = new byte[10 << 20];
        new Random(42).nextBytes(content);
        Files.write(dir.resolve("blob"), content);
        Files.setPosixFilePermissions(dir.resolve("blob"), PosixFilePermissions.fromString("rw-r--r--"));
        sandbox.upstream().start(TcpTools.PYTHON, "-m", "http.server", "--bind", server, "--directory",
                dir.toString(), Integer.toString(PORT));
        TcpTools.awaitListening(sandbox.upstream(), PORT);

        String url = "http://" + (server.contains(":") ? "[" + server + "]" : server) + ":" + PORT + "/blob";
        Result result = inNamespace(sandbox, "sh", "-c", "curl -sS -g --max-time 30 " + url + " | sha256sum");

        assertEquals(0, result.exitCode(), result::describe);
        assertEquals(sha256(content), result.stdout().split(" ")[0], result::describe);
    }

    /**
     * The guest changes its MAC address six times during a rate-limited 10 MiB download. Frames the helper
     * sends to the old address until it learns the new one (from the guest's next frame) are dropped by the
     * guest's kernel, and the helper has to retransmit from the right place. The download must finish,
     * intact. Loss is likely, not certain: manual runs with jpasta's debug statistics showed 0 to 2 fast
     * retransmissions. A rewind that skips the discard of bytes acknowledged earlier in the same batch
     * survived 4 runs of this test, so that case rests on review.
     */
    @Test
    void downloadSurvivesTheGuestChangingItsMacAddress(Sandbox sandbox) throws Exception {
        Path dir = Files.createDirectories(sandbox.userDir().resolve("www"));
        byte[] content = new byte[10 << 20];
        new Random(7).nextBytes(content);
        Files.write(dir.resolve("blob"), content);
        Files.setPosixFilePermissions(dir.resolve("blob"), PosixFilePermissions.fromString("rw-r--r--"));
        sandbox.upstream().start(TcpTools.PYTHON, "-m", "http.server", "--bind", Sandbox.UPSTREAM_ONLY_V4,
                "--directory", dir.toString(), Integer.toString(PORT));
        TcpTools.awaitListening(sandbox.upstream(), PORT);

        String url = "http://" + Sandbox.UPSTREAM_ONLY_V4 + ":" + PORT + "/blob";
        Result result = inNamespace(sandbox, "sh", "-c", String.join("\n",
                "dev=$(ip -o link show | awk -F': ' '$2 != \"lo\" { print $2; exit }')",
                "sum=$(mktemp)",
                "curl -sS --limit-rate 4M --max-time 40 " + url + " | sha256sum > \"$sum\" &",
                "sleep 0.5",
                "for k in 1 2 3 4 5 6; do ip link set \"$dev\" address 02:00:00:00:01:0$k; sleep 0.3; done",
                "wait",
                "cut -d' ' -f1 \"$sum\""));

        assertEquals(0, result.exitCode(), result::describe);
        assertEquals(sha256(content), result.stdout().strip(), result::describe);
    }

    @Test
    void gatewayAddressReachesTheHostLoopback(Sandbox sandbox) {
        sandbox.hostRoot().start(TcpTools.server("127.0.0.1", PORT, "c.sendall(b'hello from host loopback'); c.close()"));
        TcpTools.awaitListening(sandbox.hostRoot(), PORT);

        Result result = inNamespace(sandbox, TcpTools.client(Sandbox.GATEWAY_V4, PORT,
                "print(" + TcpTools.READ_ALL + ".decode())"));

        assertEquals(0, result.exitCode(), result::describe);
        assertEquals("hello from host loopback", result.stdout().strip(), result::describe);
    }

    @Test
    void gatewayAddressIsNotTheHostLoopbackWithNoMapGw(Sandbox sandbox) {
        sandbox.hostRoot().start(TcpTools.server("127.0.0.1", PORT, "c.sendall(b'hello'); c.close()"));
        TcpTools.awaitListening(sandbox.hostRoot(), PORT);

        Result result = inNamespaceWith(sandbox, "--no-map-gw", TcpTools.client(Sandbox.GATEWAY_V4, PORT,
                "print(" + TcpTools.READ_ALL + ".decode())"));

        assertNotEquals(0, result.exitCode(), result::describe);
        assertTrue(result.stderr().contains("ConnectionRefusedError"), result::describe);
    }

    @Test
    void namespaceShutsDownWritingAndStillReceives(Sandbox sandbox) {
        Proc server = sandbox.upstream().start(TcpTools.server(Sandbox.UPSTREAM_ONLY_V4, PORT,
                "got=" + TcpTools.READ_ALL + "; time.sleep(0.3); c.sendall(b'after your FIN: '+got); c.close()"));
        TcpTools.awaitListening(sandbox.upstream(), PORT);

        Result result = inNamespace(sandbox, TcpTools.client(Sandbox.UPSTREAM_ONLY_V4, PORT,
                "c.sendall(b'request'); c.shutdown(socket.SHUT_WR); print(" + TcpTools.READ_ALL + ".decode())"));

        assertEquals(0, result.exitCode(), result::describe);
        assertEquals("after your FIN: request", result.stdout().strip(), result::describe);
        assertEquals(0, server.waitForExit(Duration.ofSeconds(10)), () -> server.snapshot().describe());
    }

    @Test
    void hostShutsDownWritingAndStillReceives(Sandbox sandbox) {
        Proc server = sandbox.upstream().start(TcpTools.server(Sandbox.UPSTREAM_ONLY_V4, PORT,
                "c.sendall(b'banner'); c.shutdown(socket.SHUT_WR); print('server got', " + TcpTools.READ_ALL
                        + ".decode(), flush=True)"));
        TcpTools.awaitListening(sandbox.upstream(), PORT);

        Result result = inNamespace(sandbox, TcpTools.client(Sandbox.UPSTREAM_ONLY_V4, PORT,
                "got=" + TcpTools.READ_ALL + "; c.sendall(b'reply to '+got); c.close(); print('client done')"));

        assertEquals(0, result.exitCode(), result::describe);
        Result served = server.await(Duration.ofSeconds(10)); // exit and EOF: the output is complete
        assertEquals(0, served.exitCode(), served::describe);
        assertTrue(served.stdout().contains("server got reply to banner"), served::describe);
    }

    @Test
    void resetFromTheHostReachesTheNamespace(Sandbox sandbox) {
        sandbox.upstream().start(TcpTools.server(Sandbox.UPSTREAM_ONLY_V4, PORT,
                "c.recv(100); " + TcpTools.RESET));
        TcpTools.awaitListening(sandbox.upstream(), PORT);

        Result result = inNamespace(sandbox, TcpTools.client(Sandbox.UPSTREAM_ONLY_V4, PORT,
                "c.sendall(b'x')\ntry:\n    c.recv(100)\n    c.recv(100)\n    print('no reset')\n"
                        + "except ConnectionResetError:\n    print('reset')"));

        assertEquals(0, result.exitCode(), result::describe);
        assertEquals("reset", result.stdout().strip(), result::describe);
    }

    @Test
    void resetFromTheNamespaceReachesTheHost(Sandbox sandbox) {
        Proc server = sandbox.upstream().start(TcpTools.server(Sandbox.UPSTREAM_ONLY_V4, PORT,
                "c.settimeout(10); c.sendall(b'hi')\ntry:\n    print('read', c.recv(100), flush=True)\n"
                        + "    print('read', c.recv(100), flush=True)\nexcept ConnectionResetError:\n"
                        + "    print('reset', flush=True)"));
        TcpTools.awaitListening(sandbox.upstream(), PORT);

        Result result = inNamespace(sandbox, TcpTools.client(Sandbox.UPSTREAM_ONLY_V4, PORT,
                "c.recv(100); " + TcpTools.RESET));

        assertEquals(0, result.exitCode(), result::describe);
        Result served = server.await(Duration.ofSeconds(10)); // exit and EOF: the output is complete
        assertEquals(0, served.exitCode(), served::describe);
        assertTrue(served.stdout().contains("reset"), served::describe);
    }

    static String sha256(byte[] data) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

}
