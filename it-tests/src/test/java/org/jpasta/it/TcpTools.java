package org.jpasta.it;

import java.time.Duration;

import org.jpasta.it.sandbox.CommandContext;
import org.jpasta.it.sandbox.Result;

/**
 * Small TCP peers for the TCP integration tests: Python one-liners run with the system interpreter (readable
 * by the unprivileged user), so that every test controls exactly when each side shuts down, resets or closes.
 */
final class TcpTools {
    static final String PYTHON = "/usr/bin/python3";

    private TcpTools() {
    }

    /**
     * A server that accepts one connection, prints the client's address, then runs {@code body} with the
     * connected socket {@code c} (Python statements, {@code ;}-separated; {@code socket} and {@code sys} imported).
     */
    static String[] server(String bindAddress, int port, String body) {
        String family = bindAddress.contains(":") ? "socket.AF_INET6" : "socket.AF_INET";
        String script = "import socket,sys,struct,time\n"
                + "s=socket.socket(" + family + ")\n"
                + "s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\n"
                + "s.bind(('" + bindAddress + "'," + port + "))\n"
                + "s.listen(8)\n"
                + "print('listening',time.time(),flush=True)\n"
                + "c,a=s.accept()\n"
                + "print('peer',a[0],flush=True)\n"
                + body.replace("; ", "\n") + "\n";
        return new String[] {PYTHON, "-c", script};
    }

    /** A client that connects to {@code address:port} and runs {@code body} with the connected socket {@code c}. */
    static String[] client(String address, int port, String body) {
        String family = address.contains(":") ? "socket.AF_INET6" : "socket.AF_INET";
        String script = "import socket,sys,struct,time\n"
                + "c=socket.socket(" + family + ")\n"
                + "c.settimeout(10)\n"
                + "c.connect(('" + address + "'," + port + "))\n"
                + body.replace("; ", "\n") + "\n";
        return new String[] {PYTHON, "-c", script};
    }

    /** Reads until EOF and returns what came, as text (Python expression). */
    static final String READ_ALL = "b''.join(iter(lambda: c.recv(65536), b''))";

    /** Python statement: set SO_LINGER {1, 0} and close, so the peer gets a RST. */
    static final String RESET = "c.setsockopt(socket.SOL_SOCKET,socket.SO_LINGER,struct.pack('ii',1,0)); c.close()";

    /** Waits until something listens on TCP {@code port} in the context's namespace. */
    static void awaitListening(CommandContext ctx, int port) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Result r = ctx.run("ss", "-Hltn", "sport = :" + port);
            if (r.succeeded() && !r.stdout().isBlank()) {
                return;
            }
            sleep(50);
        }
        throw new AssertionError("nothing listens on port " + port + " in " + ctx);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
