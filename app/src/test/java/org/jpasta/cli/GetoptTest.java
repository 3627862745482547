package org.jpasta.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.jpasta.cli.Getopt.ArgumentKind;
import org.jpasta.cli.Getopt.LongOption;
import org.junit.jupiter.api.Test;

/** {@link Getopt} behaviours beyond pasta's own table (which {@link GetoptRecordedTest} covers). */
class GetoptTest {
    private static final List<LongOption> TABLE = List.of(
            new LongOption("alpha", ArgumentKind.NONE, 'a'),
            new LongOption("beta", ArgumentKind.REQUIRED, 'b'),
            new LongOption("color", ArgumentKind.OPTIONAL, 'c'),
            new LongOption("colour", ArgumentKind.OPTIONAL, 'c'),
            new LongOption("verbose", ArgumentKind.NONE, 300));

    private static List<String> run(String optstring, String... args) throws GetoptException {
        Getopt getopt = new Getopt("prog", List.of(args), optstring, TABLE);
        List<String> seen = new ArrayList<>();
        for (Getopt.Option option = getopt.next(); option != null; option = getopt.next()) {
            seen.add(option.code() + "=" + option.argument());
        }
        seen.add("rest=" + getopt.operands());
        return seen;
    }

    @Test
    void stopsAtFirstOperandWithPlus() throws GetoptException {
        assertEquals(List.of("97=null", "rest=[cmd, -a, --beta, x]"), run("+ab:c::", "-a", "cmd", "-a", "--beta", "x"));
    }

    @Test
    void doubleDashEndsOptions() throws GetoptException {
        assertEquals(List.of("97=null", "rest=[-a, --]"), run("+ab:", "-a", "--", "-a", "--"));
        assertEquals(List.of("rest=[]"), run("+ab:", "--"));
    }

    @Test
    void withoutOrderingCharacterStopsAtFirstOperandToo() throws GetoptException {
        assertEquals(List.of("rest=[x, -a]"), run("ab:", "x", "-a"));
    }

    @Test
    void returnsOperandsInOrderWithDash() throws GetoptException {
        assertEquals(List.of("1=x", "97=null", "1=y", "rest=[z]"), run("-ab:", "x", "-a", "y", "--", "z"));
    }

    @Test
    void optionalShortArgumentOnlyWhenAttached() throws GetoptException {
        assertEquals(List.of("99=blue", "99=null", "rest=[red]"), run("+c::", "-cblue", "-c", "red"));
    }

    @Test
    void optionalLongArgumentOnlyWithEquals() throws GetoptException {
        assertEquals(List.of("99=blue", "99=null", "99=", "rest=[red]"),
                run("+", "--color=blue", "--color", "--col=", "red"));
    }

    @Test
    void aliasesWithSameKindAndCodeAreNotAmbiguous() throws GetoptException {
        assertEquals(List.of("99=null", "rest=[]"), run("+", "--colo"));
    }

    @Test
    void exactMatchWinsOverLongerNames() throws GetoptException {
        List<LongOption> table = List.of(new LongOption("netns-only", ArgumentKind.NONE, 1000),
                new LongOption("netns", ArgumentKind.REQUIRED, 1001));
        Getopt getopt = new Getopt("pasta", List.of("--netns", "x"), "+", table);
        assertEquals(1001, getopt.next().code());
    }

    @Test
    void ambiguityListsCandidatesInTableOrder() {
        // Aliases are only skipped when they alias the first match; here they differ from --alpha.
        GetoptException e = assertThrows(GetoptException.class, () -> run("+", "--=1"));
        assertEquals("prog: option '--=1' is ambiguous; possibilities: '--alpha' '--beta' '--color' '--colour' '--verbose'",
                e.getMessage());
    }

    @Test
    void requiredArgumentIsTakenEvenIfItLooksLikeAnOption() throws GetoptException {
        assertEquals(List.of("98=--alpha", "rest=[]"), run("+b:", "--beta", "--alpha"));
        assertEquals(List.of("98=-a", "rest=[]"), run("+b:", "-b", "-a"));
    }

    @Test
    void messages() {
        assertEquals("prog: unrecognized option '--gamma=2'",
                assertThrows(GetoptException.class, () -> run("+", "--gamma=2")).getMessage());
        assertEquals("prog: option '--alpha' doesn't allow an argument",
                assertThrows(GetoptException.class, () -> run("+", "--al=1")).getMessage());
        assertEquals("prog: option '--beta' requires an argument",
                assertThrows(GetoptException.class, () -> run("+", "--be")).getMessage());
        assertEquals("prog: invalid option -- 'z'",
                assertThrows(GetoptException.class, () -> run("+a", "-az")).getMessage());
        assertEquals("prog: option requires an argument -- 'b'",
                assertThrows(GetoptException.class, () -> run("+ab:", "-ab")).getMessage());
    }

    @Test
    void colonSilencesMessages() {
        assertNull(assertThrows(GetoptException.class, () -> run("+:a", "-z")).getMessage());
        assertNull(assertThrows(GetoptException.class, () -> run("-:b:", "-b")).getMessage());
    }

    @Test
    void scanningCanContinueAfterAnError() throws GetoptException {
        Getopt getopt = new Getopt("prog", List.of("-z", "-a", "x"), "-:a", TABLE);
        assertThrows(GetoptException.class, getopt::next);
        assertEquals('a', getopt.next().code());
        assertEquals("x", getopt.next().argument());
        assertNull(getopt.next());
    }

    @Test
    void longOnlyCodeIsReturned() throws GetoptException {
        assertEquals(List.of("300=null", "rest=[]"), run("+", "--verb"));
    }
}
