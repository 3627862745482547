package org.jpasta.it;

/**
 * Small TCP programs for the splice tests, run with {@code python3 -c}: a server and a client that exchange
 * whole files (the client half-closes before it reads the reply), many concurrent verified echo exchanges,
 * a slow reader and a client that resets. Python because each end must check what it saw.
 */
final class SpliceTools {
    private SpliceTools() {}

    /**
     * {@code python3 -c SERVER ADDR PORT MODE ARGS...}; prints "listening" once bound. Modes:
     * {@code swap IN OUT} (one connection: read to EOF into OUT, then send IN and close);
     * {@code echo} (every connection: read to EOF, send it all back, close);
     * {@code slow OUT SECONDS} (one connection: wait, then read to EOF into OUT);
     * {@code count} (every connection: read to EOF, print "got N", close).
     */
    static final String SERVER = String.join("\n",
            "import socket, sys, threading, time",
            "a, p, mode, args = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]",
            "s = socket.socket(socket.AF_INET6 if ':' in a else socket.AF_INET, socket.SOCK_STREAM)",
            "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
            "s.bind((a, p))",
            "s.listen(1024)",
            "print('listening', flush=True)",
            "def readall(c):",
            "    parts = []",
            "    while True:",
            "        try:",
            "            d = c.recv(1 << 20)",
            "        except ConnectionResetError:",
            "            return None",
            "        if not d:",
            "            return b''.join(parts)",
            "        parts.append(d)",
            "def echo(c):",
            "    d = readall(c)",
            "    if d is not None:",
            "        c.sendall(d)",
            "    c.close()",
            "def count(c):",
            "    d = readall(c)",
            "    print('got', -1 if d is None else len(d), flush=True)",
            "    c.close()",
            "if mode == 'swap':",
            "    c, _ = s.accept()",
            "    open(args[1], 'wb').write(readall(c))",
            "    c.sendall(open(args[0], 'rb').read())",
            "    c.close()",
            "    print('done', flush=True)",
            "elif mode == 'slow':",
            "    c, _ = s.accept()",
            "    print('accepted', flush=True)",
            "    time.sleep(float(args[1]))",
            "    open(args[0], 'wb').write(readall(c))",
            "    c.close()",
            "    print('done', flush=True)",
            "else:",
            "    while True:",
            "        c, _ = s.accept()",
            "        threading.Thread(target=echo if mode == 'echo' else count, args=(c,), daemon=True).start()");

    /**
     * {@code python3 -c CLIENT ADDR PORT MODE ARGS...}. Modes: {@code swap IN OUT} (send IN, half-close, read
     * the reply to EOF into OUT); {@code many N MAXSIZE} (N concurrent connections of random sizes up to
     * MAXSIZE against an echo server, prints "ok K" with K the verified ones); {@code send IN} (send IN and
     * close); {@code reset BYTES} (send BYTES, then close with a reset).
     */
    static final String CLIENT = String.join("\n",
            "import socket, sys, os, random, struct, threading",
            "a, p, mode, args = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]",
            "fam = socket.AF_INET6 if ':' in a else socket.AF_INET",
            "def connect():",
            "    c = socket.socket(fam, socket.SOCK_STREAM)",
            "    c.settimeout(60)",
            "    c.connect((a, p))",
            "    return c",
            "def readall(c):",
            "    parts = []",
            "    while True:",
            "        d = c.recv(1 << 20)",
            "        if not d:",
            "            return b''.join(parts)",
            "        parts.append(d)",
            "if mode == 'swap':",
            "    c = connect()",
            "    c.sendall(open(args[0], 'rb').read())",
            "    c.shutdown(socket.SHUT_WR)",
            "    open(args[1], 'wb').write(readall(c))",
            "    print('done', flush=True)",
            "elif mode == 'send':",
            "    c = connect()",
            "    c.sendall(open(args[0], 'rb').read())",
            "    c.close()",
            "    print('sent', flush=True)",
            "elif mode == 'reset':",
            "    c = connect()",
            "    c.sendall(os.urandom(int(args[0])))",
            "    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))",
            "    c.close()",
            "    print('reset', flush=True)",
            "elif mode == 'many':",
            "    n, top = int(args[0]), int(args[1])",
            "    ok = []",
            "    def one(i):",
            "        data = os.urandom(random.randint(0, top))",
            "        try:",
            "            c = connect()",
            "            c.sendall(data)",
            "            c.shutdown(socket.SHUT_WR)",
            "            if readall(c) == data:",
            "                ok.append(i)",
            "            c.close()",
            "        except OSError as e:",
            "            print('error', i, e, flush=True)",
            "    ts = [threading.Thread(target=one, args=(i,)) for i in range(n)]",
            "    [t.start() for t in ts]",
            "    [t.join() for t in ts]",
            "    print('ok', len(ok), flush=True)");
}
