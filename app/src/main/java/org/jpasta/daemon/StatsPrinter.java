package org.jpasta.daemon;

import io.netty.channel.IoEventLoop;
import org.jpasta.tap.DropCounters;
import org.jpasta.tap.TapPort;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * {@code --stats DELAY}: every DELAY seconds a line of counters on stderr, under pasta's staircase header
 * (repeated every 20 lines). pasta counts epoll events per descriptor type; jpasta's event loop is Netty's,
 * so the columns are what the data path counts instead: frames read from and written to the tap, frames
 * the tap would not take, and frames dropped as malformed or not handled (by reason in {@link DropCounters}).
 * Only in the foreground, like pasta ({@code Can't display statistics if not running in foreground}).
 */
public final class StatsPrinter {
    private static final int WIDTH = 6;
    private static final int HEADER_EVERY = 20;

    private final String[] names;
    private final LongSupplier[] counters;
    private final PrintStream out;
    private int lines;

    private StatsPrinter(PrintStream out, String[] names, LongSupplier[] counters) {
        this.out = out;
        this.names = names;
        this.counters = counters;
    }

    /** Starts printing on {@code loop} every {@code delaySeconds}. */
    public static void start(IoEventLoop loop, int delaySeconds, TapPort tap, DropCounters drops, PrintStream out) {
        StatsPrinter p = new StatsPrinter(out,
                new String[] {"tap in", "tap out", "tap full", "malformed", "unhandled"},
                new LongSupplier[] {tap.framesIn::sum, tap.framesOut::sum, tap.droppedOut::sum,
                        () -> drops.totalMalformed() + tap.droppedIn.sum(), drops::totalUnhandled});
        loop.scheduleAtFixedRate(p::printLine, delaySeconds, delaySeconds, TimeUnit.SECONDS);
    }

    void printLine() {
        StringBuilder b = new StringBuilder();
        if (lines % HEADER_EVERY == 0) {
            header(b);
        }
        b.append(' ');
        for (LongSupplier c : counters) {
            String v = Long.toString(c.getAsLong());
            b.append(' ');
            for (int i = v.length(); i < WIDTH; i++) {
                b.append(' ');
            }
            b.append(v);
        }
        out.println(b);
        out.flush();
        lines++;
    }

    private void header(StringBuilder b) {
        for (int i = 1; i <= names.length; i++) {
            for (int j = 0; j < i * (WIDTH + 1); j++) {
                b.append(j > 0 && j % (WIDTH + 1) == 0 ? '|' : ' ');
            }
            b.append(names[i - 1]).append('\n');
        }
    }
}
