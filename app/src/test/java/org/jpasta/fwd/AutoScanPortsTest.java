package org.jpasta.fwd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import org.junit.jupiter.api.Test;

class AutoScanPortsTest {
    private final AutoScanPorts ports = new AutoScanPorts();

    private static ForwardRule rule(int first, int last, int targetFirst) {
        return new ForwardRule(Protocol.TCP, Direction.INBOUND, null, null, first, last, null, targetFirst, true,
                true, PortSet.EMPTY);
    }

    private static BitSet bits(int... set) {
        BitSet b = new BitSet(65536);
        for (int p : set) {
            b.set(p);
        }
        return b;
    }

    private List<Integer> visited() {
        List<Integer> out = new ArrayList<>();
        for (int p = ports.next(0); p >= 0; p = ports.next(p + 1)) {
            out.add(p);
        }
        return out;
    }

    @Test
    void visitsBoundTargetsAndOpenPortsInsideTheRuleOnly() {
        ports.collectByTarget(rule(1, 32767, 1), bits(22, 8080, 40000), bits(80, 8080, 61000));
        assertEquals(List.of(22, 80, 8080), visited());
    }

    @Test
    void boundTargetsAreMappedBackToTheRulesPorts() {
        // -t 10000-10099:20000-20099 auto: the namespace listens on 20005, the host port is 10005
        ports.collectByTarget(rule(10000, 10099, 20000), bits(20005, 10007, 20100), bits());
        assertEquals(List.of(10005), visited());
    }

    @Test
    void byPortTakesTheBoundPortsAsTheRulesOwn() {
        ports.collectByPort(rule(10000, 10099, 20000), bits(20005, 10007, 10100), bits(10050));
        assertEquals(List.of(10007, 10050), visited());
    }

    @Test
    void nothingBoundAndNothingOpenVisitsNothing() {
        ports.collectByTarget(rule(1, 65535, 1), bits(), bits());
        assertEquals(List.of(), visited());
    }

    @Test
    void aSecondCollectForgetsTheFirst() {
        ports.collectByTarget(rule(1, 100, 1), bits(5), bits(6));
        ports.collectByTarget(rule(200, 300, 200), bits(250), bits(6, 299));
        assertEquals(List.of(250, 299), visited());
    }
}
