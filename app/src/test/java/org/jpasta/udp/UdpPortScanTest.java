package org.jpasta.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lines of {@code /proc/net/udp{,6}}: bound, unconnected sockets (state 07) count; nothing else does. */
class UdpPortScanTest {
    private static final String HEADER = "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when "
            + "retrnsmt   uid  timeout inode ref pointer drops";
    private static final String BOUND = "  123: 00000000:1E61 00000000:0000 07 00000000:00000000 00:00000000 "
            + "00000000     0        0 4242 2 0000000000000000 0";
    private static final String CONNECTED = "  124: 0100007F:9C40 0100007F:0035 01 00000000:00000000 00:00000000 "
            + "00000000     0        0 4243 2 0000000000000000 0";
    private static final String BOUND6 = "  125: 00000000000000000000000000000000:0035 "
            + "00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 "
            + "4244 2 0000000000000000 0";

    @Test
    void boundUnconnectedSocketsAreFound() {
        UdpPortScan scan = new UdpPortScan(new int[0], null);
        scan.parseLine(HEADER);
        scan.parseLine(BOUND);
        scan.parseLine(CONNECTED);
        scan.parseLine(BOUND6);
        assertTrue(scan.parsed(0x1E61));
        assertTrue(scan.parsed(53));
        assertFalse(scan.parsed(0x9C40), "connected sockets are the namespace's own flows");
    }

    @Test
    void garbageIsSkipped() {
        UdpPortScan scan = new UdpPortScan(new int[0], null);
        for (String line : new String[] {"", " ", "1:", "  1: 00000000:zz 00000000:0000 07",
                "  1: 00000000 00000000:0000 07", "  1: 00000000:123456789 00000000:0000 07",
                "  1: 00000000:0000 00000000:0000 07", "x".repeat(2000)}) {
            scan.parseLine(line);
        }
        for (int port = 0; port < 65536; port++) {
            assertFalse(scan.parsed(port), "port " + port);
        }
    }

    @Test
    void refreshReadsTheFilesAgainEachTime(@TempDir Path dir) throws IOException {
        Path udp = dir.resolve("udp");
        Files.write(udp, (HEADER + "\n" + BOUND + "\n").getBytes(StandardCharsets.US_ASCII));
        UdpPortScan scan = new UdpPortScan(UdpPortScan.openFiles(udp.toString(), dir.resolve("none").toString()),
                null);
        try (scan) {
            assertTrue(scan.refresh());
            assertTrue(scan.isBound(0x1E61));
            Files.write(udp, (HEADER + "\n" + CONNECTED + "\n").getBytes(StandardCharsets.US_ASCII));
            assertTrue(scan.refresh());
            assertFalse(scan.isBound(0x1E61));
            assertEquals(false, scan.isBound(0x9C40));
        }
    }
}
