package org.jpasta.tcp;

/**
 * The TCP flows by 4-tuple, bounded.
 *
 * <p>Theory of operation: every segment from the guest is looked up here, so lookup must be O(1) and must not
 * allocate: the key is never boxed, it is the four addresses-and-ports passed as primitives and compared with
 * the fields of the {@link TcpConnection} itself. The table is open addressing with linear probing over an
 * array at most half full (capacity is the next power of two above twice the limit), and removal shifts the
 * following cluster back, so there are no tombstones to clean up. The limit (pasta: 131071) is enforced here:
 * {@link #isFull()} is checked before a connection is created. IPv4 addresses are stored in the low word with a
 * zero high word. Event-loop confined.
 */
final class FlowTable {
    private final TcpConnection[] slots;
    private final int mask;
    private final int limit;
    private int size;

    FlowTable(int limit) {
        this.limit = limit;
        int capacity = Integer.highestOneBit(Math.max(limit, 8) * 2 - 1) << 1;
        slots = new TcpConnection[capacity];
        mask = capacity - 1;
    }

    int size() {
        return size;
    }

    int limit() {
        return limit;
    }

    boolean isFull() {
        return size >= limit;
    }

    static int hash(boolean v6, long guestHi, long guestLo, int guestPort, long remoteHi, long remoteLo,
                    int remotePort) {
        long h = guestLo * 0x9E3779B97F4A7C15L;
        h ^= remoteLo * 0xC2B2AE3D27D4EB4FL;
        h ^= (guestHi ^ Long.rotateLeft(remoteHi, 17)) * 0x165667B19E3779F9L;
        h ^= ((long) guestPort << 16 | remotePort | (v6 ? 1L << 40 : 0)) * 0x27D4EB2F165667C5L;
        h ^= h >>> 29;
        h *= 0x94D049BB133111EBL;
        return (int) (h ^ h >>> 32);
    }

    TcpConnection find(boolean v6, long guestHi, long guestLo, int guestPort, long remoteHi, long remoteLo,
                       int remotePort) {
        int i = hash(v6, guestHi, guestLo, guestPort, remoteHi, remoteLo, remotePort) & mask;
        for (TcpConnection c; (c = slots[i]) != null; i = (i + 1) & mask) {
            if (c.remotePort == remotePort && c.guestPort == guestPort && c.guestLo == guestLo
                    && c.remoteLo == remoteLo && c.guestHi == guestHi && c.remoteHi == remoteHi && c.v6 == v6) {
                return c;
            }
        }
        return null;
    }

    /** Adds a connection whose key fields are set and which is not in the table yet. */
    void add(TcpConnection c) {
        if (size >= limit) {
            throw new IllegalStateException("flow table full");
        }
        int i = slotFor(c);
        while (slots[i] != null) {
            i = (i + 1) & mask;
        }
        slots[i] = c;
        size++;
    }

    /** Whether a connection's guest side has sent neither FIN nor RST yet (a pass over every slot: exit path only). */
    boolean anyGuestSenderOpen() {
        for (TcpConnection c : slots) {
            if (c != null && !c.has(TcpConnection.TAP_FIN_RCVD)) {
                return true;
            }
        }
        return false;
    }

    /** Removes a connection; does nothing if it is not in the table. */
    void remove(TcpConnection c) {
        int i = slotFor(c);
        while (slots[i] != c) {
            if (slots[i] == null) {
                return;
            }
            i = (i + 1) & mask;
        }
        slots[i] = null;
        size--;
        shiftBack(i);
    }

    /** Re-places the cluster after a freed slot, so that every probe sequence stays unbroken. */
    private void shiftBack(int freed) {
        int i = (freed + 1) & mask;
        for (TcpConnection c; (c = slots[i]) != null; i = (i + 1) & mask) {
            int home = slotFor(c);
            boolean movable = freed <= i ? (home <= freed || home > i) : (home <= freed && home > i);
            if (movable) {
                slots[freed] = c;
                slots[i] = null;
                freed = i;
            }
        }
    }

    private int slotFor(TcpConnection c) {
        return hash(c.v6, c.guestHi, c.guestLo, c.guestPort, c.remoteHi, c.remoteLo, c.remotePort) & mask;
    }
}
