package org.jpasta.udp;

import org.jpasta.wire.Ipv4Packet;
import org.jpasta.wire.Ipv6Packet;
import org.jpasta.wire.UdpDatagram;

import java.nio.ByteBuffer;

/**
 * A service pasta answers itself on a well-known UDP port (DHCP on 67, DHCPv6 on 547): the UDP handler
 * hands such datagrams over before any flow lookup. The views are valid only during the call; replies are
 * built in the tap output buffer. Implementations drop and count malformed input, never throw.
 */
public interface LocalUdpService {
    default void fromGuest4(ByteBuffer frame, Ipv4Packet ip, UdpDatagram udp) {
    }

    default void fromGuest6(ByteBuffer frame, Ipv6Packet ip, UdpDatagram udp) {
    }
}
