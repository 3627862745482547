package org.jpasta.tcp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListeningPortScanTest {
    @Test
    void listeningLinesMarkTheirPortOthersAndMalformedLinesDont(@TempDir Path dir) throws Exception {
        Path tcp = dir.resolve("tcp");
        Files.writeString(tcp, String.join("\n",
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
                "   0: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1",
                "   1: 0100007F:0016 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 2 1",
                "   2: 00000000:ZZZZ 00000000:0000 0A",
                "   3: garbage",
                "   4: 00000000000000000000000000000000:1F91 00000000000000000000000000000000:0000 0A 0:0",
                ""));
        ListeningPortScan scan = ListeningPortScan.openFiles(tcp.toString());
        assertTrue(scan.refresh());
        assertTrue(scan.isListening(8080));
        assertTrue(scan.isListening(8081));
        assertFalse(scan.isListening(22), "established, not listening");
        scan.close();
    }
}
