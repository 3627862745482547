package org.jpasta.cli;

/**
 * How pasta finds its target network namespace, decided by what follows the options.
 */
public enum Mode {
    /** No PID and no {@code --netns}: create namespaces and run the command (or a login shell) in them. */
    SPAWN,
    /** A single numeric argument: attach to {@code /proc/PID/ns/net} (and, by default, its user namespace). */
    PID,
    /** {@code --netns PATH|NAME}: attach to that network namespace. */
    NETNS
}
