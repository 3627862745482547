package org.jpasta.splice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import org.jpasta.sys.LibC;
import org.jpasta.sys.SocketAddresses;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The splice pump on real sockets, within one namespace: a client connects to a "front" socket whose
 * accepted connection is handed to {@link SpliceForwarder#toHost}, which splices it to a server. Bytes arrive
 * complete and in order both ways, half-close is passed on, a reset is passed on, and nothing stays open.
 */
class SplicedTransferTest {
    private static final byte[] LOOPBACK = {127, 0, 0, 1};
    private static MultiThreadIoEventLoopGroup group;
    private static IoEventLoop loop;
    private static SpliceForwarder forwarder;

    @BeforeAll
    static void startLoop() {
        group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        loop = group.next();
        forwarder = new SpliceForwarder(loop, null, null, null, null, SplicePipes.probe(), 64);
    }

    @AfterAll
    static void stopLoop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /** A client socket whose connection, once accepted, is spliced to {@code server}. */
    private static Socket splicedClient(ServerSocket server) throws Exception {
        int front = LibC.socket(LibC.AF_INET, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC, 0);
        byte[] any = SocketAddresses.ipv4(LOOPBACK, 0);
        LibC.check(LibC.bind(front, any, any.length), "bind");
        LibC.check(LibC.listen(front, 8), "listen");
        byte[] bound = new byte[16];
        LibC.getsockname(front, bound, new int[] {16});
        Socket client = new Socket(InetAddress.getLoopbackAddress(), SocketAddresses.port(bound));
        int accepted = LibC.check(LibC.accept4(front, null, null, LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC), "accept");
        LibC.close(front);
        boolean spliced = loop.submit(() -> forwarder.toHost(accepted, false, LOOPBACK, server.getLocalPort()))
                .get(5, TimeUnit.SECONDS);
        assertTrue(spliced);
        return client;
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static int liveConnections() throws Exception {
        return loop.submit(forwarder::connectionCount).get(5, TimeUnit.SECONDS);
    }

    @Test
    void bytesArriveWholeBothWaysAndHalfCloseIsPassedOn() throws Exception {
        byte[] up = random(8 << 20, 1), down = random(3 << 20, 2);
        try (ServerSocket server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
             Socket client = splicedClient(server)) {
            CompletableFuture<byte[]> serverSaw = CompletableFuture.supplyAsync(() -> {
                try (Socket s = server.accept()) {
                    byte[] got = s.getInputStream().readAllBytes(); // ends at the client's half-close
                    s.getOutputStream().write(down);
                    return got;
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            client.getOutputStream().write(up);
            client.shutdownOutput();
            byte[] reply = client.getInputStream().readAllBytes();
            assertArrayEquals(up, serverSaw.get(20, TimeUnit.SECONDS));
            assertArrayEquals(down, reply);
        }
        awaitNoConnections();
    }

    @Test
    void aResetFromTheServerReachesTheClient() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
             Socket client = splicedClient(server)) {
            try (Socket s = server.accept()) {
                client.getOutputStream().write(random(1000, 3));
                s.getInputStream().readNBytes(1000);
                s.setSoLinger(true, 0);
            }
            InputStream in = client.getInputStream();
            assertThrows(IOException.class, () -> {
                while (in.read() >= 0) {
                    // a reset ends in an exception, never in a clean EOF
                }
            });
        }
        awaitNoConnections();
    }

    @Test
    void manyShortConnectionsLeaveNoneBehind() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress())) {
            for (int i = 0; i < 50; i++) {
                byte[] data = random(i * 997, i);
                try (Socket client = splicedClient(server); Socket s = server.accept()) {
                    client.getOutputStream().write(data);
                    client.shutdownOutput();
                    assertArrayEquals(data, s.getInputStream().readAllBytes());
                    s.shutdownOutput();
                    assertEquals(-1, client.getInputStream().read());
                }
            }
        }
        awaitNoConnections();
    }

    private static void awaitNoConnections() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (liveConnections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, liveConnections());
    }
}
