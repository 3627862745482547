package org.jpasta.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.jpasta.it.pasta.PastaUnderTest;
import org.jpasta.it.sandbox.Await;
import org.jpasta.it.sandbox.Proc;
import org.jpasta.it.sandbox.Result;
import org.jpasta.it.sandbox.Sandbox;
import org.jpasta.it.sandbox.SandboxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Inbound {@code -t} forwarding: a client upstream connects to the host's address, pasta's host listener
 * accepts, and the server inside the namespace sees the connection with the client's real address.
 */
@ExtendWith(SandboxExtension.class)
@Timeout(90)
class TcpInboundIT {
    private static final int PORT = 8080;
    private static PastaUnderTest pasta;

    @BeforeAll
    static void findPasta() {
        pasta = PastaUnderTest.get().requireExecutable();
    }

    /** Connects from upstream, retrying while the port is not forwarded yet; returns the client's output. */
    private static Result connectFromUpstream(Sandbox sandbox, String body) {
        String script = "import socket,sys,time\n"
                + "deadline=time.time()+10\n"
                + "while True:\n"
                + "    c=socket.socket()\n"
                + "    try:\n"
                + "        c.connect(('" + Sandbox.HOST_V4 + "'," + PORT + "))\n"
                + "        break\n"
                + "    except ConnectionRefusedError:\n"
                + "        c.close()\n"
                + "        if time.time()>deadline: raise\n"
                + "        time.sleep(0.05)\n"
                + "print('connected',time.time(),flush=True)\n"
                + "c.settimeout(10)\n"
                + body.replace("; ", "\n") + "\n";
        return sandbox.upstream().run(Duration.ofSeconds(30), TcpTools.PYTHON, "-c", script);
    }

    @Test
    void forwardedConnectionCarriesDataAndTheRealClientAddress(Sandbox sandbox) {
        Proc pastaProc = sandbox.hostUser().start(pasta.command(concat(
                new String[] {"-t", Integer.toString(PORT), "--config-net", "--"},
                TcpTools.server("0.0.0.0", PORT, "data=b''.join(iter(lambda: c.recv(65536), b'')); "
                        + "import hashlib; c.sendall(hashlib.sha256(data).hexdigest().encode()); c.close()"))));
        // the host listener accepts as soon as pasta is ready; the namespace's server must be listening too, or
        // the guest's RST resets the client (pasta behaves the same)
        assertTrue(Await.until(Duration.ofSeconds(20), () -> pastaProc.stdout().contains("listening")),
                () -> "server in the namespace never listened: " + pastaProc.snapshot().describe());

        Result client = connectFromUpstream(sandbox, "import hashlib,os; blob=os.urandom(4<<20); c.sendall(blob); "
                + "c.shutdown(socket.SHUT_WR); got=b''.join(iter(lambda: c.recv(65536), b'')).decode(); "
                + "print('match' if got==hashlib.sha256(blob).hexdigest() else 'mismatch '+got)");

        assertEquals(0, client.exitCode(), client::describe);
        assertTrue(client.stdout().contains("match") && !client.stdout().contains("mismatch"), client::describe);
        Result pastaRun = pastaProc.await(Duration.ofSeconds(20)); // exit and EOF: the output is complete
        assertEquals(0, pastaRun.exitCode(), pastaRun::describe);
        assertTrue(pastaRun.stdout().contains("peer " + Sandbox.GATEWAY_V4), pastaRun::describe);
    }

    @Test
    void autoForwardsAPortBoundAfterStartWithinTwoSeconds(Sandbox sandbox) {
        Proc pastaProc = sandbox.hostUser().start(pasta.command("-t", "auto", "--config-net", "--", "sh", "-c",
                "sleep 1.5; exec " + String.join(" ", quote(TcpTools.server("0.0.0.0", PORT,
                        "c.sendall(b'auto'); c.close()")))));

        Result client = connectFromUpstream(sandbox, "print('got', c.recv(100).decode())");

        assertEquals(0, client.exitCode(), client::describe);
        assertTrue(client.stdout().contains("got auto"),
                () -> client.describe() + "\n" + pastaProc.snapshot().describe());
        Result pastaRun = pastaProc.await(Duration.ofSeconds(20)); // exit and EOF: the output is complete
        assertEquals(0, pastaRun.exitCode(), pastaRun::describe);
        double listening = timeAfter(pastaRun.stdout(), "listening");
        double connected = timeAfter(client.stdout(), "connected");
        assertTrue(connected - listening <= 2.0, "forwarded " + (connected - listening) + " s after bind");
    }

    /**
     * The command writes 1 MiB, closes and exits at once: the guest kernel still sends most of it after the exit,
     * and all of it must reach the client before pasta closes the host socket (pasta 2026 truncates it).
     */
    @Test
    void dataSentJustBeforeTheCommandExitsReachesThePeer(Sandbox sandbox) {
        Proc pastaProc = sandbox.hostUser().start(pasta.command(concat(
                new String[] {"-t", Integer.toString(PORT), "--config-net", "--"},
                TcpTools.server("0.0.0.0", PORT, "c.sendall(bytes(1 << 20)); c.close()"))));
        assertTrue(Await.until(Duration.ofSeconds(20), () -> pastaProc.stdout().contains("listening")),
                () -> "server in the namespace never listened: " + pastaProc.snapshot().describe());

        Result client = connectFromUpstream(sandbox,
                "print('got', len(b''.join(iter(lambda: c.recv(65536), b''))))");

        assertEquals(0, client.exitCode(), client::describe);
        assertTrue(client.stdout().contains("got " + (1 << 20)), client::describe);
        assertEquals(0, pastaProc.waitForExit(Duration.ofSeconds(20)), () -> pastaProc.snapshot().describe());
    }

    @Test
    void portInUseIsAStartupError(Sandbox sandbox) {
        sandbox.hostRoot().start(TcpTools.server("0.0.0.0", PORT, "time.sleep(30)"));
        TcpTools.awaitListening(sandbox.hostRoot(), PORT);

        Result result = sandbox.hostUser().run(Duration.ofSeconds(30),
                pasta.command("-t", Integer.toString(PORT), "--config-net", "--", "true"));

        assertEquals(1, result.exitCode(), result::describe);
        assertTrue(result.stderr().contains("Couldn't listen on requested ports"), result::describe);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static double timeAfter(String output, String word) {
        for (String line : output.split("\n")) {
            if (line.startsWith(word + " ")) {
                return Double.parseDouble(line.substring(word.length() + 1).strip());
            }
        }
        throw new AssertionError("no '" + word + "' line in: " + output);
    }

    private static String[] quote(String[] argv) {
        String[] quoted = new String[argv.length];
        for (int i = 0; i < argv.length; i++) {
            quoted[i] = "'" + argv[i].replace("'", "'\\''") + "'";
        }
        return quoted;
    }
}
