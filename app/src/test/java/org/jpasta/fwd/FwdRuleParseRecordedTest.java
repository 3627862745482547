package org.jpasta.fwd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays forwarding specs whose rule tables and messages were recorded from pasta's own
 * {@code fwd_rule_parse()} and compares both, line by line.
 */
class FwdRuleParseRecordedTest {
    private static final EphemeralRange RECORDED_EPHEMERAL = new EphemeralRange(32768, 60999);

    static Stream<RecordedCases.Case> cases() throws IOException {
        return RecordedCases.load(FwdRuleParseRecordedTest.class, "fwd-rule-parse.txt").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPasta(RecordedCases.Case recorded) {
        String caps = recorded.fields().get(0);
        ForwardCapabilities capabilities = new ForwardCapabilities(caps.contains("4"), caps.contains("6"),
                caps.contains("t"), caps.contains("u"), caps.contains("s"), caps.contains("i"));
        List<String> warnings = new ArrayList<>();
        PortSpecParser parser = new PortSpecParser(RECORDED_EPHEMERAL, warnings);
        ForwardTableBuilder inbound = new ForwardTableBuilder(Direction.INBOUND, capabilities);
        ForwardTableBuilder outbound = new ForwardTableBuilder(Direction.OUTBOUND, capabilities);
        List<String> err = new ArrayList<>();
        List<String> out = new ArrayList<>();
        int exit = 0;
        try {
            for (int i = 1; i + 1 < recorded.fields().size(); i += 2) {
                ForwardOption option = ForwardOption.ofLetter(recorded.fields().get(i).charAt(1));
                ForwardTableBuilder table = option.direction() == Direction.INBOUND ? inbound : outbound;
                parser.parse(option, recorded.fields().get(i + 1), table);
            }
            out.add("HOST");
            inbound.rules().forEach(rule -> out.add("    " + rule.format()));
            out.add("SPLICE");
            outbound.rules().forEach(rule -> out.add("    " + rule.format()));
        } catch (ForwardSpecException e) {
            exit = 1;
            err.addAll(e.lines());
        }
        err.addAll(0, warnings);
        assertEquals(recorded.exit(), exit, "exit status");
        assertEquals(recorded.err(), err, "messages");
        assertEquals(recorded.out(), out, "rules");
    }
}
