package org.jpasta.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class TimerWheelTest {
    private static final long MS = 1_000_000L;

    static final class Probe extends TimerWheel.Entry {
        final List<Long> fired = new ArrayList<>();

        @Override
        void onTimer(long now) {
            fired.add(now);
        }
    }

    @Test
    void firesAtTheDeadlineNotBefore() {
        TimerWheel w = new TimerWheel(0);
        Probe p = new Probe();
        w.arm(p, 1000 * MS);
        w.advance(990 * MS);
        assertEquals(0, p.fired.size());
        w.advance(1000 * MS);
        assertEquals(1, p.fired.size());
        assertEquals(0, w.size());
    }

    @Test
    void deadlinesBeyondOneRevolutionWaitForTheirRound() {
        TimerWheel w = new TimerWheel(0);
        Probe p = new Probe();
        long far = TimerWheel.SLOTS * TimerWheel.TICK_NANOS * 3 + 5 * MS;
        w.arm(p, far);
        for (long t = 0; t < far; t += 7 * MS) {
            w.advance(t);
        }
        assertEquals(0, p.fired.size());
        w.advance(far + TimerWheel.TICK_NANOS);
        assertEquals(1, p.fired.size());
    }

    @Test
    void rearmingAndCancellingMoveTheOneDeadline() {
        TimerWheel w = new TimerWheel(0);
        Probe a = new Probe(), b = new Probe();
        w.arm(a, 100 * MS);
        w.arm(b, 100 * MS);
        w.arm(a, 300 * MS);
        w.armIfEarlier(a, 500 * MS); // later: ignored
        w.cancel(b);
        w.advance(200 * MS);
        assertEquals(0, a.fired.size());
        assertEquals(0, b.fired.size());
        w.advance(300 * MS);
        assertEquals(1, a.fired.size());
    }

    @Test
    void aLongStallStillFiresEverything() {
        TimerWheel w = new TimerWheel(0);
        Probe p = new Probe();
        w.arm(p, 50 * MS);
        w.advance(3600_000 * MS);
        assertEquals(1, p.fired.size());
    }

    @Test
    void tellsItsOwnerWhenItStopsBeingEmpty() {
        int[] calls = {0};
        TimerWheel wheel = new TimerWheel(0, () -> calls[0]++);
        Probe a = new Probe(), b = new Probe();
        wheel.arm(a, 50 * MS);
        wheel.arm(b, 60 * MS);
        wheel.arm(a, 70 * MS);
        assertEquals(1, calls[0], "only the first arm on an empty wheel");
        wheel.advance(100 * MS);
        assertEquals(0, wheel.size());
        wheel.arm(a, 200 * MS);
        assertEquals(2, calls[0], "empty again, so the owner must restart its tick");
    }
}
