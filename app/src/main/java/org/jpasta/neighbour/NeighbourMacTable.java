package org.jpasta.neighbour;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A fixed-size map from an IP address (IPv4 as {@code ::ffff:a.b.c.d}) to a MAC address, in primitive arrays.
 *
 * <h2>Theory of operation</h2>
 * Open addressing with linear probing over {@value #SLOTS} slots, at most {@value #CAPACITY} entries (pasta's
 * table holds 512 too), so a probe ends within a few slots and a lookup on the data path touches one or two
 * cache lines and allocates nothing. Removal shifts later entries of the same run back instead of leaving
 * tombstones, so the table never degrades however often neighbours come and go. The hash is seeded per
 * process: the keys come from the LAN, and a neighbour that picks addresses should not be able to choose
 * which ones collide. Each entry carries a mark, set whenever {@link #put} sees it, so that a full re-read of
 * the kernel's tables can drop what it no longer lists ({@link #unmarkAll}, then {@link #removeUnmarked}).
 * Event-loop confined.
 */
final class NeighbourMacTable {
    static final int SLOTS = 1024, CAPACITY = SLOTS / 2;
    private static final int MASK = SLOTS - 1;
    static final long ABSENT = -1;

    /** What {@link #put} did. */
    enum Put { ADDED, CHANGED, UNCHANGED, FULL }

    private final long[] hi = new long[SLOTS], lo = new long[SLOTS], mac = new long[SLOTS];
    private final boolean[] used = new boolean[SLOTS], marked = new boolean[SLOTS];
    private final long seedHi, seedLo;
    private int size;

    NeighbourMacTable() {
        this(ThreadLocalRandom.current().nextLong(), ThreadLocalRandom.current().nextLong());
    }

    NeighbourMacTable(long seedHi, long seedLo) {
        this.seedHi = seedHi;
        this.seedLo = seedLo;
    }

    static long v4Lo(int address) {
        return 0x0000_ffff_0000_0000L | (address & 0xffff_ffffL);
    }

    int size() {
        return size;
    }

    /** The MAC for the address, or {@link #ABSENT}. */
    long get(long h, long l) {
        for (int i = home(h, l); used[i]; i = (i + 1) & MASK) {
            if (hi[i] == h && lo[i] == l) {
                return mac[i];
            }
        }
        return ABSENT;
    }

    Put put(long h, long l, long m) {
        int i = home(h, l);
        for (; used[i]; i = (i + 1) & MASK) {
            if (hi[i] == h && lo[i] == l) {
                marked[i] = true;
                if (mac[i] == m) {
                    return Put.UNCHANGED;
                }
                mac[i] = m;
                return Put.CHANGED;
            }
        }
        if (size == CAPACITY) {
            return Put.FULL;
        }
        used[i] = true;
        marked[i] = true;
        hi[i] = h;
        lo[i] = l;
        mac[i] = m;
        size++;
        return Put.ADDED;
    }

    boolean remove(long h, long l) {
        int i = home(h, l);
        while (used[i] && !(hi[i] == h && lo[i] == l)) {
            i = (i + 1) & MASK;
        }
        if (!used[i]) {
            return false;
        }
        // backward shift: move up every later entry of the run that may live at or before the hole
        int hole = i;
        for (int j = (hole + 1) & MASK; used[j]; j = (j + 1) & MASK) {
            int want = home(hi[j], lo[j]);
            if (((j - want) & MASK) >= ((j - hole) & MASK)) {
                hi[hole] = hi[j];
                lo[hole] = lo[j];
                mac[hole] = mac[j];
                marked[hole] = marked[j];
                hole = j;
            }
        }
        used[hole] = false;
        size--;
        return true;
    }

    /** Clears every entry's mark; entries {@link #put} again from now on get it back. */
    void unmarkAll() {
        Arrays.fill(marked, false);
    }

    /** Removes every entry without a mark; returns how many. Allocates, so only for rare re-reads. */
    int removeUnmarked() {
        long[] gone = new long[2 * size];
        int n = 0;
        for (int i = 0; i < SLOTS; i++) {
            if (used[i] && !marked[i]) {
                gone[n++] = hi[i];
                gone[n++] = lo[i];
            }
        }
        for (int k = 0; k < n; k += 2) {
            remove(gone[k], gone[k + 1]);
        }
        return n / 2;
    }

    private int home(long h, long l) {
        long x = (h ^ seedHi) * 0x9E3779B97F4A7C15L;
        x = (x ^ l ^ seedLo) * 0xC2B2AE3D27D4EB4FL;
        return (int) (x >>> 54) & MASK;
    }
}
