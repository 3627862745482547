package org.jpasta.fwd;

import java.util.BitSet;

/**
 * The ports of an {@code auto} rule that one scan has to visit.
 *
 * <h2>Theory of operation</h2>
 * An {@code auto} rule covers up to 64 511 ports, and the other side listens on a handful of them. A port's
 * state can only change if the scan found its target bound (a listener may have to open) or if a listener is
 * open for it (it may have to close); every other port stays closed without being looked at. So a scan
 * visits the union of those two sets: {@link #collectByTarget} maps the scan's bound targets back to the
 * rule's ports ({@code -t}/{@code -u auto}), {@link #collectByPort} takes them as they are ({@code -T}/{@code -U
 * auto}, which listen on the port the host uses, as pasta's {@code fwd_sync_one()} does); both add the open
 * ports, and {@link #next} walks the result. Walking the whole range instead cost
 * about 45 ms of interpreted start-up before "ready" with pasta's default {@code auto} rules, and a pass over
 * 37 000 ports per rule every second after. One instance per scanning owner, reused: nothing is allocated.
 */
public final class AutoScanPorts {
    private final BitSet visit = new BitSet(65536);
    private int lastPort;

    /**
     * Collects the ports of {@code rule} to visit, where the scan numbers ports as the rule's targets.
     *
     * @param boundTargets ports found bound on the target side, numbered as targets ({@link
     *                     ForwardRule#targetPortFor})
     * @param open         ports with a listener open, numbered as the rule's ports; ports outside the rule are
     *                     ignored, so one set may serve several rules
     */
    public void collectByTarget(ForwardRule rule, BitSet boundTargets, BitSet open) {
        start(rule);
        for (int target = boundTargets.nextSetBit(0); target >= 0; target = boundTargets.nextSetBit(target + 1)) {
            int port = (rule.firstPort() + target - rule.targetFirstPort()) & 0xffff;
            if (rule.covers(port)) {
                visit.set(port);
            }
        }
        addRange(rule, open);
    }

    /** As {@link #collectByTarget}, where the scan numbers ports as the rule's own ports. */
    public void collectByPort(ForwardRule rule, BitSet boundPorts, BitSet open) {
        start(rule);
        addRange(rule, boundPorts);
        addRange(rule, open);
    }

    private void start(ForwardRule rule) {
        visit.clear();
        lastPort = rule.lastPort();
    }

    private void addRange(ForwardRule rule, BitSet ports) {
        for (int port = ports.nextSetBit(rule.firstPort()); port >= 0 && port <= rule.lastPort();
                port = ports.nextSetBit(port + 1)) {
            visit.set(port);
        }
    }

    /** The first collected port at or after {@code from}, or -1 when there is none. */
    public int next(int from) {
        int port = visit.nextSetBit(from);
        return port > lastPort ? -1 : port;
    }
}
