package org.jpasta.fwd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Rule fields produced by {@link PortSpecParser}; message texts are covered by the recorded cases. */
class PortSpecParserTest {
    private final List<String> warnings = new ArrayList<>();
    private final PortSpecParser parser = new PortSpecParser(new EphemeralRange(32768, 60999), warnings);

    private List<ForwardRule> parse(ForwardCapabilities caps, ForwardOption option, String... specs)
            throws ForwardSpecException {
        ForwardTableBuilder table = new ForwardTableBuilder(option.direction(), caps);
        for (String spec : specs) {
            parser.parse(option, spec, table);
        }
        return table.rules();
    }

    private List<ForwardRule> inbound(String... specs) throws ForwardSpecException {
        return parse(ForwardCapabilities.pastaDefaults(), ForwardOption.TCP_PORTS, specs);
    }

    private String error(String spec) {
        return assertThrows(ForwardSpecException.class, () -> inbound(spec)).getMessage();
    }

    @Test
    void singlePortIsStrictAndDualStack() throws ForwardSpecException {
        ForwardRule rule = inbound("22").get(0);
        assertEquals(Protocol.TCP, rule.protocol());
        assertEquals(Direction.INBOUND, rule.direction());
        assertNull(rule.listenAddress());
        assertTrue(rule.dualStack());
        assertNull(rule.listenInterface());
        assertEquals(22, rule.firstPort());
        assertEquals(22, rule.lastPort());
        assertNull(rule.targetAddress());
        assertEquals(22, rule.targetFirstPort());
        assertFalse(rule.weak());
        assertFalse(rule.scan());
        assertTrue(rule.excludedPorts().isEmpty());
    }

    @Test
    void translatedRange() throws ForwardSpecException {
        ForwardRule rule = inbound("22-80:32-90").get(0);
        assertEquals(32, rule.targetFirstPort());
        assertEquals(90, rule.targetLastPort());
        assertEquals(45, rule.targetPortFor(35));
    }

    @Test
    void targetAddressForms() throws ForwardSpecException {
        ForwardRule both = inbound("0.0.0.0/5000:192.0.2.5/6000").get(0);
        assertInstanceOf(Inet4Address.class, both.listenAddress());
        assertEquals("0.0.0.0", AddressText.format(both.listenAddress()));
        assertEquals("192.0.2.5", AddressText.format(both.targetAddress()));
        assertEquals(6000, both.targetFirstPort());
        ForwardRule addressOnly = inbound("[::1]/8080:[2001:db8::5]").get(0);
        assertInstanceOf(Inet6Address.class, addressOnly.listenAddress());
        assertEquals("2001:db8::5", AddressText.format(addressOnly.targetAddress()));
        assertEquals(8080, addressOnly.targetFirstPort());
        assertNull(inbound("127.0.0.1/80:0.0.0.0").get(0).targetAddress(), "unspecified target = none");
    }

    @Test
    void listeningAddressAndInterfaceForms() throws ForwardSpecException {
        ForwardRule addressAndIf = inbound("192.0.2.1%eth0/22").get(0);
        assertEquals("192.0.2.1", AddressText.format(addressAndIf.listenAddress()));
        assertEquals("eth0", addressAndIf.listenInterface());
        ForwardRule ifOnly = inbound("%eth0/22").get(0);
        assertNull(ifOnly.listenAddress());
        assertEquals("eth0", ifOnly.listenInterface());
        assertTrue(inbound("*/22").get(0).dualStack());
        ForwardRule mapped = inbound("::ffff:127.0.0.1/80").get(0);
        assertInstanceOf(Inet4Address.class, mapped.listenAddress(), "IPv4-mapped counts as IPv4");
        ForwardRule podman = inbound("::1/8080-8080:80-80").get(0);
        assertEquals("::1", AddressText.format(podman.listenAddress()));
        assertEquals(80, podman.targetFirstPort());
    }

    @Test
    void exclusionsSplitRanges() throws ForwardSpecException {
        List<ForwardRule> rules = inbound("5-25,~10-20");
        assertEquals(2, rules.size());
        assertEquals(List.of(5, 9, 21, 25), List.of(rules.get(0).firstPort(), rules.get(0).lastPort(),
                rules.get(1).firstPort(), rules.get(1).lastPort()));
        assertTrue(rules.get(0).excludedPorts().contains(15));
        assertEquals(11, rules.get(0).excludedPorts().size());
        assertFalse(rules.get(0).excludedPorts().contains(32768), "no ephemeral exclusion for explicit ranges");
    }

