package org.jpasta.it.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Reads a {@code --pid} file.
 *
 * <p>pasta creates the file empty at startup and writes the PID only when ready, so an empty or missing file
 * is reported as "no PID" rather than as an error: callers assert on it with their own message.
 */
public final class PidFile {
    private PidFile() {
    }

    public static OptionalLong read(Path file) {
        try {
            String content = Files.readString(file).strip();
            return content.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(content));
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("unreadable pid file " + file + ": " + e, e);
        }
    }

    /** The raw content, for failure messages. */
    public static String rawContent(Path file) {
        try {
            return "'" + Files.readString(file) + "'";
        } catch (IOException e) {
            return "<" + e + ">";
        }
    }
}
