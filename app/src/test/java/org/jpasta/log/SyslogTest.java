package org.jpasta.log;

import org.jpasta.sys.LibC;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class SyslogTest {
    @Test
    void sendsPastaStyleDatagramsWithDaemonFacility(@TempDir Path dir) {
        String path = dir.resolve("log").toString();
        int server = LibC.socket(1, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0);
        byte[] sa = new byte[110];
        sa[0] = 1;
        byte[] p = path.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(p, 0, sa, 2, p.length);
        assertEquals(0, LibC.bind(server, sa, 2 + p.length + 1));
        try {
            Syslog log = Syslog.open("pasta", path);
            assertNotNull(log);
            log.send(Syslog.severity(Log.Level.WARN), "Couldn't get any nameserver address");
            byte[] buf = new byte[512];
            long n = LibC.recv(server, buf, buf.length, LibC.MSG_DONTWAIT);
            assertEquals("<28> pasta: Couldn't get any nameserver address",
                    new String(buf, 0, (int) n, StandardCharsets.UTF_8));
        } finally {
            LibC.close(server);
        }
    }

    @Test
    void noLoggerMeansNoSyslog(@TempDir Path dir) {
        assertNull(Syslog.open("pasta", dir.resolve("absent").toString()));
    }
}
