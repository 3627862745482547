/**
 * Packet layer: zero-allocation views and emitters for the frames pasta sees on its tap device.
 *
 * <h2>Theory of operation</h2>
 * pasta reads Ethernet frames from a tap device into large direct buffers and answers or
 * translates them. Parsing must not allocate per packet and must never trust the guest, so
 * every protocol layer is a small mutable <em>view</em> that is re-pointed at a region of a
 * {@link java.nio.ByteBuffer} with {@code wrap(buf, offset, length)}. {@code wrap} does all the
 * bounds and length checks up front and returns {@code false} (never throws) for a malformed
 * packet, leaving the reason in {@code dropReason()}; after a successful {@code wrap} the field
 * accessors are plain absolute reads that cannot run past the validated region. The buffer's
 * position and limit are never touched. Buffers must use the default big-endian byte order.
 *
 * <p>A dispatcher keeps one instance of each view and chains them, each layer handing the next
 * one the offset and length of its payload:
 * <pre>{@code
 * if (!eth.wrap(buf, off, len)) { count(eth.dropReason()); return; }
 * guestMacTracker.observe(eth);                        // org.jpasta.arp.GuestMacTracker
 * switch (eth.etherType()) {
 *   case EthernetFrame.ETHERTYPE_ARP -> {
 *     if (arp.wrap(buf, eth.payloadOffset(), eth.payloadLength())) arpResponder.respond(eth, arp, out, 0);
 *   }
 *   case EthernetFrame.ETHERTYPE_IPV4 -> {
 *     if (!ip4.wrap(buf, eth.payloadOffset(), eth.payloadLength())) { count(ip4.dropReason()); return; }
 *     if (ip4.isFragment()) { count(DropReason.FRAGMENT); return; }
 *     switch (ip4.protocol()) {
 *       case IpProtocol.TCP -> tcp.wrap(buf, ip4.payloadOffset(), ip4.payloadLength());
 *       case IpProtocol.UDP -> udp.wrap(buf, ip4.payloadOffset(), ip4.payloadLength());
 *       case IpProtocol.ICMP -> icmp4.wrap(buf, ip4.payloadOffset(), ip4.payloadLength());
 *     }
 *   }
 *   case EthernetFrame.ETHERTYPE_IPV6 -> {
 *     if (!ip6.wrap(buf, eth.payloadOffset(), eth.payloadLength())) { count(ip6.dropReason()); return; }
 *     if (ip6.isFragment()) { count(DropReason.FRAGMENT); return; }
 *     // ip6.upperLayerProtocol(), ip6.upperLayerOffset(), ip6.upperLayerLength() feed the L4 view
 *     if (ip6.upperLayerProtocol() == IpProtocol.ICMPV6
 *         && icmp6.wrap(buf, ip6.upperLayerOffset(), ip6.upperLayerLength()) && icmp6.isNdp()) {
 *       int n = ndpResponder.respond(eth, ip6, icmp6, out, 0); // org.jpasta.ndp.NdpResponder
 *       // n > 0: send out[0..n); NO_REPLY: consumed; MALFORMED: count(ndpResponder.lastDropReason())
 *     }
 *   }
 *   default -> count(DropReason.UNSUPPORTED);
 * }
 * }</pre>
 * Checksums of received packets are not verified by {@code wrap} (the tap is fed by the local
 * kernel); every view offers an {@code is...ChecksumValid} method for callers that want it, and
 * {@code Ipv4Packet.pseudoHeaderSum()}/{@code Ipv6Packet.pseudoHeaderSum()} supply the
 * pseudo-header part of the L4 checksums.
 *
 * <h2>Address representation</h2>
 * <ul>
 *   <li>MAC addresses are {@code long}s holding the 48 bits in the low bits, first octet most
 *       significant ({@code 9a:55:9a:55:9a:55} is {@code 0x9a559a559a55L}); see {@link org.jpasta.wire.MacAddress}.</li>
 *   <li>IPv4 addresses are {@code int}s in network order, first octet most significant
 *       ({@code 192.0.2.1} is {@code 0xc0000201}); see {@link org.jpasta.wire.Ipv4Address}.</li>
 *   <li>IPv6 addresses are two {@code long}s, {@code hi} (octets 0..7) and {@code lo} (octets 8..15),
 *       each big-endian; views expose {@code sourceHi()/sourceLo()} style accessors. The
 *       {@link org.jpasta.wire.Ipv6Address} record packs a pair for configuration and logs.</li>
 * </ul>
 */
package org.jpasta.wire;
