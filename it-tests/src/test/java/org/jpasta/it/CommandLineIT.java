package org.jpasta.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

        assertFailsWithOneErrorLine(result);
        assertTrue(result.stderr().contains(missing), () -> "the error names the path: " + result.describe());
    }

    @Test
    void netnsPathThatIsNoNamespaceFailsWithOneErrorLineAndExitOne(Sandbox sandbox) throws IOException {
        Path regularFile = Files.writeString(sandbox.userDir().resolve("not-a-netns"), "");

        Result result = sandbox.hostUser().run(QUICK, pasta.command("--config-net", "--netns", regularFile.toString()));

        assertFailsWithOneErrorLine(result);
    }

    @Test
    void targetPidThatDoesNotExistFailsWithOneErrorLineAndExitOne(Sandbox sandbox) {
        String impossiblePid = Integer.toString(Integer.MAX_VALUE); // above any pid_max

        Result result = sandbox.hostUser().run(QUICK, pasta.command("--config-net", impossiblePid));

        assertFailsWithOneErrorLine(result);
        assertTrue(result.stderr().contains(impossiblePid), () -> "the error names the target: " + result.describe());
    }

    /** Podman shows a failed start as "pasta failed with exit code 1:\n<output>": one clear line, exit 1. */
    private static void assertFailsWithOneErrorLine(Result result) {
        assertEquals(1, result.exitCode(), result::describe);
        List<String> messages = pasta.messageLines(result.stderr());
        assertEquals(1, messages.size(), () -> "expected exactly one error line: " + result.describe());
        assertEquals("", result.stdout(), () -> "nothing on stdout: " + result.describe());
    }
}
