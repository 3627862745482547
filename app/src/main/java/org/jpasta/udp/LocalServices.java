package org.jpasta.udp;

import org.jpasta.config.Configuration;
import org.jpasta.tap.DropCounters;
import org.jpasta.tap.TapOutput;

/** Which local UDP services run, per pasta's rules (see {@link UdpSetup}). */
final class LocalServices {
    private LocalServices() {}

    static LocalUdpService dhcp(Configuration c, TapOutput out, DropCounters drops) {
        return null;
    }

    static LocalUdpService dhcpv6(Configuration c, TapOutput out, DropCounters drops) {
        return null;
    }
}
