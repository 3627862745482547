package org.jpasta.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays argument vectors through {@link Getopt} with pasta's option table and compares every returned
 * option, the final operand index and the error text with glibc's, as recorded in getopt-long.txt.
 */
class GetoptRecordedTest {
    record Case(List<String> args, List<String> expected) {
        @Override
        public String toString() {
            return String.join(" ", args);
        }
    }

    static Stream<Case> cases() throws IOException {
        String text;
        try (InputStream in = GetoptRecordedTest.class.getResourceAsStream("getopt-long.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Case> cases = new ArrayList<>();
        for (String block : text.split("\n### ")) {
            if (block.startsWith("#")) {
                continue;
            }
            String[] lines = block.split("\n");
            List<String> args = List.of(lines[0].split("\t", -1));
            cases.add(new Case(args.size() == 1 && args.get(0).isEmpty() ? List.of("") : args,
                    List.of(lines).subList(1, lines.length)));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesGlibc(Case recorded) {
        Getopt getopt = new Getopt("pasta", recorded.args(), PastaOption.OPTSTRING, PastaOption.longOptions());
        List<String> actual = new ArrayList<>();
        try {
            for (Getopt.Option option = getopt.next(); option != null; option = getopt.next()) {
                String name = option.longOption() != null ? "--" + option.longOption().name()
                        : "-" + (char) option.code();
                actual.add("opt " + name + " " + (option.argument() == null ? "(null)" : option.argument()));
            }
            actual.add("optind " + getopt.nextIndex());
        } catch (GetoptException e) {
            actual.add("err " + e.getMessage());
        }
        assertEquals(recorded.expected(), actual);
    }
}
