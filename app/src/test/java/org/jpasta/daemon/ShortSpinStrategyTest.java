package org.jpasta.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.channel.SelectStrategy;
import io.netty.util.IntSupplier;
import org.junit.jupiter.api.Test;

class ShortSpinStrategyTest {
    /** A clock that advances 1 µs every time it is read, and an epoll that answers on its n-th poll. */
    private long now = 1_000_000;
    private long tapFrames;
    private int polls, readyOnPoll = Integer.MAX_VALUE;

    private final ShortSpinStrategy strategy = new ShortSpinStrategy(() -> now += 1_000);
    private final IntSupplier epollNow = () -> ++polls >= readyOnPoll ? 3 : 0;

    ShortSpinStrategyTest() {
        strategy.watchTap(() -> tapFrames);
    }

    private int decide(boolean hasTasks) throws Exception {
        polls = 0;
        return strategy.calculateStrategy(epollNow, hasTasks);
    }

    /** Ten tap events 1 ms apart: every poll runs out, halving the budget below the minimum. */
    private void exhaustBudgetWithEventsFarApart() throws Exception {
        for (int i = 0; i < 10; i++) {
            tapFrames++;
            decide(false);
            now += 1_000_000;
        }
    }

    @Test
    void withoutTapTrafficItBlocksAtOnce() throws Exception {
        assertEquals(SelectStrategy.SELECT, decide(false));
        assertEquals(0, polls);
    }

    @Test
    void afterTapTrafficItPollsAndReturnsWhatIsReady() throws Exception {
        tapFrames = 2;
        readyOnPoll = 5;
        assertEquals(3, decide(false));
        assertEquals(5, polls);
    }

    @Test
    void pendingTasksTakeOnlyWhatIsReadyWithoutWaiting() throws Exception {
        tapFrames = 2;
        assertEquals(0, decide(true));
        assertEquals(1, polls);
    }

    @Test
    void aPollThatRunsOutIsBoundedAndHalvesTheNextOne() throws Exception {
        tapFrames = 1;
        assertEquals(SelectStrategy.SELECT, decide(false));
        int first = polls;
        assertEquals(ShortSpinStrategy.MAX_SPIN_NANOS / 1_000, first, 1.0); // one poll per simulated µs
        now += 1_000_000; // a long sleep: polling would not have caught it
        tapFrames = 2;
        assertEquals(SelectStrategy.SELECT, decide(false));
        assertEquals(first / 2.0, polls, 1.0);
    }

    @Test
    void theBudgetRunsOutForEventsThatComeFarApart() throws Exception {
        exhaustBudgetWithEventsFarApart();
        tapFrames++;
        assertEquals(SelectStrategy.SELECT, decide(false));
        assertEquals(0, polls);
    }

    @Test
    void aShortSleepRestoresTheBudget() throws Exception {
        exhaustBudgetWithEventsFarApart();
        tapFrames++;
        decide(false); // budget exhausted: blocks at once
        now += 10_000; // ... and the event came 10 µs later
        tapFrames++;
        readyOnPoll = 4;
        assertEquals(3, decide(false));
        assertEquals(4, polls);
    }

    @Test
    void aSteadyStreamSlowerThanAPollStopsPolling() throws Exception {
        int total = 0;
        for (int i = 0; i < 1000; i++) {
            tapFrames++;
            decide(false);
            total += polls;
            now += 60_000; // the next frame comes 60 µs after the loop went idle
        }
        assertEquals(50 + 25 + 12 + 6 + 3, total, 5.0);
    }
}
