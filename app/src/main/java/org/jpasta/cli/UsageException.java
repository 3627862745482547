package org.jpasta.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * An option getopt rejected: pasta prints glibc's line, then its usage text, to stderr and exits 1.
 */
public final class UsageException extends CliExit {
    private static final long serialVersionUID = 1L;

    private final String getoptMessage;

    UsageException(String getoptMessage, String usage, List<String> warnings) {
        super(getoptMessage, 1, "", stderrText(getoptMessage, usage, warnings), warnings);
        this.getoptMessage = getoptMessage;
    }

    /** glibc's message, e.g. {@code pasta: unrecognized option '--xyz'}, or {@code null} if there was none. */
    public String getoptMessage() {
        return getoptMessage;
    }

    private static String stderrText(String getoptMessage, String usage, List<String> warnings) {
        List<String> lines = new ArrayList<>(warnings);
        if (getoptMessage != null) {
            lines.add(getoptMessage);
        }
        return lines(lines) + usage;
    }
}
