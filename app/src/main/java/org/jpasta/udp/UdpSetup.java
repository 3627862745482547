package org.jpasta.udp;

import io.netty.channel.IoEventLoop;
import org.jpasta.config.Configuration;
import org.jpasta.flow.AddressMapping;
import org.jpasta.ns.NamespaceThread;
import org.jpasta.tcp.ListeningPortScan;
import org.jpasta.splice.SplicedDatagrams;
import org.jpasta.sys.SysException;
import org.jpasta.tap.DropCounters;
import org.jpasta.tap.TapOutput;
import org.jpasta.tap.TransportHandler;

/**
 * Composition of the UDP side for {@link org.jpasta.Pasta}: the forwarder with its local services (DHCP,
 * DHCPv6) and the {@code -u} listeners, following pasta's switches: {@code --no-udp} disables flows and
 * listeners but not DHCP/DHCPv6, which pasta answers regardless; {@code --no-dhcp} / {@code --no-dhcpv6}
 * and a missing address or gateway turn the services off. Loopback senders on {@code -u} ports are handed to
 * the spliced datagram path unless {@code --no-splice}. {@code -u auto} needs the namespace's socket tables,
 * opened on the namespace thread {@code ns}.
 */
public final class UdpSetup {
    private UdpSetup() {}

    /** What {@link #start} built: the handler for {@code FrameDispatcher.setUdp}, and the {@code -u} sockets. */
    public record Started(TransportHandler handler, UdpListeners listeners) {}

    /** Builds and starts UDP handling; {@code listeners} is null with {@code --no-udp}. */
    public static Started start(Configuration c, AddressMapping mapping, IoEventLoop loop, TapOutput out,
                                         DropCounters drops, SplicedDatagrams splice, NamespaceThread ns,
                                         ListeningPortScan tcpScan) throws SysException {
        LocalUdpService dhcp = LocalServices.dhcp(c, out, drops);
        LocalUdpService dhcpv6 = LocalServices.dhcpv6(c, out, drops);
        UdpForwarder forwarder = new UdpForwarder(mapping, loop, out, drops, UdpTimeouts.fromSysctls(), dhcp, dhcpv6,
                UdpForwarder.MAX_FLOWS, !c.noUdp);
        if (c.noUdp) {
            return new Started(forwarder, null);
        }
        UdpListeners listeners = new UdpListeners(forwarder, loop, c.ip4.enabled, c.ip6.enabled);
        listeners.setFreebind(c.freebind);
        listeners.spliceLoopback(c.noSplice ? null : splice);
        openAndScan(c, listeners, ns, tcpScan);
        return new Started(forwarder, listeners);
    }

    /**
     * {@code --splice-only}: no tap, so no forwarder and no DHCP; the {@code -u} sockets forward what comes from
     * the host's loopback through {@code splice} (null with {@code --no-udp}) and drop the rest.
     */
    public static UdpListeners startSpliceOnly(Configuration c, IoEventLoop loop, SplicedDatagrams splice,
                                               NamespaceThread ns, ListeningPortScan tcpScan) throws SysException {
        if (c.noUdp) {
            return null;
        }
        UdpListeners listeners = new UdpListeners(null, loop, c.ip4.enabled, c.ip6.enabled);
        listeners.setFreebind(c.freebind);
        listeners.spliceLoopback(splice);
        openAndScan(c, listeners, ns, tcpScan);
        return listeners;
    }

    /** Binds the fixed ports; scans for {@code auto} ones, or for any rule a configuration socket may add. */
    private static void openAndScan(Configuration c, UdpListeners listeners, NamespaceThread ns,
                                    ListeningPortScan tcpScan) throws SysException {
        listeners.open(c.forwardRules);
        if (listeners.hasScanRules() || c.controlPath != null) {
            listeners.startScan(ns.run(() -> UdpPortScan.open(tcpScan)));
        }
    }
}
