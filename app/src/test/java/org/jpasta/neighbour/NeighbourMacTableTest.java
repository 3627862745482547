package org.jpasta.neighbour;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class NeighbourMacTableTest {
    @Test
    void putGetChangeRemove() {
        NeighbourMacTable t = new NeighbourMacTable();
        long a = NeighbourMacTable.v4Lo(0xc6336407);
        assertEquals(NeighbourMacTable.ABSENT, t.get(0, a));
        assertEquals(NeighbourMacTable.Put.ADDED, t.put(0, a, 0x020000000707L));
        assertEquals(NeighbourMacTable.Put.UNCHANGED, t.put(0, a, 0x020000000707L));
        assertEquals(NeighbourMacTable.Put.CHANGED, t.put(0, a, 0x020000000708L));
        assertEquals(0x020000000708L, t.get(0, a));
        assertEquals(NeighbourMacTable.ABSENT, t.get(0x20010db801000000L, a), "same low half, other address");
        assertTrue(t.remove(0, a));
        assertFalse(t.remove(0, a));
        assertEquals(0, t.size());
    }

    @Test
    void refusesBeyondCapacityAndKeepsWhatItHas() {
        NeighbourMacTable t = new NeighbourMacTable();
        for (int i = 0; i < NeighbourMacTable.CAPACITY; i++) {
            assertEquals(NeighbourMacTable.Put.ADDED, t.put(0, i, i));
        }
        assertEquals(NeighbourMacTable.Put.FULL, t.put(0, -1, 1));
        assertEquals(NeighbourMacTable.Put.CHANGED, t.put(0, 7, 70), "an existing entry still changes");
        assertEquals(70, t.get(0, 7));
    }

    /** Colliding keys (a fixed seed, many keys in few slots) against a HashMap, with removals in between. */
    @Test
    void agreesWithAMapUnderChurn() {
        NeighbourMacTable t = new NeighbourMacTable(1, 2);
        Map<Long, Long> expected = new HashMap<>();
        Random r = new Random(42);
        for (int step = 0; step < 200_000; step++) {
            long key = r.nextInt(700);
            if (r.nextInt(3) == 0) {
                assertEquals(expected.remove(key) != null, t.remove(7, key));
            } else if (expected.size() < NeighbourMacTable.CAPACITY || expected.containsKey(key)) {
                long mac = r.nextInt(5);
                Long old = expected.put(key, mac);
                NeighbourMacTable.Put want = old == null ? NeighbourMacTable.Put.ADDED
                        : old == mac ? NeighbourMacTable.Put.UNCHANGED : NeighbourMacTable.Put.CHANGED;
                assertEquals(want, t.put(7, key, mac));
            }
            assertEquals(expected.size(), t.size());
        }
        for (long key = 0; key < 700; key++) {
            assertEquals(expected.getOrDefault(key, NeighbourMacTable.ABSENT), t.get(7, key), "key " + key);
        }
    }

    /**
     * A re-read keeps exactly what it listed again: colliding keys, removals during the re-read (which shift
     * entries, and their marks, back), then the sweep.
     */
    @Test
    void resyncDropsWhatTheReReadDidNotList() {
        NeighbourMacTable t = new NeighbourMacTable(3, 4);
        Random r = new Random(7);
        for (int round = 0; round < 200; round++) {
            Map<Long, Long> before = new HashMap<>();
            for (int i = 0; i < 300; i++) {
                long key = r.nextInt(600);
                if (t.put(7, key, 1) != NeighbourMacTable.Put.FULL) {
                    before.put(key, 1L);
                }
            }
            t.unmarkAll();
            Map<Long, Long> listed = new HashMap<>();
            for (long key : before.keySet()) {
                int what = r.nextInt(3);
                if (what == 0) {
                    t.put(7, key, 2);
                    listed.put(key, 2L);
                } else if (what == 1) {
                    t.remove(7, key);
                }
            }
            int expectedGone = t.size() - listed.size();
            assertEquals(expectedGone, t.removeUnmarked());
            assertEquals(listed.size(), t.size());
            for (long key = 0; key < 600; key++) {
                assertEquals(listed.getOrDefault(key, NeighbourMacTable.ABSENT), t.get(7, key), "key " + key);
            }
            t.unmarkAll();
            t.removeUnmarked();
            assertEquals(0, t.size(), "an empty re-read empties the table");
        }
    }
}
