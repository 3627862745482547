package org.jpasta.neighbour;

import org.jpasta.config.Configuration;
import org.jpasta.flow.AddressMapping;
import org.jpasta.wire.EthernetFrame;
import org.jpasta.wire.Ipv4Packet;
import org.jpasta.wire.Ipv6Packet;

import java.nio.ByteBuffer;

/**
 * Which MAC address the guest sees for an address: the real one of a neighbour on the host's LAN, else ours.
 *
 * <h2>Theory of operation</h2>
 * As pasta (since 2025-10, {@code fwd_neigh_*}), jpasta mirrors the host's ARP and NDP tables for its template
 * interface: an address the host has a usable MAC for is answered with that MAC in ARP replies and neighbour
 * advertisements, and frames from it to the guest carry it as their source. Everything else looks as before:
 * addresses with no entry get the gateway's entry if the gateway has one, else our MAC. The addresses the
 * guest reaches through a translation are never learnt, whatever the LAN says about them: the
 * {@code --map-host-loopback} address (by default the gateway, so the gateway stays at our MAC unless
 * {@code --no-map-gw}), the {@code --map-guest-addr} address, and the ones {@link AddressMapping} says the
 * guest cannot reach by their real value (its own addresses, loopback and unspecified ones).
 * <p>
 * {@link #sourceMac} runs for every frame to the guest, so it is a table lookup that allocates nothing, and
 * nothing at all while the table is empty. Event-loop confined.
 */
public final class NeighbourMacs {
    /** What {@link #learn} changed, so that the caller can tell the guest. */
    public enum Learnt { NOTHING, NEW_MAC, FORGOTTEN, TABLE_FULL }

    private final long ourMac;
    private final NeighbourMacTable table = new NeighbourMacTable();
    /** Null: nothing is ever learnt ({@link #ourMacOnly}). */
    private final AddressMapping mapping;
    private final boolean hasGateway4, hasGateway6;
    private final long gateway4Lo, gateway6Hi, gateway6Lo;

    private NeighbourMacs(long ourMac, AddressMapping mapping, byte[] gateway4, byte[] gateway6) {
        this.ourMac = ourMac;
        this.mapping = mapping;
        int gw4 = AddressMapping.int4(gateway4);
        gateway4Lo = NeighbourMacTable.v4Lo(gw4);
        gateway6Hi = AddressMapping.hi(gateway6);
        gateway6Lo = AddressMapping.lo(gateway6);
        // a gateway that is never learnt (the default: it is the map-host-loopback address) has no entry to
        // fall back to, so lookups of non-neighbours skip the second probe
        hasGateway4 = gateway4 != null && isLearnable4(gw4);
        hasGateway6 = gateway6 != null && isLearnable6(gateway6Hi, gateway6Lo);
    }

    /** A table that stays empty: every address is at {@code ourMac}. */
    public static NeighbourMacs ourMacOnly(long ourMac) {
        return new NeighbourMacs(ourMac, null, null, null);
    }

    /** The guest's view of {@code mapping}'s addresses, with {@code c}'s gateways to fall back on. */
    public static NeighbourMacs forConfiguration(Configuration c, AddressMapping mapping, long ourMac) {
        return new NeighbourMacs(ourMac, mapping, c.ip4.gateway, c.ip6.gateway);
    }

    /**
     * Whether the LAN may tell us the MAC of {@code a}: the guest reaches it by its real value (pasta's
     * {@code nat_inbound()} leaves it as it is), so it is neither translated nor one the guest cannot reach.
     */
    private boolean isLearnable4(int a) {
        return mapping != null && mapping.guestAccessible4(a) && !mapping.isHostLoopback4(a)
                && !mapping.isGuestAddrMapping4(a);
    }

    private boolean isLearnable6(long hi, long lo) {
        return mapping != null && mapping.guestAccessible6(hi, lo) && !mapping.isHostLoopback6(hi, lo)
                && !mapping.isGuestAddrMapping6(hi, lo);
    }

    public long ourMac() {
        return ourMac;
    }

    /** The MAC the guest should see for IPv4 address {@code address} (network-order int). */
    public long macFor4(int address) {
        return table.size() == 0 ? ourMac : lookup(0, NeighbourMacTable.v4Lo(address), false);
    }

    /** The MAC the guest should see for an IPv6 address. */
    public long macFor6(long hi, long lo) {
        return table.size() == 0 ? ourMac : lookup(hi, lo, true);
    }

    /**
     * The source MAC for a frame to the guest whose IP header starts at {@code l3Offset}: the MAC of its
     * source address. The header has been written by us, so it is there and long enough.
     */
    public long sourceMac(ByteBuffer frame, int l3Offset, int etherType) {
        if (table.size() == 0) {
            return ourMac;
        }
        if (etherType == EthernetFrame.ETHERTYPE_IPV4) {
            return macFor4(frame.getInt(l3Offset + Ipv4Packet.SOURCE));
        }
        if (etherType == EthernetFrame.ETHERTYPE_IPV6) {
            int source = l3Offset + Ipv6Packet.SOURCE;
            return macFor6(frame.getLong(source), frame.getLong(source + 8));
        }
        return ourMac;
    }

    private long lookup(long hi, long lo, boolean v6) {
        long mac = table.get(hi, lo);
        if (mac != NeighbourMacTable.ABSENT) {
            return mac;
        }
        if (v6 ? hasGateway6 : hasGateway4) {
            mac = v6 ? table.get(gateway6Hi, gateway6Lo) : table.get(0, gateway4Lo);
            if (mac != NeighbourMacTable.ABSENT) {
                return mac;
            }
        }
        return ourMac;
    }

    /**
     * Takes in one entry of the host's neighbour table: {@code mac} the neighbour's MAC, or -1 if the entry is
     * gone or no longer usable. {@code address} is 4 or 16 bytes.
     */
    public Learnt learn(byte[] address, long mac) {
        long hi, lo;
        if (address.length == 4) {
            int a = AddressMapping.int4(address);
            if (!isLearnable4(a)) {
                return Learnt.NOTHING;
            }
            hi = 0;
            lo = NeighbourMacTable.v4Lo(a);
        } else if (address.length == 16) {
            hi = AddressMapping.hi(address);
            lo = AddressMapping.lo(address);
            if (!isLearnable6(hi, lo)) {
                return Learnt.NOTHING;
            }
        } else {
            return Learnt.NOTHING;
        }
        if (mac < 0) {
            return table.remove(hi, lo) ? Learnt.FORGOTTEN : Learnt.NOTHING;
        }
        return switch (table.put(hi, lo, mac)) {
            case ADDED, CHANGED -> Learnt.NEW_MAC;
            case UNCHANGED -> Learnt.NOTHING;
            case FULL -> Learnt.TABLE_FULL;
        };
    }

    /** Starts a full re-read of the host's tables: entries not learnt again before {@link #endResync} go. */
    public void beginResync() {
        table.unmarkAll();
    }

    /** Ends a full re-read: forgets every entry the re-read did not list; returns how many. */
    public int endResync() {
        return table.removeUnmarked();
    }

    /** Entries held (tests, diagnostics). */
    public int size() {
        return table.size();
    }
}
