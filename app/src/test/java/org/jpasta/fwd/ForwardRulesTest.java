package org.jpasta.fwd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Lookups on the final rule set. */
class ForwardRulesTest {
    private static ForwardRules rules(String... tcpSpecs) throws ForwardSpecException {
        PortSpecParser parser = new PortSpecParser(new EphemeralRange(32768, 60999), new ArrayList<>());
        ForwardTableBuilder inbound = new ForwardTableBuilder(Direction.INBOUND, ForwardCapabilities.pastaDefaults());
        ForwardTableBuilder outbound = new ForwardTableBuilder(Direction.OUTBOUND, ForwardCapabilities.pastaDefaults());
        for (String spec : tcpSpecs) {
            parser.parse(ForwardOption.TCP_PORTS, spec, inbound);
        }
        parser.parse(ForwardOption.UDP_NS, "53:5353", outbound);
        return new ForwardRules(inbound.rules(), outbound.rules());
    }

    @Test
    void targetPortLookup() throws ForwardSpecException {
        ForwardRules rules = rules("8080-8082:80-82", "443");
        assertEquals(81, rules.targetPort(Direction.INBOUND, Protocol.TCP, 8081));
        assertEquals(443, rules.targetPort(Direction.INBOUND, Protocol.TCP, 443));
        assertEquals(-1, rules.targetPort(Direction.INBOUND, Protocol.TCP, 8083));
        assertEquals(-1, rules.targetPort(Direction.INBOUND, Protocol.UDP, 443));
        assertEquals(5353, rules.targetPort(Direction.OUTBOUND, Protocol.UDP, 53));
        assertFalse(rules.isForwarded(Direction.OUTBOUND, Protocol.TCP, 53));
        assertFalse(rules.isForwarded(Direction.INBOUND, Protocol.TCP, 70000));
        assertFalse(rules.isForwarded(Direction.INBOUND, Protocol.TCP, -1));
    }

    @Test
    void matchByAddress() throws ForwardSpecException {
        ForwardRules rules = rules("127.0.0.1/80:8001", "192.0.2.1/80:8002", "::/80:8003");
        assertEquals(8002, rules.match(Direction.INBOUND, Protocol.TCP, AddressText.parseIpv4("192.0.2.1"), 80)
                .orElseThrow().targetFirstPort());
        assertEquals(8003, rules.match(Direction.INBOUND, Protocol.TCP, AddressText.parseIpv6("2001:db8::1"), 80)
                .orElseThrow().targetFirstPort(), ":: matches any IPv6 address");
        assertTrue(rules.match(Direction.INBOUND, Protocol.TCP, AddressText.parseIpv4("10.0.0.1"), 80).isEmpty());
        assertEquals(8001, rules.firstRuleFor(Direction.INBOUND, Protocol.TCP, 80).orElseThrow().targetFirstPort());
        assertEquals(8002, rules.match(Direction.INBOUND, Protocol.TCP,
                AddressText.parseIpv6("::ffff:192.0.2.1"), 80).orElseThrow().targetFirstPort());
    }

    @Test
    void dualStackRuleMatchesEverything() throws ForwardSpecException {
        ForwardRules rules = rules("auto");
        assertTrue(rules.match(Direction.INBOUND, Protocol.TCP, AddressText.parseIpv6("::1"), 22).isPresent());
        assertTrue(rules.match(Direction.INBOUND, Protocol.TCP, AddressText.parseIpv4("10.1.1.1"), 22).isPresent());
        assertFalse(rules.isForwarded(Direction.INBOUND, Protocol.TCP, 40000), "ephemeral");
        assertTrue(rules.isForwarded(Direction.INBOUND, Protocol.TCP, 65535));
    }

    @Test
    void allListsBothTables() throws ForwardSpecException {
        ForwardRules rules = rules("80");
        assertEquals(2, rules.all().size());
        assertEquals(Direction.INBOUND, rules.all().get(0).direction());
        assertEquals(Direction.OUTBOUND, rules.all().get(1).direction());
        assertThrows(UnsupportedOperationException.class, () -> rules.rules(Direction.INBOUND).clear());
    }

    @Test
    void refusesMoreRulesThanATableHolds() {
        ForwardRule rule = new ForwardRule(Protocol.TCP, Direction.INBOUND, null, null, 1, 1, null, 1, false, false,
                PortSet.EMPTY);
        List<ForwardRule> tooMany = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            tooMany.add(rule);
        }
        assertThrows(IllegalArgumentException.class, () -> new ForwardRules(tooMany, List.of()));
    }
}
