package org.jpasta.splice;

import io.netty.channel.IoEventLoop;

/**
 * The bounded set of live spliced connections.
 *
 * <h2>Theory of operation</h2>
 * A fixed array of slots and a stack of free slot numbers: taking and releasing a slot is O(1) and allocates
 * nothing, and the bound is what turns "too many connections" into a refused connection instead of an
 * exhausted process. The table also remembers the event loop every connection belongs to. Event-loop
 * confined.
 */
final class ConnectionTable {
    private final IoEventLoop loop;
    private final SplicedConnection[] slots;
    private final int[] freeSlots;
    private int freeCount;

    ConnectionTable(IoEventLoop loop, int capacity) {
        this.loop = loop;
        this.slots = new SplicedConnection[capacity];
        this.freeSlots = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            freeSlots[i] = capacity - 1 - i;
        }
        this.freeCount = capacity;
    }

    IoEventLoop loop() {
        return loop;
    }

    /** A free slot number, or -1 if the table is full. */
    int reserveSlot() {
        return freeCount == 0 ? -1 : freeSlots[--freeCount];
    }

    /** Gives back a slot reserved but never used. */
    void unreserve(int slot) {
        freeSlots[freeCount++] = slot;
    }

    void put(SplicedConnection connection) {
        slots[connection.slot] = connection;
    }

    /** Called by a connection as it closes. */
    void release(SplicedConnection connection) {
        if (slots[connection.slot] == connection) {
            slots[connection.slot] = null;
            freeSlots[freeCount++] = connection.slot;
        }
    }

    int size() {
        return slots.length - freeCount;
    }
}
