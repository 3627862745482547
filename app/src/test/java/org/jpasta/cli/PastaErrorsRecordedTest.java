package org.jpasta.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;

import org.jpasta.fwd.RecordedCases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays command lines on which the real pasta exits during option parsing (errors, help, version)
 * and compares exit status, standard output and standard error with what was recorded from it.
 */
class PastaErrorsRecordedTest {
    static Stream<RecordedCases.Case> cases() throws IOException {
        return RecordedCases.load(PastaErrorsRecordedTest.class, "pasta-errors.txt").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPasta(RecordedCases.Case recorded) {
        String[] args = recorded.fields().toArray(new String[0]);
        try {
            PastaOptions.parse("pasta", args, new FakeHost());
            fail("pasta exits here, but parsing succeeded");
        } catch (CliExit exit) {
            assertEquals(recorded.exit(), exit.exitCode(), "exit status");
            assertEquals(recorded.err(), lines(exit.stderr()), "stderr");
            assertEquals(recorded.out(), lines(exit.stdout()), "stdout");
        }
    }

    /** Output as recorded: usage text and version block abbreviated to markers. */
    private static List<String> lines(String output) {
        String usage = UsageText.forProgram("pasta");
        String text = output;
        if (text.endsWith(usage)) {
            text = text.substring(0, text.length() - usage.length()) + "<usage>\n";
        }
        if (text.equals(VersionText.text())) {
            text = "<version>\n";
        }
        return text.isEmpty() ? List.of() : List.of(text.split("\n", -1)).subList(0, text.split("\n", -1).length - 1);
    }
}