    @Test
    void allAutoAndExclusionOnlySkipEphemeralPortsAndAreWeak() throws ForwardSpecException {
        for (String spec : List.of("all", "auto", "~22")) {
            List<ForwardRule> rules = inbound(spec);
            assertEquals(32767, rules.get(rules.size() - 2).lastPort(), spec);
            assertEquals(61000, rules.get(rules.size() - 1).firstPort(), spec);
            assertTrue(rules.stream().allMatch(ForwardRule::weak), spec);
            assertEquals(spec.equals("auto"), rules.get(0).scan(), spec);
            assertTrue(rules.get(0).excludedPorts().contains(40000), spec);
        }
        assertEquals(3, inbound("~22").size(), "1-21, 23-32767, 61000-65535");
    }

    @Test
    void autoCombinedWithRangeScansOnlyThatRange() throws ForwardSpecException {
        List<ForwardRule> rules = inbound("8000-8010,auto");
        assertEquals(1, rules.size());
        assertTrue(rules.get(0).scan());
        assertFalse(rules.get(0).weak());
        ForwardRule loopbackAuto = inbound("::1/auto").get(0);
        assertEquals("::1", AddressText.format(loopbackAuto.listenAddress()));
        assertTrue(loopbackAuto.scan() && loopbackAuto.weak());
    }

    @Test
    void outboundRulesListenOnLo() throws ForwardSpecException {
        ForwardRule rule = parse(ForwardCapabilities.pastaDefaults(), ForwardOption.UDP_NS, "5353").get(0);
        assertEquals(Direction.OUTBOUND, rule.direction());
        assertEquals(Protocol.UDP, rule.protocol());
        assertEquals("lo", rule.listenInterface());
        assertTrue(rule.dualStack());
    }

    @Test
    void singleIpVersionUsesItsWildcard() throws ForwardSpecException {
        ForwardCapabilities v4 = new ForwardCapabilities(true, false, true, true, true, true);
        assertEquals("0.0.0.0", AddressText.format(parse(v4, ForwardOption.TCP_PORTS, "auto").get(0).listenAddress()));
        ForwardCapabilities v6 = new ForwardCapabilities(false, true, true, true, true, true);
        assertEquals("::", AddressText.format(parse(v6, ForwardOption.TCP_NS, "80").get(0).listenAddress()));
    }

    @Test
    void whitespaceAndSignsAreAcceptedLikeStrtoul() throws ForwardSpecException {
        List<ForwardRule> rules = inbound(" 80,443");
        assertEquals(List.of(80, 443), List.of(rules.get(0).firstPort(), rules.get(1).firstPort()));
        assertEquals(80, inbound("+80").get(0).firstPort());
        assertEquals(80, inbound("080").get(0).firstPort(), "base 10: leading zero is not octal");
    }

    @Test
    void noneAfterRulesOfSameProtocolOnly() throws ForwardSpecException {
        ForwardTableBuilder table = new ForwardTableBuilder(Direction.INBOUND, ForwardCapabilities.pastaDefaults());
        parser.parse(ForwardOption.UDP_PORTS, "53", table);
        parser.parse(ForwardOption.TCP_PORTS, "none", table);
        ForwardSpecException e = assertThrows(ForwardSpecException.class,
                () -> parser.parse(ForwardOption.UDP_PORTS, "none", table));
        assertEquals("-u none conflicts with previous options", e.getMessage());
    }

    @Test
    void malformedSpecs() {
        assertEquals("Invalid port specifier '80-70'", error("80-70"));
        assertEquals("Invalid port specifier '80-82:90-91'", error("80-82:90-91"));
        assertEquals("Invalid port specifier 'garbage'", error("garbage"));
        assertEquals("Invalid port specifier 'abc'", error("10.0.0.1/abc"), "message shows the part after ADDR/");
        assertEquals("Invalid port specifier '65536'", error("65536"));
        assertEquals("Invalid port specifier '1.2.3/80'", error("1.2.3/80"));
    }

    @Test
    void refusedRulesCarryPastasWarningsFirst() {
        ForwardSpecException zero = assertThrows(ForwardSpecException.class, () -> inbound("0"));
        assertEquals(List.of("Forwarding rule attempts to map from port 0", "Unable to add rule TCP [*]:0  =>  0 "),
                zero.lines());
        ForwardSpecException overlap = assertThrows(ForwardSpecException.class, () -> inbound("8000-8010", "8005"));
        assertEquals(List.of("Forwarding configuration conflict: TCP [*]:8005  =>  8005  versus TCP [*]:8000-8010  "
                + "=>  8000-8010 ", "Unable to add rule TCP [*]:8005  =>  8005 "), overlap.lines());
    }

    @Test
    void autoOnlyInPasta() {
        ForwardCapabilities passt = new ForwardCapabilities(true, true, true, true, false, true);
        assertEquals("'auto' port forwarding is only allowed for pasta", assertThrows(ForwardSpecException.class,
                () -> parse(passt, ForwardOption.TCP_PORTS, "auto")).getMessage());
    }

    @Test
    void addressSpecificRulesMayShareAPort() throws ForwardSpecException {
        assertEquals(3, inbound("127.0.0.1/80", "127.0.0.2/80", "::1/80").size());
    }
}
