package org.jpasta.udp;

import org.jpasta.fwd.OwnSockets;
import org.jpasta.fwd.SocketTable;
import org.jpasta.tcp.ListeningPortScan;

import java.util.BitSet;



/**
 * Which ports {@code -u auto} forwards: those with a bound UDP socket in the namespace, plus those with a
 * listening TCP socket (pasta's {@code fwd_scan_ports_udp()}: protocols such as iperf3 set up a UDP transfer
 * on the number of their TCP control port).
 *
 * <h2>Theory of operation</h2>
 * A procfs net file shows the network namespace of the thread that opened it, so {@link #open} must run on
 * the namespace thread: it opens {@code /proc/thread-self/net/udp} and {@code udp6} as a {@link SocketTable},
 * and a {@link ListeningPortScan} for the TCP files; {@link #refresh} re-reads them on the event loop. A UDP
 * socket that is bound but not connected shows state {@code 07} ({@code TCP_CLOSE}), which is what pasta calls
 * {@code UDP_LISTEN}; connected ones ({@code 01}) are the namespace's own outgoing flows and are not forwarded.
 * Our own {@code -U} sockets in the namespace are not counted ({@link OwnSockets}), or they would loop back.
 */
public final class UdpPortScan implements AutoCloseable {
    private final SocketTable udp;
    private final ListeningPortScan tcp;
    private final OwnSockets own = new OwnSockets();
    private final BitSet bound = new BitSet(65536);
    private final BitSet next = new BitSet(65536);

    UdpPortScan(SocketTable udp, ListeningPortScan tcp) {
        this.udp = udp;
        this.tcp = tcp;
    }

    /**
     * Opens the namespace's UDP socket tables; call on a thread that is in the namespace. {@code tcp} is the
     * scan {@code -t auto} uses (shared, so the TCP tables are read once per second), or null to open one.
     */
    public static UdpPortScan open(ListeningPortScan tcp) {
        return new UdpPortScan(SocketTable.open("/proc/thread-self/net/udp", "/proc/thread-self/net/udp6"),
                tcp != null ? tcp : ListeningPortScan.open());
    }

    /** Re-reads the tables; false (keeping the previous result) if no UDP table could be read. */
    public boolean refresh() {
        next.clear();
        own.startScan();
        boolean any = udp.scan(SocketTable.UDP_BOUND, own::isOurs, next);
        own.finishScan();
        if (!any) {
            return false;
        }
        boolean tcpRead = tcp != null && tcp.refresh();
        bound.clear();
        bound.or(next);
        if (tcpRead) {
            bound.or(tcp.listening());
        }
        return true;
    }

    /** Whether the last scan found {@code port} bound (UDP) or listening (TCP) in the namespace. */
    public boolean isBound(int port) {
        return bound.get(port);
    }

    /** The ports {@link #isBound} says yes to, as a set to walk; read it, never change it. */
    public BitSet bound() {
        return bound;
    }

    @Override
    public void close() {
        udp.close();
        if (tcp != null) {
            tcp.close();
        }
    }
}
