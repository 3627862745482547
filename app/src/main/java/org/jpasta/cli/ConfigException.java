package org.jpasta.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A configuration pasta refuses: pasta prints the reason (sometimes preceded by warnings explaining it)
 * on stderr and exits 1. {@link #getMessage()} is the fatal line itself.
 */
public final class ConfigException extends CliExit {
    private static final long serialVersionUID = 1L;

    private final List<String> lines;

    ConfigException(List<String> errorLines, List<String> warnings) {
        super(errorLines.get(errorLines.size() - 1), 1, "", stderrText(errorLines, warnings), warnings);
        this.lines = List.copyOf(errorLines);
    }

    ConfigException(String message, List<String> warnings) {
        this(List.of(message), warnings);
    }

    /** The lines describing this error, fatal line last (without earlier unrelated warnings). */
    public List<String> errorLines() {
        return lines;
    }

    private static String stderrText(List<String> errorLines, List<String> warnings) {
        List<String> all = new ArrayList<>(warnings);
        all.addAll(errorLines);
        return lines(all);
    }
}
