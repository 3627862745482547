package org.jpasta.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class FlowTableTest {
    private static TcpConnection conn(boolean v6, long guest, int guestPort, long remote, int remotePort) {
        return new TcpConnection(null, v6, v6 ? 0x20010db8L << 32 : 0, guest, guestPort, v6 ? 0x20010db8L << 32 : 0,
                remote, remotePort);
    }

    private static TcpConnection find(FlowTable t, TcpConnection c) {
        return t.find(c.v6, c.guestHi, c.guestLo, c.guestPort, c.remoteHi, c.remoteLo, c.remotePort);
    }

    @Test
    void findsByEveryKeyField() {
        FlowTable t = new FlowTable(16);
        TcpConnection a = conn(false, 0xc0000202L, 40000, 0xcb00710aL, 80);
        t.add(a);
        assertSame(a, find(t, a));
        assertNull(find(t, conn(false, 0xc0000202L, 40001, 0xcb00710aL, 80)));
        assertNull(find(t, conn(false, 0xc0000202L, 40000, 0xcb00710aL, 81)));
        assertNull(find(t, conn(true, 0xc0000202L, 40000, 0xcb00710aL, 80)));
    }

    @Test
    void limitIsEnforced() {
        FlowTable t = new FlowTable(2);
        t.add(conn(false, 1, 1, 2, 2));
        t.add(conn(false, 1, 2, 2, 2));
        assertTrue(t.isFull());
        assertThrows(IllegalStateException.class, () -> t.add(conn(false, 1, 3, 2, 2)));
    }

    @Test
    void randomAddsAndRemovesKeepEveryProbeChainIntact() {
        FlowTable t = new FlowTable(2000);
        List<TcpConnection> live = new ArrayList<>();
        Random r = new Random(1);
        for (int round = 0; round < 20_000; round++) {
            if (live.size() < 1500 && (live.isEmpty() || r.nextInt(3) > 0)) {
                TcpConnection c = conn(r.nextBoolean(), r.nextInt(4), r.nextInt(200), r.nextInt(4), 80);
                if (find(t, c) == null) {
                    t.add(c);
                    live.add(c);
                }
            } else {
                t.remove(live.remove(r.nextInt(live.size())));
            }
        }
        assertEquals(live.size(), t.size());
        for (TcpConnection c : live) {
            assertSame(c, find(t, c));
        }
    }
}
