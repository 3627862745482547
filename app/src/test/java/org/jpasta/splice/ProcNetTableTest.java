package org.jpasta.splice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.BitSet;

import org.junit.jupiter.api.Test;

/** Ports in the wanted state are found; other states and the caller's own sockets are not. */
class ProcNetTableTest {
    private static final String TCP = String.join("\n",
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
            "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1 0",
            "   1: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 17 1 0",
            "   2: 0100007F:9C40 0100007F:1F90 01 00000000:00000000 00:00000000 00000000  1000        0 99 1 0",
            "   3: 0100007F:2710 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 555 1 0",
            "");
    private static final String TCP6 = String.join("\n",
            "  sl  local_address                         remote_address                        st tx_queue rx_queue"
                    + " tr tm->when retrnsmt   uid  timeout inode",
            "   0: 00000000000000000000000001000000:0050 00000000000000000000000000000000:0000 0A 00000000:00000000"
                    + " 00:00000000 00000000     0        0 31337 1 0",
            "");

    @Test
    void listeningPortsExceptOurOwn() {
        BitSet ports = new BitSet();
        ProcNetTable.parse(TCP.getBytes(StandardCharsets.US_ASCII), ProcNetTable.TCP_LISTEN, inode -> inode == 555,
                ports);
        ProcNetTable.parse(TCP6.getBytes(StandardCharsets.US_ASCII), ProcNetTable.TCP_LISTEN, inode -> false, ports);

        BitSet expected = new BitSet();
        expected.set(8080);
        expected.set(22);
        expected.set(80);
        assertEquals(expected, ports);
    }

    @Test
    void boundUdpSocketsAreStateSeven() {
        String udp = "  sl  local_address rem_address   st\n"
                + "  7: 0100007F:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000   0   0 12 2 0\n";
        BitSet ports = new BitSet();
        ProcNetTable.parse(udp.getBytes(StandardCharsets.US_ASCII), ProcNetTable.UDP_BOUND, inode -> false, ports);
        assertEquals(53, ports.nextSetBit(0));
    }
}
