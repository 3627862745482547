package org.jpasta.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;

import org.jpasta.control.PestoWire;
import org.jpasta.fwd.Direction;
import org.jpasta.fwd.ForwardRule;
import org.junit.jupiter.api.Test;

/**
 * The configuration socket's bytes against those pasta 2026 ({@code 2026_07_16.090d739}) sent for the same
 * command line, read from its socket with a plain client: {@code -t 8080 -t 127.0.0.1/9000:9001
 * -t [::1]/7000-7002:8000-8002 -u auto -T 5000 -U none}. Each rule the parser makes must encode to pasta's 56 bytes,
 * and decode back to the same rule.
 */
class PestoWireRecordedTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String ZEROS_48 = "00".repeat(48);

    /** pasta's greeting: "basil:s\0", version 2, pif name size 128, IFNAMSIZ 16. */
    @Test
    void greeting() {
        assertEquals("626173696c3a7300000000020000008000000010", HEX.formatHex(PestoWire.hello()));
    }

    @Test
    void inboundRulesEncodeAsPastaSendsThem() throws CliExit {
        PastaOptions o = ClientArgvTest.parse("-t", "8080", "-t", "127.0.0.1/9000:9001", "-t",
                "[::1]/7000-7002:8000-8002", "-u", "auto", "-T", "5000", "-U", "none");
        assertTables(o, Direction.INBOUND, List.of(
                ZEROS_48 + "1f901f901f900601",
                "00000000000000000000ffff7f000001" + "00".repeat(32) + "2328232823290600",
                "00000000000000000000000000000001" + "00".repeat(32) + "1b581b5a1f400600",
                ZEROS_48 + "00017fff00011107",
                ZEROS_48 + "ee48ffffee481107"));
        assertTables(o, Direction.OUTBOUND, List.of(
                "00".repeat(32) + "6c6f" + "00".repeat(14) + "1388138813880601"));
    }

    /** All capabilities, as pasta reports them with IPv4, IPv6, TCP, UDP, scan and SO_BINDTODEVICE. */
    @Test
    void capabilities() throws CliExit {
        assertEquals(0x3f, PestoWire.capabilities(ClientArgvTest.parse("-t", "none").forwardCapabilities()));
    }

    @Test
    void tableHeaderNamesThePif() {
        ByteBuffer out = ByteBuffer.allocate(1 + PestoWire.PIF_INFO_SIZE);
        PestoWire.putTableHeader(out, Direction.OUTBOUND, 0x3f, 1);
        assertEquals("03" + HEX.formatHex("SPLICE".getBytes()) + "00".repeat(122) + "0000003f00000001",
                HEX.formatHex(out.array()));
    }

    @Test
    void malformedRulesAreRefusedWithPastasMessages() {
        String good = ZEROS_48 + "1f901f901f900601";
        assertEquals("Rule has invalid flags 0x8", refusal(good.substring(0, 110) + "09"));
        assertEquals("Unsupported protocol 0x1 (ICMP) for forwarding rule",
                refusal(good.substring(0, 108) + "0101"));
        assertEquals("Dual stack rule has non-wildcard address 127.0.0.1",
                refusal("00000000000000000000ffff7f000001" + good.substring(32)));
        assertEquals("Interface name was not NULL terminated",
                refusal("00".repeat(32) + "61".repeat(16) + good.substring(96)));
    }

    private static String refusal(String hex) {
        return assertThrows(PestoWire.InvalidRuleException.class,
                () -> PestoWire.decodeRule(ByteBuffer.wrap(HEX.parseHex(hex)), Direction.INBOUND)).getMessage();
    }

    private static void assertTables(PastaOptions o, Direction d, List<String> pastaBytes) {
        List<ForwardRule> rules = o.forwardRules().rules(d);
        assertEquals(pastaBytes.size(), rules.size(), rules::toString);
        for (int i = 0; i < rules.size(); i++) {
            ByteBuffer out = ByteBuffer.allocate(PestoWire.RULE_SIZE);
            PestoWire.encodeRule(rules.get(i), out);
            assertEquals(pastaBytes.get(i), HEX.formatHex(out.array()), rules.get(i).format());
            try {
                ForwardRule decoded = PestoWire.decodeRule(ByteBuffer.wrap(HEX.parseHex(pastaBytes.get(i))), d);
                assertEquals(rules.get(i).format(), decoded.format());
                assertEquals(rules.get(i).direction(), decoded.direction());
            } catch (PestoWire.InvalidRuleException e) {
                throw new AssertionError(e);
            }
        }
    }
}
