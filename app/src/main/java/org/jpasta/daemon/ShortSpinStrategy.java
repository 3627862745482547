package org.jpasta.daemon;

import io.netty.channel.SelectStrategy;
import io.netty.channel.SelectStrategyFactory;
import io.netty.util.IntSupplier;

import java.util.function.LongSupplier;

/**
 * How the event loop waits: after tap traffic it polls {@code epoll} for up to {@link #MAX_SPIN_NANOS} before
 * it blocks, as long as events keep coming within that time.
 *
 * <h2>Theory of operation</h2>
 * A round trip through the helper wakes it twice: once for the namespace's frame, once for the host's answer.
 * When the answer comes a few tens of microseconds after the request was passed on (a local server, the
 * namespace's own ACK), blocking in {@code epoll_wait} between the two costs a sleep and a wake-up of the
 * loop thread, and on a virtual machine an idle CPU's wake-up is an exit to the hypervisor: more than the
 * time the answer took. Polling with {@code epoll_wait(0)} for a short while instead catches the answer
 * without sleeping. (pasta gets part of this for free: it makes more system calls per event, so its answer
 * has often arrived before it reaches {@code epoll_wait}.)
 * <p>
 * Polling only follows tap traffic (frames read or written since the last wait): that is where a round trip
 * through the helper has a second half to wait for. Spliced loopback connections do not poll; their CPU per
 * byte is a target of its own. Polling is only worth its CPU when answers come soon, so the budget adapts:
 * <ul>
 * <li>a poll that finds events keeps the budget at {@link #MAX_SPIN_NANOS};</li>
 * <li>a poll that runs out halves it (so a helper whose events come far apart, e.g. from a distant server,
 *     spends ever less, and nothing once the budget is under {@link #MIN_SPIN_NANOS});</li>
 * <li>an event that came within {@link #MAX_SPIN_NANOS} of the loop running out of work, polling and blocking
 *     together, shows that a full poll would have caught it, and restores the budget. Events that come at
 *     longer intervals never restore it, so a steady stream of them costs a few halving polls, not one poll
 *     per event.</li>
 * </ul>
 * An idle helper therefore polls at most once, for at most {@link #MAX_SPIN_NANOS}, before it sleeps; bulk
 * traffic hardly polls (an event is almost always ready). The cost is traffic whose events keep coming less
 * than {@link #MAX_SPIN_NANOS} apart: the loop thread then polls instead of sleeping, like the kernel's own
 * {@code busy_poll}, and in exchange each event is handled without a wake-up.
 * <p>
 * Tasks are never delayed: with tasks pending the loop only takes the ready events without waiting, as
 * Netty's default does, and a task submitted from another thread during a poll wakes the loop's eventfd,
 * which the poll sees. Event-loop confined: one instance per loop.
 */
public final class ShortSpinStrategy implements SelectStrategy {
    /** Longest poll before blocking, and the "soon" an idle time is measured against. */
    static final long MAX_SPIN_NANOS = 50_000;
    /** Below this the budget is spent blocking instead. */
    static final long MIN_SPIN_NANOS = 3_000;

    private long budgetNanos = MAX_SPIN_NANOS;
    /** Counts the frames through the tap; polling only follows tap traffic. Set once, before the tap runs. */
    private volatile LongSupplier tapFrames = () -> 0;
    private long lastTapFrames;
    /** When the loop last ran out of work and started to poll or block ({@code 0}: it did not). */
    private long idleSince;
    private final LongSupplier clock;

    public ShortSpinStrategy() {
        this(System::nanoTime);
    }

    /** With {@code clock} as the time source in nanoseconds (tests). */
    ShortSpinStrategy(LongSupplier clock) {
        this.clock = clock;
    }

    /** A factory for {@code EpollIoHandler.newFactory(0, ...)} that hands out this one instance. */
    public SelectStrategyFactory factory() {
        return () -> this;
    }

    /** What to watch for tap traffic: the sum of frames read from and written to the tap. */
    public void watchTap(LongSupplier framesInAndOut) {
        tapFrames = framesInAndOut;
    }

    @Override
    public int calculateStrategy(IntSupplier selectSupplier, boolean hasTasks) throws Exception {
        if (hasTasks) {
            idleSince = 0;
            return selectSupplier.get();
        }
        long now = clock.getAsLong();
        if (idleSince != 0 && now - idleSince < MAX_SPIN_NANOS) {
            budgetNanos = MAX_SPIN_NANOS; // the last idle time was shorter than a full poll
        }
        idleSince = now;
        long frames = tapFrames.getAsLong();
        boolean tapMoved = frames != lastTapFrames;
        lastTapFrames = frames;
        if (!tapMoved || budgetNanos < MIN_SPIN_NANOS) {
            return SelectStrategy.SELECT;
        }
        long deadline = now + budgetNanos;
        do {
            int ready = selectSupplier.get();
            if (ready > 0) {
                budgetNanos = MAX_SPIN_NANOS;
                idleSince = 0;
                return ready;
            }
        } while (clock.getAsLong() - deadline < 0);
        budgetNanos >>= 1;
        return SelectStrategy.SELECT;
    }
}
