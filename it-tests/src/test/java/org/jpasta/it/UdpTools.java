package org.jpasta.it;

/**
 * Tiny UDP programs for the UDP/DNS tests, run with {@code python3 -c}: an echo server that logs every
 * datagram's length and peer, and a client that sends one datagram from a fixed port and prints the answer.
 * Python because socat cannot send an empty datagram, and both ends must report the peer they saw.
 */
final class UdpTools {
    private UdpTools() {}

    /** {@code python3 -c ECHO_SERVER ADDRESS PORT}: echoes, printing "LEN PEER-ADDR PEER-PORT" per datagram. */
    static final String ECHO_SERVER = String.join("\n",
            "import socket, sys",
            "a, p = sys.argv[1], int(sys.argv[2])",
            "s = socket.socket(socket.AF_INET6 if ':' in a else socket.AF_INET, socket.SOCK_DGRAM)",
            "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
            "s.bind((a, p))",
            "print('listening', flush=True)",
            "while True:",
            "    d, peer = s.recvfrom(65535)",
            "    print(len(d), peer[0], peer[1], flush=True)",
            "    s.sendto(d, peer)");

    /**
     * {@code python3 -c CLIENT ADDRESS PORT SOURCE-PORT PAYLOAD}: sends PAYLOAD (may be empty) from
     * SOURCE-PORT, prints "LEN PAYLOAD FROM-ADDR FROM-PORT" of the reply; exit 1 after 3 s without one.
     */
    static final String CLIENT = String.join("\n",
            "import socket, sys",
            "a, p, sp, msg = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4].encode()",
            "s = socket.socket(socket.AF_INET6 if ':' in a else socket.AF_INET, socket.SOCK_DGRAM)",
            "s.bind(('::' if ':' in a else '0.0.0.0', sp))",
            "s.settimeout(1)",
            "for attempt in range(3):",
            "    s.sendto(msg, (a, p))",
            "    try:",
            "        d, peer = s.recvfrom(65535)",
            "        print(len(d), d.decode(), peer[0], peer[1], flush=True)",
            "        sys.exit(0)",
            "    except socket.timeout:",
            "        pass",
            "    except ConnectionRefusedError:",
            "        print('refused', flush=True)",
            "        sys.exit(2)",
            "sys.exit(1)");

    /**
     * {@code python3 -c BURST_CLIENT ADDRESS PORT COUNT SIZE}: sends COUNT datagrams of SIZE bytes as fast as
     * it can (datagram i is SIZE bytes of value i), then a 7-byte one of value 0xEE, and collects the echoes
     * for up to 3 s; prints "intact N" where N counts echoes that are exactly one of those datagrams
     * (distinct ones only), "broken LEN" for any other echo.
     */
    static final String BURST_CLIENT = String.join("\n",
            "import socket, sys, time",
            "a, p, n, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])",
            "s = socket.socket(socket.AF_INET6 if ':' in a else socket.AF_INET, socket.SOCK_DGRAM)",
            "s.connect((a, p))",
            "sent = {bytes([i % 250]) * size for i in range(n)} | {bytes([0xEE]) * 7}",
            "for i in range(n):",
            "    s.send(bytes([i % 250]) * size)",
            "s.send(bytes([0xEE]) * 7)",
            "s.settimeout(0.5)",
            "seen, end = set(), time.time() + 3",
            "while time.time() < end and len(seen) < len(sent):",
            "    try:",
            "        d = s.recv(65535)",
            "    except socket.timeout:",
            "        continue",
            "    if d in sent:",
            "        seen.add(d)",
            "    else:",
            "        print('broken', len(d), flush=True)",
            "print('intact', len(seen), flush=True)");
}
