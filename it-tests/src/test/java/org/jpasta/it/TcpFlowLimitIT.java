package org.jpasta.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jpasta.it.pasta.PastaUnderTest;
import org.jpasta.it.sandbox.Result;
import org.jpasta.it.sandbox.Sandbox;
import org.jpasta.it.sandbox.SandboxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A full TCP flow table refuses new connections with a RST and keeps running; a slot freed by a closed
 * connection is usable again. jpasta only: the limit is lowered with {@code -Djpasta.tcp.maxFlows}.
 */
@ExtendWith(SandboxExtension.class)
@Timeout(60)
class TcpFlowLimitIT {
    private static final int PORT = 8080;
    private static PastaUnderTest pasta;

    @BeforeAll
    static void findPasta() {
        pasta = PastaUnderTest.get().requireExecutable();
        assumeTrue(pasta.versionLine().contains("jpasta"), "the flow limit property is jpasta's");
    }

    @Test
    void fullTableRefusesWithResetAndRecovers(Sandbox sandbox) {
        String server = "import socket,threading\n"
                + "s=socket.socket(); s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\n"
                + "s.bind(('" + Sandbox.UPSTREAM_ONLY_V4 + "'," + PORT + ")); s.listen(16)\n"
                + "def serve(c):\n"
                + "    while c.recv(100): pass\n"
                + "    c.close()\n"
                + "while True:\n"
                + "    c,a=s.accept(); threading.Thread(target=serve,args=(c,),daemon=True).start()\n";
        sandbox.upstream().start(TcpTools.PYTHON, "-c", server);
        TcpTools.awaitListening(sandbox.upstream(), PORT);
        String client = "import socket,time\n"
                + "def conn():\n"
                + "    c=socket.socket(); c.settimeout(5); c.connect(('" + Sandbox.UPSTREAM_ONLY_V4 + "'," + PORT
                + ")); return c\n"
                + "a=conn(); b=conn()\n"
                + "try:\n"
                + "    conn(); print('third connected')\n"
                + "except ConnectionRefusedError:\n"
                + "    print('third refused')\n"
                + "a.close(); time.sleep(0.5)\n"
                + "d=conn(); print('fourth connected')\n";
        List<String> command = new ArrayList<>(List.of("env", "JPASTA_JAVA_OPTS=-Djpasta.tcp.maxFlows=2"));
        command.addAll(Arrays.asList(pasta.command("--config-net", "--", TcpTools.PYTHON, "-c", client)));

        Result result = sandbox.hostUser().run(Duration.ofSeconds(30), command.toArray(String[]::new));

        assertEquals(0, result.exitCode(), result::describe);
        assertEquals("third refused\nfourth connected", result.stdout().strip(), result::describe);
    }
}
