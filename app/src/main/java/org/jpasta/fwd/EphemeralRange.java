package org.jpasta.fwd;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The ports the host hands out as ephemeral (local) ports, which {@code all}, {@code auto} and
 * exclusion-only specs leave alone.
 *
 * <p>Theory of operation: forwarding an ephemeral port would capture replies to the host's own outgoing
 * connections, so pasta reads the kernel's range once at start-up and falls back to RFC 6335's
 * 49152-65535 if it cannot. The file is a parameter so tests can supply their own; warnings are
 * pasta's, appended to the caller's list. A range with {@code first > last} is kept as read, and then
 * excludes nothing, as in pasta.
 */
public record EphemeralRange(int first, int last) {
    /** Where Linux publishes the range, as "FIRST\tLAST". */
    public static final Path SYSCTL = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /** RFC 6335's dynamic port range. */
    public static final EphemeralRange RFC_6335 = new EphemeralRange(49152, 65535);

    /** Reads {@link #SYSCTL}. */
    public static EphemeralRange probe(List<String> warnings) {
        return probe(SYSCTL, warnings);
    }

    /** Reads the range from {@code file}, or warns and returns {@link #RFC_6335}. */
    public static EphemeralRange probe(Path file, List<String> warnings) {
        String firstLine;
        // FileInputStream, not Files.readString(): procfs reports a size of 0 and NIO then reads one byte.
        try (FileInputStream in = new FileInputStream(file.toFile())) {
            String content = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            int newline = content.indexOf('\n');
            firstLine = newline < 0 ? content : content.substring(0, newline);
        } catch (IOException e) {
            warnings.add("Unable to open " + file + ": " + describe(e));
            return RFC_6335;
        }
        EphemeralRange range = parse(firstLine);
        if (range == null) {
            warnings.add("Unable to parse " + file);
            return RFC_6335;
        }
        return range;
    }

    /** Parses "FIRST\tLAST" as the sysctl writes it, or returns {@code null}. */
    public static EphemeralRange parse(String line) {
        ParseCursor cursor = new ParseCursor(line);
        Long first = cursor.unsigned(10);
        if (first == null || !cursor.literal("\t")) {
            return null;
        }
        Long last = cursor.unsigned(10);
        if (last == null || !cursor.atEnd()
                || Long.compareUnsigned(first, PortRange.PORT_COUNT) >= 0
                || Long.compareUnsigned(last, PortRange.PORT_COUNT) >= 0) {
            return null;
        }
        return new EphemeralRange(first.intValue(), last.intValue());
    }

    public boolean contains(int port) {
        return port >= first && port <= last;
    }

    /** The {@code strerror()} text: FileInputStream reports it as "PATH (REASON)". */
    private static String describe(IOException e) {
        String message = String.valueOf(e.getMessage());
        int open = message.lastIndexOf(" (");
        if (open >= 0 && message.endsWith(")")) {
            return message.substring(open + 2, message.length() - 1);
        }
        return message;
    }
}
