package org.jpasta.udp;

/**
 * The UDP flow table: bounded, O(1) lookup by guest-side tuple without allocating.
 *
 * <p>Theory of operation: open addressing with linear probing over a power-of-two array at most half full,
 * so probes stay short; deletion shifts later entries of the same cluster back (no tombstones, so the table
 * never degrades). A dense list of all flows, each knowing its index, lets the expiry tick walk every flow
 * and remove one in O(1) by moving the last entry into its place. Event-loop confined.
 */
final class UdpFlowTable {
    private final UdpFlow[] slots;
    private final int mask;
    private final UdpFlow[] all;
    private int size;

    UdpFlowTable(int maxFlows) {
        all = new UdpFlow[maxFlows];
        int capacity = Integer.highestOneBit(Math.max(2, maxFlows) * 2 - 1) * 2;
        slots = new UdpFlow[capacity];
        mask = capacity - 1;
    }

    int size() {
        return size;
    }

    boolean isFull() {
        return size == all.length;
    }

    /** The flow at {@code index} of the dense list, {@code 0 <= index < size()}. */
    UdpFlow at(int index) {
        return all[index];
    }

    UdpFlow find(boolean v6, long gHi, long gLo, int gPort, long rHi, long rLo, int rPort) {
        int i = UdpFlow.hash(v6, gHi, gLo, gPort, rHi, rLo, rPort) & mask;
        for (UdpFlow f; (f = slots[i]) != null; i = (i + 1) & mask) {
            if (f.matches(v6, gHi, gLo, gPort, rHi, rLo, rPort)) {
                return f;
            }
        }
        return null;
    }

    /** Adds a flow whose tuple is not in the table yet; the caller checked {@link #isFull()}. */
    void insert(UdpFlow f) {
        int i = f.hash() & mask;
        while (slots[i] != null) {
            i = (i + 1) & mask;
        }
        slots[i] = f;
        f.listIndex = size;
        all[size++] = f;
    }

    void remove(UdpFlow f) {
        removeFromSlots(f);
        int last = --size;
        UdpFlow moved = all[last];
        all[f.listIndex] = moved;
        moved.listIndex = f.listIndex;
        all[last] = null;
        f.listIndex = -1;
    }

    private void removeFromSlots(UdpFlow f) {
        int i = f.hash() & mask;
        while (slots[i] != f) {
            i = (i + 1) & mask;
        }
        slots[i] = null;
        for (int j = (i + 1) & mask; slots[j] != null; j = (j + 1) & mask) {
            UdpFlow g = slots[j];
            int home = g.hash() & mask;
            // g may move into the hole at i unless its home lies cyclically in (i, j]
            boolean homeBetween = i <= j ? (home > i && home <= j) : (home > i || home <= j);
            if (!homeBetween) {
                slots[i] = g;
                slots[j] = null;
                i = j;
            }
        }
    }
}
