package org.jpasta.fwd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ports in the wanted state are found; other states and the caller's own sockets are not. */
class SocketTableTest {
    private static final String UDP_HEADER = "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when "
            + "retrnsmt   uid  timeout inode ref pointer drops";
    private static final String UDP_BOUND = "  123: 00000000:1E61 00000000:0000 07 00000000:00000000 00:00000000 "
            + "00000000     0        0 4242 2 0000000000000000 0";
    private static final String UDP_CONNECTED = "  124: 0100007F:9C40 0100007F:0035 01 00000000:00000000 00:00000000 "
            + "00000000     0        0 4243 2 0000000000000000 0";

    private static final String TCP = String.join("\n",
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
            "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1 0",
            "   1: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 17 1 0",
            "   2: 0100007F:9C40 0100007F:1F90 01 00000000:00000000 00:00000000 00000000  1000        0 99 1 0",
            "   3: 0100007F:2710 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 555 1 0",
            "");
    private static final String TCP6 = String.join("\n",
            "  sl  local_address                         remote_address                        st tx_queue rx_queue"
                    + " tr tm->when retrnsmt   uid  timeout inode",
            "   0: 00000000000000000000000001000000:0050 00000000000000000000000000000000:0000 0A 00000000:00000000"
                    + " 00:00000000 00000000     0        0 31337 1 0",
            "");

    @Test
    void listeningPortsExceptOurOwn() {
        BitSet ports = new BitSet();
        SocketTable.parse(TCP.getBytes(StandardCharsets.US_ASCII), SocketTable.TCP_LISTEN, inode -> inode == 555,
                ports);
        SocketTable.parse(TCP6.getBytes(StandardCharsets.US_ASCII), SocketTable.TCP_LISTEN, inode -> false, ports);

        BitSet expected = new BitSet();
        expected.set(8080);
        expected.set(22);
        expected.set(80);
        assertEquals(expected, ports);
    }

    @Test
    void boundUdpSocketsAreStateSeven() {
        String udp = "  sl  local_address rem_address   st\n"
                + "  7: 0100007F:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000   0   0 12 2 0\n";
        BitSet ports = new BitSet();
        SocketTable.parse(udp.getBytes(StandardCharsets.US_ASCII), SocketTable.UDP_BOUND, inode -> false, ports);
        assertEquals(53, ports.nextSetBit(0));
    }

    @Test
    void connectedUdpSocketsAreTheNamespacesOwnFlows() {
        BitSet ports = new BitSet();
        SocketTable.parse(String.join("\n", UDP_HEADER, UDP_BOUND, UDP_CONNECTED).getBytes(StandardCharsets.US_ASCII),
                SocketTable.UDP_BOUND, inode -> false, ports);
        assertTrue(ports.get(0x1E61));
        assertFalse(ports.get(0x9C40));
    }

    @Test
    void garbageIsSkipped() {
        BitSet ports = new BitSet();
        for (String line : new String[] {"", " ", "1:", "  1: 00000000:zz 00000000:0000 07",
                "  1: 00000000 00000000:0000 07", "  1: 00000000:123456789 00000000:0000 07",
                "  1: 00000000:0000 00000000:0000 07", "x".repeat(2000)}) {
            SocketTable.parse(line.getBytes(StandardCharsets.US_ASCII), SocketTable.UDP_BOUND, inode -> false, ports);
        }
        assertTrue(ports.isEmpty(), ports::toString);
    }

    @Test
    void scanReadsTheFilesAgainEachTime(@TempDir Path dir) throws IOException {
        Path udp = dir.resolve("udp");
        Files.write(udp, (UDP_HEADER + "\n" + UDP_BOUND + "\n").getBytes(StandardCharsets.US_ASCII));
        try (SocketTable table = SocketTable.open(udp.toString(), dir.resolve("none").toString())) {
            BitSet ports = new BitSet();
            assertTrue(table.scan(SocketTable.UDP_BOUND, inode -> false, ports));
            assertTrue(ports.get(0x1E61));
            Files.write(udp, (UDP_HEADER + "\n" + UDP_CONNECTED + "\n").getBytes(StandardCharsets.US_ASCII));
            ports.clear();
            assertTrue(table.scan(SocketTable.UDP_BOUND, inode -> false, ports));
            assertFalse(ports.get(0x1E61));
            assertTrue(table.scan(SocketTable.UDP_BOUND, inode -> inode == 4242, ports));
        }
    }
}
