package org.jpasta.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SystemHostProbeTest {
    @Test
    void kernelVersionComparison() {
        assertTrue(SystemHostProbe.kernelAtLeast("5.7.0", 5, 7));
        assertTrue(SystemHostProbe.kernelAtLeast("6.1.0-18-amd64", 5, 7));
        assertTrue(SystemHostProbe.kernelAtLeast("5.10", 5, 7));
        assertFalse(SystemHostProbe.kernelAtLeast("5.6.19", 5, 7));
        assertFalse(SystemHostProbe.kernelAtLeast("4.19.0-26-amd64", 5, 7));
        assertTrue(SystemHostProbe.kernelAtLeast("weird", 5, 7));
    }

    @Test
    void answersForThisMachine() {
        SystemHostProbe probe = new SystemHostProbe();
        assertEquals(1, probe.interfaceIndex("lo"));
        assertEquals(0, probe.interfaceIndex("no-such-if0"));
        assertEquals(0, probe.user("root").orElseThrow().uid());
        assertTrue(probe.user("no-such-user-here").isEmpty());
        assertEquals(0L, probe.group("root").orElseThrow());
        List<String> warnings = new ArrayList<>();
        org.jpasta.fwd.EphemeralRange range = probe.ephemeralRange(warnings);
        assertEquals(List.of(), warnings);
        assertTrue(range.first() > 0 && range.last() > range.first(), range.toString());
        assertTrue(probe.bindToDeviceAvailable() == SystemHostProbe.kernelAtLeast(
                System.getProperty("os.version"), 5, 7));
    }
}
