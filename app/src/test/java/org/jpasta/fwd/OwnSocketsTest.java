package org.jpasta.fwd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;

import org.junit.jupiter.api.Test;

/** Descriptor links are parsed exactly; a socket this process holds is told apart in the real tables. */
class OwnSocketsTest {
    private static long parse(String link) {
        byte[] bytes = (link + "garbage after the link").getBytes(StandardCharsets.US_ASCII);
        return OwnSockets.parseSocketInode(bytes, link.length());
    }

    @Test
    void socketLinksGiveTheirInode() {
        assertEquals(12345, parse("socket:[12345]"));
        assertEquals(0, parse("socket:[0]"));
    }

    @Test
    void otherLinksGiveNone() {
        assertEquals(-1, parse("pipe:[12345]"));
        assertEquals(-1, parse("anon_inode:[eventpoll]"));
        assertEquals(-1, parse("/dev/null"));
        assertEquals(-1, parse("socket:[]"));
        assertEquals(-1, parse("socket:[12a45]"));
        assertEquals(-1, parse("socket:[12345"));
        assertEquals(-1, parse("socket:[99999999999999999999]"));
        assertEquals(-1, parse(""));
    }

    /** A listener of this JVM is ours in /proc/self/net/tcp; without the check it is found like any other. */
    @Test
    void ourListenerIsOursInTheKernelsTable() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             SocketTable table = SocketTable.open("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
            int port = listener.getLocalPort();
            OwnSockets own = new OwnSockets();
            BitSet foreign = new BitSet(65536);
            own.startScan();
            assertTrue(table.scan(SocketTable.TCP_LISTEN, own::isOurs, foreign));
            own.finishScan();
            assertFalse(foreign.get(port), "our own listener on " + port + " counted as foreign");

            BitSet all = new BitSet(65536);
            assertTrue(table.scan(SocketTable.TCP_LISTEN, inode -> false, all));
            assertTrue(all.get(port), "listener on " + port + " not in the table at all");
        }
    }
}
