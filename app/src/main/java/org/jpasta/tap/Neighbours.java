package org.jpasta.tap;

import org.jpasta.config.Configuration;
import org.jpasta.wire.EthernetFrame;
import org.jpasta.wire.Icmpv6Packet;
import org.jpasta.wire.Ipv6Packet;

/** Interim: ARP and NDP answered by the responders in {@code org.jpasta.arp} / {@code org.jpasta.ndp}. */
public final class Neighbours implements FrameDispatcher.NeighbourHandler {
    public Neighbours(Configuration config, TapOutput out) {
    }

    @Override
    public void arp(EthernetFrame frame) {
    }

    @Override
    public boolean ndp(EthernetFrame frame, Ipv6Packet ip, Icmpv6Packet icmp) {
        return false;
    }
}
