package org.jpasta.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.jpasta.it.pasta.PastaUnderTest;
import org.jpasta.it.sandbox.Result;
import org.jpasta.it.sandbox.Sandbox;
import org.jpasta.it.sandbox.SandboxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code --freebind}: a forward bound to an address the host does not have fails at start-up with pasta's
 * {@code Listen failed ... / Couldn't listen on requested ports} and exit 1, unless {@code --freebind} lets
 * the listeners bind it anyway (IP_FREEBIND), for TCP and UDP.
 */
@ExtendWith(SandboxExtension.class)
@Timeout(60)
class FreebindIT {
    private static final String ABSENT = "203.0.113.50";
    private static PastaUnderTest pasta;

    @BeforeAll
    static void findPasta() {
        pasta = PastaUnderTest.get().requireExecutable();
    }

    @Test
    void foreignAddressNeedsFreebind(Sandbox sandbox) {
        Result without = sandbox.hostUser().run(Duration.ofSeconds(30), pasta.command("--config-net", "-t",
                ABSENT + "/8123", "-u", "none", "--", "true"));
        assertEquals(1, without.exitCode(), without::describe);
        assertTrue(without.stderr().contains("Couldn't listen on requested ports"), without::describe);

        Result with = sandbox.hostUser().run(Duration.ofSeconds(30), pasta.command("--config-net", "--freebind",
                "-t", ABSENT + "/8123", "-u", ABSENT + "/8124", "--", "true"));
        assertEquals(0, with.exitCode(), with::describe);
    }
}
