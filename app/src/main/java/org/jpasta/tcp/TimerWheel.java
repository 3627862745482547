package org.jpasta.tcp;

/**
 * A coarse hashed timer wheel for per-connection timeouts.
 *
 * <p>Theory of operation: every connection has at most one pending timer (its earliest deadline: retransmission,
 * keepalive or inactivity). Entries are linked into one of {@link #SLOTS} buckets by deadline, through fields of
 * the {@link Entry} itself, so arming, re-arming and cancelling are O(1) pointer moves with no allocation and no
 * task per connection, whatever the number of flows. One periodic task on the event loop calls {@link #advance}
 * every {@link #TICK_NANOS}; it visits only the buckets whose time has come, and an entry whose deadline is more
 * than a revolution away simply stays in its bucket until its round comes up. Deadlines are rounded up to a tick,
 * which is far finer than TCP's one-second timers. The owner runs that task only while something is armed
 * ({@link #TimerWheel(long, Runnable)}: told when the wheel stops being empty), so an idle daemon does not
 * wake up a hundred times a second for nothing. Event-loop confined.
 */
final class TimerWheel {
    static final long TICK_NANOS = 10_000_000L;
    static final int SLOTS = 512;
    private static final int MASK = SLOTS - 1;

    /** A node in the wheel; a connection extends it. */
    abstract static class Entry {
        Entry timerPrev, timerNext, dueNext;
        long timerDeadline;
        int timerSlot;
        boolean timerArmed;

        /** Called on the event loop when the deadline has passed; the entry is already unlinked. */
        abstract void onTimer(long now);
    }

    private final Entry[] heads = new Entry[SLOTS];
    private long currentTick;
    private int armed;

    private final Runnable onFirstArm;

    TimerWheel(long startNanos) {
        this(startNanos, () -> { });
    }

    /** {@code onFirstArm} runs whenever an entry is armed while the wheel was empty. */
    TimerWheel(long startNanos, Runnable onFirstArm) {
        currentTick = startNanos / TICK_NANOS;
        this.onFirstArm = onFirstArm;
    }

    /** Sets the entry's one deadline, replacing any earlier one. */
    void arm(Entry e, long deadlineNanos) {
        if (e.timerArmed) {
            unlink(e);
        }
        long tick = Math.max(ceilTick(deadlineNanos), currentTick + 1);
        e.timerDeadline = deadlineNanos;
        link(e, (int) (tick & MASK));
    }

    /** Arms only if the entry has no deadline or a later one. */
    void armIfEarlier(Entry e, long deadlineNanos) {
        if (!e.timerArmed || deadlineNanos < e.timerDeadline) {
            arm(e, deadlineNanos);
        }
    }

    void cancel(Entry e) {
        if (e.timerArmed) {
            unlink(e);
        }
    }

    /** Number of armed entries. */
    int size() {
        return armed;
    }

    /** Fires every entry whose deadline is at or before {@code now}. */
    void advance(long now) {
        long target = now / TICK_NANOS;
        if (target - currentTick > SLOTS) {
            currentTick = target - SLOTS; // a long stall: one revolution visits every bucket anyway
        }
        while (currentTick < target) {
            currentTick++;
            fireBucket((int) (currentTick & MASK), now);
        }
    }

    private void fireBucket(int slot, long now) {
        Entry due = null;
        for (Entry e = heads[slot]; e != null; ) {
            Entry next = e.timerNext;
            if (e.timerDeadline <= now) {
                unlink(e);
                e.dueNext = due;
                due = e;
            }
            e = next;
        }
        while (due != null) {
            Entry e = due;
            due = e.dueNext;
            e.dueNext = null;
            if (!e.timerArmed) {
                e.onTimer(now);
            }
        }
    }

    private static long ceilTick(long nanos) {
        return (nanos + TICK_NANOS - 1) / TICK_NANOS;
    }

    private void link(Entry e, int slot) {
        Entry head = heads[slot];
        e.timerPrev = null;
        e.timerNext = head;
        if (head != null) {
            head.timerPrev = e;
        }
        heads[slot] = e;
        e.timerSlot = slot;
        e.timerArmed = true;
        if (armed++ == 0) {
            onFirstArm.run();
        }
    }

    private void unlink(Entry e) {
        if (e.timerPrev != null) {
            e.timerPrev.timerNext = e.timerNext;
        } else {
            heads[e.timerSlot] = e.timerNext;
        }
        if (e.timerNext != null) {
            e.timerNext.timerPrev = e.timerPrev;
        }
        e.timerPrev = e.timerNext = null;
        e.timerArmed = false;
        armed--;
    }

}
