package org.jpasta.neighbour;

import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;
import org.jpasta.config.Configuration;
import org.jpasta.log.Log;
import org.jpasta.sys.LibC;
import org.jpasta.sys.SysException;
import org.jpasta.sys.netlink.Neighbour;
import org.jpasta.sys.netlink.NeighbourEvents;
import org.jpasta.sys.netlink.RtNetlink;
import org.jpasta.wire.MacAddress;

import java.nio.ByteBuffer;

/**
 * Keeps {@link NeighbourMacs} in step with the host's ARP and NDP tables for the template interface.
 *
 * <h2>Theory of operation</h2>
 * pasta's {@code nl_neigh_notify_init()}: subscribe to the kernel's neighbour notifications first, then read
 * both tables once, so that no change falls between the two. Every entry of the template interface (per IP
 * version: {@code ifi4}, {@code ifi6}) with a usable Ethernet address is learnt; an entry that goes away or
 * becomes unusable is forgotten. When an address gets a MAC other than ours, the guest is told at once
 * ({@link Announcer}). The subscription's descriptor sits on the event loop, where the table and the tap
 * buffer live. If the kernel dropped notifications because we were slow, both tables are read again (pasta
 * only warns): a neighbour that appeared meanwhile is learnt, and one that went away meanwhile, which the re-read
 * no longer lists, is forgotten. Changes are rare, so this allocates freely.
 */
public final class NeighbourMonitor implements EpollIoHandle {
    /** Tells the guest that an address is at a MAC (ARP announcement, unsolicited neighbour advertisement). */
    public interface Announcer {
        void announce(byte[] address, long mac);
    }

    private final NeighbourMacs macs;
    private final Announcer announcer;
    private final int index4, index6;
    private final NeighbourEvents events;
    private final RtNetlink tables;
    private final FileDescriptor fd;
    private boolean fullReported;

    private NeighbourMonitor(NeighbourMacs macs, Announcer announcer, int index4, int index6, NeighbourEvents events,
                             RtNetlink tables) {
        this.macs = macs;
        this.announcer = announcer;
        this.index4 = index4;
        this.index6 = index6;
        this.events = events;
        this.tables = tables;
        this.fd = new FileDescriptor(events.fd());
    }

    /**
     * Subscribes and opens the socket for table reads, both in the calling thread's network namespace (the
     * host's); then, on the loop, reads both tables and starts listening. Returns null, after a warning, if
     * netlink refuses; null without one when there is no template interface (local mode).
     */
    public static NeighbourMonitor start(Configuration c, NeighbourMacs macs, Announcer announcer, IoEventLoop loop) {
        int index4 = c.ip4.enabled ? c.ip4.templateIndex : 0;
        int index6 = c.ip6.enabled ? c.ip6.templateIndex : 0;
        if (index4 <= 0 && index6 <= 0) {
            return null;
        }
        NeighbourEvents events;
        RtNetlink tables;
        try {
            events = new NeighbourEvents();
        } catch (SysException e) {
            Log.warn("Failed to create neighbour notifier socket: " + e.getMessage());
            return null;
        }
        try {
            tables = new RtNetlink();
        } catch (SysException e) {
            events.close();
            Log.warn("Failed to create neighbour table socket: " + e.getMessage());
            return null;
        }
        NeighbourMonitor monitor = new NeighbourMonitor(macs, announcer, index4, index6, events, tables);
        loop.execute(() -> {
            monitor.readTables(false);
            loop.register(monitor).addListener(done -> {
                if (done.isSuccess()) {
                    ((IoRegistration) done.getNow()).submit(EpollIoOps.EPOLLIN);
                } else {
                    Log.warn("Neighbour notifier not on the event loop: " + done.cause());
                }
            });
        });
        return monitor;
    }

    /**
     * Reads both tables; with {@code resync}, also forgets what they no longer list (only if both reads
     * succeeded: a failed read lists nothing, and must not empty the table).
     */
    private void readTables(boolean resync) {
        if (resync) {
            macs.beginResync();
        }
        try {
            if (index4 > 0) {
                tables.neighbours(LibC.AF_INET).forEach(this::take);
            }
            if (index6 > 0) {
                tables.neighbours(LibC.AF_INET6).forEach(this::take);
            }
        } catch (SysException e) {
            Log.warn("netlink: RTM_GETNEIGH failed: " + e.getMessage());
            return;
        }
        if (resync) {
            int gone = macs.endResync();
            if (gone > 0) {
                Log.debug("Neighbour table re-read after lost notifications: " + gone + " entries gone");
            }
        }
    }

    /** One entry from the kernel: learn, forget or ignore it. */
    void take(Neighbour n) {
        int index = n.family() == LibC.AF_INET ? index4 : n.family() == LibC.AF_INET6 ? index6 : 0;
        if (index <= 0 || n.ifindex() != index || n.type() != Neighbour.RTN_UNICAST) {
            return;
        }
        long mac = -1;
        if (!n.deleted() && n.isValid()) {
            byte[] lladdr = n.linkAddress();
            if (lladdr == null || lladdr.length != 6) {
                return; // not Ethernet: nothing the guest could use
            }
            mac = MacAddress.read(ByteBuffer.wrap(lladdr), 0);
        }
        switch (macs.learn(n.address(), mac)) {
            case NEW_MAC -> {
                if (mac != macs.ourMac()) {
                    announcer.announce(n.address(), mac);
                }
            }
            case TABLE_FULL -> {
                if (!fullReported) {
                    fullReported = true;
                    Log.debug("Neighbour table full, further LAN neighbours are shown with our MAC");
                }
            }
            default -> { }
        }
    }

    @Override
    public void handle(IoRegistration registration, IoEvent event) {
        try {
            if (events.drain(this::take) == NeighbourEvents.Drained.OVERRUN) {
                readTables(true);
            }
        } catch (SysException e) {
            Log.warn("netlink notifier read error: " + e.getMessage());
        }
    }

    @Override
    public FileDescriptor fd() {
        return fd;
    }

    @Override
    public void close() {
        events.close();
        tables.close();
    }
}
