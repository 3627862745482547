package org.jpasta.it.sandbox;

/**
 * What a finished command produced: exit status and both output streams, complete.
 *
 * <p>{@link #describe()} renders everything, so a failing assertion can always show what the program said.
 */
public record Result(String command, int exitCode, String stdout, String stderr) {

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** This result, or an {@link IllegalStateException} with the full description if the exit status was not 0. */
    public Result requireSuccess() {
        if (!succeeded()) {
            throw new IllegalStateException("command failed: " + describe());
        }
        return this;
    }

    /** The command, its exit status and whatever it printed (empty streams are left out). */
    public String describe() {
        return "`" + command + "` exited " + exitCode + Proc.renderOutput(stdout, stderr);
    }
}
