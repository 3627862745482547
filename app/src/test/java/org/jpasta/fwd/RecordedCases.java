package org.jpasta.fwd;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads expected results recorded from the real pasta (see the header of each resource file).
 *
 * <p>Format: {@code ### } followed by tab-separated fields opens a case; {@code exit N} gives the exit
 * status; {@code out }/{@code err } lines give standard output and standard error; {@code #} lines are
 * comments.
 */
public final class RecordedCases {
    private RecordedCases() {
    }

    /** One recorded run. */
    public record Case(List<String> fields, int exit, List<String> out, List<String> err) {
        @Override
        public String toString() {
            return String.join(" ", fields);
        }
    }

    public static List<Case> load(Class<?> anchor, String resource) throws IOException {
        String text;
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing test resource " + resource);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Case> cases = new ArrayList<>();
        List<String> fields = null;
        int exit = -1;
        List<String> out = new ArrayList<>();
        List<String> err = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("### ")) {
                if (fields != null) {
                    cases.add(new Case(fields, exit, List.copyOf(out), List.copyOf(err)));
                }
                fields = List.of(line.substring(4).split("\t", -1));
                exit = -1;
                out.clear();
                err.clear();
            } else if (line.startsWith("exit ")) {
                exit = Integer.parseInt(line.substring(5));
            } else if (line.startsWith("out ")) {
                out.add(line.substring(4));
            } else if (line.startsWith("err ")) {
                err.add(line.substring(4));
            }
        }
        if (fields != null) {
            cases.add(new Case(fields, exit, List.copyOf(out), List.copyOf(err)));
        }
        return cases;
    }
}
