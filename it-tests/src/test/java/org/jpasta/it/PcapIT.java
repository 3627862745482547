package org.jpasta.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
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
 * {@code --pcap FILE} (Podman users pass {@code --net=pasta:--pcap,/tmp/x.pcap} to debug): the capture is a
 * libpcap file that tcpdump reads, and it shows the namespace's side of a fetched connection, SYN included.
 */
@ExtendWith(SandboxExtension.class)
@Timeout(60)
class PcapIT {
    private static PastaUnderTest pasta;

    @BeforeAll
    static void findPasta() {
        pasta = PastaUnderTest.get().requireExecutable();
    }

    @Test
    void captureShowsTheSynOfAFetchedConnection(Sandbox sandbox) {
        Proc server = sandbox.upstream().start("socat", "TCP-LISTEN:8088,bind=" + Sandbox.UPSTREAM_ONLY_V4
                + ",reuseaddr", "SYSTEM:echo pcap-payload");
        assertTrue(Await.until(Duration.ofSeconds(10), () -> sandbox.upstream().run("ss", "-Hltn", "sport = :8088")
                .stdout().contains(":8088")), () -> server.snapshot().describe());
        Path capture = sandbox.userDir().resolve("capture.pcap");

        Result fetch = sandbox.hostUser().run(Duration.ofSeconds(30), pasta.command("--config-net", "--pcap",
                capture.toString(), "--", "socat", "-u", "TCP:" + Sandbox.UPSTREAM_ONLY_V4 + ":8088", "STDOUT"));
        assertEquals(0, fetch.exitCode(), fetch::describe);
        assertTrue(fetch.stdout().contains("pcap-payload"), fetch::describe);

        Result read = sandbox.hostRoot().run("tcpdump", "-nn", "-r", capture.toString(),
                "tcp[tcpflags] & tcp-syn != 0 and dst port 8088");
        assertEquals(0, read.exitCode(), read::describe);
        assertTrue(read.stdout().contains("> " + Sandbox.UPSTREAM_ONLY_V4 + ".8088: Flags [S]"),
                () -> "no SYN to the server in the capture: " + read.describe());
    }
}
