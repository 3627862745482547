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
 * The event loop polls briefly after tap traffic instead of sleeping at once (jpasta's
 * {@code daemon.ShortSpinStrategy}); these tests hold it to its bounds with real traffic through the tap: after
 * thousands of round trips an idle helper uses no CPU, and a steady stream whose frames come further apart than
 * one poll does not keep the loop polling. Both hold for pasta too, which never polls.
 */
@ExtendWith(SandboxExtension.class)
@Timeout(120)
class EventLoopPollingIT {
    private static final int PORT = 10091;
    private static final String TCP_ECHO = "import socket,sys\n"
            + "s=socket.socket(); s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\n"
            + "s.bind(('127.0.0.1',int(sys.argv[1]))); s.listen(4); print('listening',flush=True)\n"
            + "while True:\n"
            + "    c,_=s.accept(); c.setsockopt(socket.IPPROTO_TCP,socket.TCP_NODELAY,1)\n"
            + "    while True:\n"
            + "        d=c.recv(65536)\n"
            + "        if not d: break\n"
            + "        c.sendall(d)\n"
            + "    c.close()\n";
    /** Round trips of one byte to the gateway (the host's loopback); prints the median in µs. */
    private static final String ROUND_TRIPS = "import socket,sys,time,statistics,subprocess\n"
            + "gw=subprocess.check_output(['ip','-4','route','show','default']).split()[2].decode()\n"
            + "c=socket.create_connection((gw,int(sys.argv[1]))); c.setsockopt(socket.IPPROTO_TCP,socket.TCP_NODELAY,1)\n"
            + "lat=[]\n"
            + "for i in range(int(sys.argv[2])):\n"
            + "    a=time.perf_counter_ns(); c.send(b'x')\n"
            + "    if c.recv(1)!=b'x': sys.exit('bad echo')\n"
            + "    lat.append(time.perf_counter_ns()-a)\n"
            + "print('median_us %.1f' % (statistics.median(lat)/1e3))\n";
    /** UDP datagrams to the gateway every {@code argv[2]} µs for {@code argv[3]} s, paced by the clock. */
    private static final String UDP_STREAM = "import socket,sys,time,subprocess\n"
            + "gw=subprocess.check_output(['ip','-4','route','show','default']).split()[2].decode()\n"
            + "u=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); u.connect((gw,int(sys.argv[1])))\n"
            + "gap=int(sys.argv[2])*1000; end=time.perf_counter_ns()+int(sys.argv[3])*10**9; n=0\n"
            + "nxt=time.perf_counter_ns()\n"
            + "while nxt<end:\n"
            + "    while time.perf_counter_ns()<nxt: pass\n"
            + "    u.send(b'y'); n+=1; nxt+=gap\n"
            + "print('sent',n)\n";
    private static PastaUnderTest pasta;

    @BeforeAll
    static void findPasta() {
        pasta = PastaUnderTest.get().requireExecutable();
    }

    @Test
    void anIdleHelperUsesNoCpuAfterThousandsOfRoundTrips(Sandbox sandbox) {
        SpliceAttach a = SpliceAttach.start(sandbox, pasta, "-t", "none", "-T", "none", "-u", "none", "-U", "none");
        Proc echo = a.host().start("python3", "-c", TCP_ECHO, Integer.toString(PORT));
        assertTrue(Await.until(Duration.ofSeconds(10),
                () -> echo.stdout().contains("listening")), echo::command);

        Result trips = a.ns().run(Duration.ofSeconds(60), "python3", "-c", ROUND_TRIPS, Integer.toString(PORT),
                "3000");
        assertEquals(0, trips.exitCode(), trips::describe);
        assertTrue(trips.stdout().startsWith("median_us"), trips::describe);

        TcpTools.sleep(200);
        long before = a.cpuTicks();
        TcpTools.sleep(2000);
        long spent = a.cpuTicks() - before;
        assertTrue(spent <= 2, "idle helper used " + spent + " ticks in 2 s after the round trips ("
                + trips.stdout().strip() + ")");
    }

    /**
     * 2 s of UDP datagrams 80 µs apart (12.5k/s), longer than one full poll (50 µs). Measured here: jpasta 59
     * ticks, pasta 2026 53; a loop that went back to full polls whenever a sleep was short (a first version
     * of the strategy) used 152, polling after nearly every frame. The bound is half a core.
     */
    @Test
    void aStreamSlowerThanOnePollDoesNotKeepTheLoopPolling(Sandbox sandbox) {
        SpliceAttach a = SpliceAttach.start(sandbox, pasta, "-t", "none", "-T", "none", "-u", "none", "-U", "none");
        a.host().start("python3", "-c", "import socket\n"
                + "u=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); u.bind(('127.0.0.1'," + PORT + "))\n"
                + "while True: u.recv(100)\n");
        TcpTools.sleep(300);

        long before = a.cpuTicks();
        Result stream = a.ns().run(Duration.ofSeconds(30), "python3", "-c", UDP_STREAM, Integer.toString(PORT),
                "80", "2");
        long spent = a.cpuTicks() - before;

        assertEquals(0, stream.exitCode(), stream::describe);
        assertTrue(spent < 100, "helper used " + spent + " ticks for a 2 s stream (" + stream.stdout().strip() + ")");
    }
}
