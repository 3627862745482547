package org.jpasta.fwd;

import java.util.List;

/**
 * A forwarding spec pasta would refuse, with everything pasta prints before it exits.
 *
 * <p>Theory of operation: when a rule is refused, pasta first prints one or more warnings saying why
 * ({@code Forwarding configuration conflict: ...}) and then dies with a summary ({@code Unable to add
 * rule ...}). Keeping all lines in order lets the command-line layer reproduce the output exactly;
 * {@link #getMessage()} is the final line.
 */
public final class ForwardSpecException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<String> lines;

    public ForwardSpecException(List<String> lines) {
        super(lines.get(lines.size() - 1));
        this.lines = List.copyOf(lines);
    }

    public ForwardSpecException(String line) {
        this(List.of(line));
    }

    /** Every line pasta prints for this error, the fatal one last. */
    public List<String> lines() {
        return lines;
    }
}
