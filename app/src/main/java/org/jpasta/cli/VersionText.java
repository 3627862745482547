package org.jpasta.cli;

/**
 * What {@code --version} prints.
 *
 * <p>Theory of operation: Podman shows the whole output as the pasta version and RootlessKit only checks
 * the exit status, so the first line keeps pasta's shape ({@code pasta <version>}) while saying what
 * this program really is; the layout (a short block ending with an empty line) follows pasta's.
 */
public final class VersionText {
    /** The jpasta version, the single place it is defined. */
    public static final String VERSION = "jpasta-0.1.0";

    private VersionText() {
    }

    /** The complete {@code --version} output. */
    public static String text() {
        return "pasta " + VERSION + "\n"
                + "jpasta: a Java re-implementation of pasta (passt project)\n"
                + "GNU General Public License, version 2 or later\n"
                + "\n";
    }
}
