package org.jpasta.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The flow table keeps every live flow findable through inserts and removals in any order. */
class UdpFlowTableTest {
    private static UdpFlow flow(boolean v6, long g, int gp, long r, int rp) {
        return new UdpFlow(null, v6, v6 ? 0x20010db8L << 32 : 0, g, gp, v6 ? 0x20010db8L << 32 : 0, r, rp,
                new byte[16], 0, false);
    }

    @Test
    void findsWhatWasInsertedAndForgetsWhatWasRemoved() {
        UdpFlowTable table = new UdpFlowTable(512);
        List<UdpFlow> live = new ArrayList<>();
        Random random = new Random(42);
        for (int round = 0; round < 20_000; round++) {
            if (!table.isFull() && (live.isEmpty() || random.nextBoolean())) {
                UdpFlow f = flow(random.nextBoolean(), random.nextInt(4), random.nextInt(64), random.nextInt(4),
                        random.nextInt(8));
                if (table.find(f.ipv6, f.guestHi, f.guestLo, f.guestPort, f.remoteHi, f.remoteLo, f.remotePort)
                        == null) {
                    table.insert(f);
                    live.add(f);
                }
            } else {
                UdpFlow f = live.remove(random.nextInt(live.size()));
                table.remove(f);
                assertNull(table.find(f.ipv6, f.guestHi, f.guestLo, f.guestPort, f.remoteHi, f.remoteLo,
                        f.remotePort));
            }
            assertEquals(live.size(), table.size());
        }
        for (UdpFlow f : live) {
            assertSame(f, table.find(f.ipv6, f.guestHi, f.guestLo, f.guestPort, f.remoteHi, f.remoteLo,
                    f.remotePort));
            assertSame(f, table.at(f.listIndex));
        }
    }

    @Test
    void ipv4AndIpv6TuplesWithTheSameNumbersAreDifferentFlows() {
        UdpFlowTable table = new UdpFlowTable(4);
        UdpFlow v4 = new UdpFlow(null, false, 0, 1, 2, 0, 3, 4, new byte[16], 0, false);
        table.insert(v4);
        assertNull(table.find(true, 0, 1, 2, 0, 3, 4));
        assertSame(v4, table.find(false, 0, 1, 2, 0, 3, 4));
    }

    @Test
    void boundedCapacity() {
        UdpFlowTable table = new UdpFlowTable(3);
        for (int i = 0; i < 3; i++) {
            table.insert(flow(false, i, 1, 1, 1));
        }
        assertTrue(table.isFull());
    }

    @Test
    void timeoutsFollowTheDirectionsSeen() {
        UdpTimeouts t = UdpTimeouts.ofSeconds(30, 120);
        UdpFlow f = flow(false, 1, 1, 1, 1);
        f.guestSent = true;
        assertEquals(t.idleNanos(), t.timeoutFor(f));
        f.hostSent = true;
        assertEquals(t.streamNanos(), t.timeoutFor(f));
    }
}
