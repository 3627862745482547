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
 * {@code --no-map-gw}), the {@code --map-guest-addr} address, the guest's own addresses, loopback and
 * unspecified ones.
 * <p>
 * {@link #sourceMac} runs for every frame to the guest, so it is a table lookup that allocates nothing, and
 * nothing at all while the table is empty. Event-loop confined.
 */
public final class NeighbourMacs {
    /** What {@link #learn} changed, so that the caller can tell the guest. */
    public enum Learnt { NOTHING, NEW_MAC, FORGOTTEN, TABLE_FULL }

    private final long ourMac;
    private final NeighbourMacTable table = new NeighbourMacTable();
    private final boolean hasGateway4, hasGateway6;
    private final long gateway4Lo, gateway6Hi, gateway6Lo;
    private final long[] neverLearnt; // pairs of (hi, lo)

    private NeighbourMacs(long ourMac, byte[] gateway4, byte[] gateway6, long[] neverLearnt) {
        this.ourMac = ourMac;
        this.neverLearnt = neverLearnt;
        gateway4Lo = gateway4 != null ? NeighbourMacTable.v4Lo(AddressMapping.int4(gateway4)) : 0;
        gateway6Hi = gateway6 != null ? AddressMapping.hi(gateway6) : 0;
        gateway6Lo = gateway6 != null ? AddressMapping.lo(gateway6) : 0;
        // a gateway that is never learnt (the default: it is the map-host-loopback address) has no entry to
        // fall back to, so lookups of non-neighbours skip the second probe
        hasGateway4 = gateway4 != null && !isNeverLearnt(0, gateway4Lo);
        hasGateway6 = gateway6 != null && !isNeverLearnt(gateway6Hi, gateway6Lo);
    }

    private boolean isNeverLearnt(long hi, long lo) {
        for (int i = 0; i < neverLearnt.length; i += 2) {
            if (neverLearnt[i] == hi && neverLearnt[i + 1] == lo) {
                return true;
            }
        }
        return false;
    }

    /** A table that stays empty: every address is at {@code ourMac}. */
    public static NeighbourMacs ourMacOnly(long ourMac) {
        return new NeighbourMacs(ourMac, null, null, new long[0]);
    }

    public static NeighbourMacs forConfiguration(Configuration c, long ourMac) {
        byte[][] excluded = {c.ip4.mapHostLoopback, c.ip4.mapGuestAddr, c.ip4.address, c.ip6.mapHostLoopback,
                c.ip6.mapGuestAddr, c.ip6.address};
        long[] keys = new long[excluded.length * 2];
        int n = 0;
        for (byte[] a : excluded) {
            if (a != null && (a.length == 4 || a.length == 16)) {
                keys[n++] = a.length == 4 ? 0 : AddressMapping.hi(a);
                keys[n++] = a.length == 4 ? NeighbourMacTable.v4Lo(AddressMapping.int4(a)) : AddressMapping.lo(a);
            }
        }
        return new NeighbourMacs(ourMac, c.ip4.gateway, c.ip6.gateway, java.util.Arrays.copyOf(keys, n));
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
            if (a == 0 || (a >>> 24) == 127) {
                return Learnt.NOTHING;
            }
            hi = 0;
            lo = NeighbourMacTable.v4Lo(a);
        } else if (address.length == 16) {
            hi = AddressMapping.hi(address);
            lo = AddressMapping.lo(address);
            if (hi == 0 && (lo == 0 || lo == 1)) {
                return Learnt.NOTHING;
            }
        } else {
            return Learnt.NOTHING;
        }
        if (isNeverLearnt(hi, lo)) {
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

    /** Entries held (tests, diagnostics). */
    public int size() {
        return table.size();
    }
}
