package org.jpasta.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * Parsing ended the way pasta's {@code conf()} ends the process: print something, exit with a status.
 *
 * <p>Theory of operation: pasta prints and calls {@code exit()} from the middle of option parsing
 * (help, version, every validation error). A library must not exit, so the parser throws one of these
 * instead, carrying the complete output (warnings printed before the fatal line included) and the status.
 * The caller does {@code e.printTo(System.out, System.err); System.exit(e.exitCode())} and the user sees
 * what pasta would have shown. Subclasses say why: {@link InfoExit} (help, version; status 0),
 * {@link UsageException} (getopt error; message plus usage text on stderr, status 1),
 * {@link ConfigException} (one fatal line, status 1).
 */
public abstract class CliExit extends Exception {
    private static final long serialVersionUID = 1L;

    private final int exitCode;
    private final String stdout;
    private final String stderr;
    private final List<String> warnings;

    protected CliExit(String message, int exitCode, String stdout, String stderr, List<String> warnings) {
        super(message);
        this.exitCode = exitCode;
        this.stdout = stdout;
        this.stderr = stderr;
        this.warnings = List.copyOf(warnings);
    }

    /** The process exit status pasta would use. */
    public int exitCode() {
        return exitCode;
    }

    /** Everything to write to standard output (possibly empty). */
    public String stdout() {
        return stdout;
    }

    /** Everything to write to standard error (possibly empty), warnings first, newline-terminated. */
    public String stderr() {
        return stderr;
    }

    /** Non-fatal warnings printed before the end (already included in {@link #stderr()}). */
    public List<String> warnings() {
        return warnings;
    }

    /** Writes {@link #stdout()} and {@link #stderr()} to the given streams and flushes them. */
    public void printTo(PrintStream out, PrintStream err) {
        out.print(stdout);
        out.flush();
        err.print(stderr);
        err.flush();
    }

    static String lines(List<String> lines) {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append('\n');
        }
        return text.toString();
    }
}
