package org.jpasta.it.sandbox;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything a sandbox ran, in order, with what each command printed.
 *
 * <p>When a test fails the transcript is printed, so pasta's stderr and the exact commands are always in the
 * report. Started processes are rendered at print time, so their output is as complete as it can be.
 */
final class Transcript {
    private final List<Object> entries = new ArrayList<>();

    synchronized void add(Result result) {
        entries.add(new Finished(result));
    }

    synchronized void add(Proc proc) {
        entries.add(new Started(proc));
    }

    synchronized String render() {
        StringBuilder sb = new StringBuilder();
        int step = 1;
        for (Object entry : entries) {
            String text = entry.toString();
            sb.append("[").append(step++).append("] ").append(text);
            if (!text.endsWith("\n")) {
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private record Finished(Result result) {
        @Override
        public String toString() {
            return result.describe();
        }
    }

    private record Started(Proc proc) {
        @Override
        public String toString() {
            String state = proc.isAlive() ? "still running" : "exited " + proc.snapshot().exitCode();
            return "`" + proc.command() + "` started as pid " + proc.pid() + ", " + state
                    + Proc.renderOutput(proc.stdout(), proc.stderr());
        }
    }
}
