package org.jpasta.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.jpasta.it.pasta.KnownDifference;
import org.jpasta.it.pasta.PastaUnderTest;
import org.jpasta.it.sandbox.Result;
import org.jpasta.it.sandbox.Sandbox;
import org.jpasta.it.sandbox.SandboxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The command-line contract: {@code --version}, {@code --help}, bad options and unusable configuration.
 *
 * <p>Podman only understands pasta through exit status and output, e.g. it re-runs pasta without
 * {@code --map-guest-addr} when the output says {@code unrecognized option '--map-guest-addr'} with exit 1,
 * and shows the message of a failed start to the user; so the exact form matters. Every run happens in the
 * sandbox as the unprivileged user, like Podman's.
 */
@ExtendWith(SandboxExtension.class)
@Timeout(60)
class CommandLineIT {
    private static final Duration QUICK = Duration.ofSeconds(20);
    private static PastaUnderTest pasta;

    @BeforeAll
    static void findPasta() {
        pasta = PastaUnderTest.get().requireExecutable();
    }

    @Test
    void versionPrintsPastaAndExitsZero(Sandbox sandbox) {
        Result result = sandbox.hostUser().run(QUICK, pasta.command("--version"));

        assertEquals(0, result.exitCode(), result::describe);
        String firstLine = result.stdout().lines().findFirst().orElse("");
        assertTrue(firstLine.startsWith("pasta "), () -> "first line of --version: " + result.describe());
    }

    @Test
    void helpPrintsUsageToStdoutAndExitsZero(Sandbox sandbox) {
        Result result = sandbox.hostUser().run(QUICK, pasta.command("--help"));

        pasta.expectCurrentBehaviour(KnownDifference.HELP_EXITS_WITH_FAILURE, () -> {
            assertEquals(0, result.exitCode(), result::describe);
            assertTrue(result.stdout().startsWith("Usage: "), () -> "usage on stdout: " + result.describe());
        });
    }

    @Test
    void unknownOptionIsRejectedWithGetoptMessageAndExitOne(Sandbox sandbox) {
        Result result = sandbox.hostUser().run(QUICK, pasta.command("--bogus"));

        assertEquals(1, result.exitCode(), result::describe);
        assertTrue(result.stderr().contains("unrecognized option '--bogus'"), result::describe);
    }

    @Test
    void missingNetnsPathFailsWithOneErrorLineAndExitOne(Sandbox sandbox) {
        String missing = sandbox.userDir().resolve("no-such-netns").toString();

        Result result = sandbox.hostUser().run(QUICK, pasta.command("--config-net", "--netns", missing));

        assertEquals(1, result.exitCode(), result::describe);
        List<String> messages = pasta.messageLines(result.stderr());
        assertEquals(1, messages.size(), () -> "expected exactly one error line: " + result.describe());
        assertTrue(messages.get(0).contains(missing), () -> "the error names the path: " + result.describe());
        assertEquals("", result.stdout(), result::describe);
    }
}
