package org.jpasta.cli;

import java.util.List;

/**
 * A successful early exit: {@code --help}, {@code --version} or {@code --print-capabilities} was reached.
 */
public final class InfoExit extends CliExit {
    private static final long serialVersionUID = 1L;

    InfoExit(String stdout, String stderr, List<String> warnings) {
        super("exit 0", 0, stdout, lines(warnings) + stderr, warnings);
    }
}
