package org.jpasta.arp;

import org.jpasta.wire.EthernetFrame;
import org.jpasta.wire.MacAddress;

/**
 * Remembers the guest's MAC address, as last seen in the source of a frame from the tap.
 *
 * <h2>Theory of operation</h2>
 * pasta never asks the guest for its MAC (beyond the initial ARP request and NS that make it
 * talk): it simply takes the source address of every frame the guest sends, so a MAC change
 * inside the namespace is followed at once. Frames pasta builds towards the guest use this as
 * destination. A group (multicast or broadcast) source is never a real station, so unlike pasta
 * it is not learnt. {@link #observe} is called once per frame and only compares two longs.
 */
public final class GuestMacTracker {
    private long guestMac;

    /**
     * @param initialMac what to use before the guest has sent anything; pasta uses the
     *                   broadcast address so that its first frames reach the guest regardless
     */
    public GuestMacTracker(long initialMac) {
        this.guestMac = initialMac;
    }

    public GuestMacTracker() {
        this(MacAddress.BROADCAST);
    }

    /**
     * Learns from one received frame.
     *
     * @return true if the guest MAC changed (worth an info log, rate limited)
     */
    public boolean observe(EthernetFrame frame) {
        long source = frame.source();
        if (source == guestMac || MacAddress.isGroup(source) || source == MacAddress.ZERO) {
            return false;
        }
        guestMac = source;
        return true;
    }

    public long guestMac() {
        return guestMac;
    }
}
