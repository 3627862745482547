package org.jpasta.arp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jpasta.wire.EthernetFrame;
import org.jpasta.wire.Frames;
import org.jpasta.wire.MacAddress;
import org.junit.jupiter.api.Test;

class GuestMacTrackerTest {
    private final EthernetFrame eth = new EthernetFrame();

    private EthernetFrame from(String sourceMac) {
        String frame = "ffffffffffff" + sourceMac + "0800";
        assertTrue(eth.wrap(Frames.direct(frame), Frames.OFFSET, 14));
        return eth;
    }

    @Test
    void startsAtBroadcastAndLearnsTheSource() {
        GuestMacTracker tracker = new GuestMacTracker();
        assertEquals(MacAddress.BROADCAST, tracker.guestMac());
        assertTrue(tracker.observe(from("46e07a3b1c01")));
        assertEquals(0x46e07a3b1c01L, tracker.guestMac());
        assertFalse(tracker.observe(from("46e07a3b1c01")));
    }

    @Test
    void followsAChange() {
        GuestMacTracker tracker = new GuestMacTracker(0x46e07a3b1c01L);
        assertTrue(tracker.observe(from("020000000002")));
        assertEquals(0x020000000002L, tracker.guestMac());
    }

    @Test
    void ignoresGroupAndZeroSources() {
        GuestMacTracker tracker = new GuestMacTracker(0x46e07a3b1c01L);
        assertFalse(tracker.observe(from("ffffffffffff")));
        assertFalse(tracker.observe(from("333300000001")));
        assertFalse(tracker.observe(from("000000000000")));
        assertEquals(0x46e07a3b1c01L, tracker.guestMac());
    }
}
