package org.jpasta.tcp;

/**
 * Counters of the TCP data path, for debug logs and tests: how often the slow paths ran.
 *
 * <p>Theory of operation: plain fields written only on the event loop; a counter increment is the whole cost
 * of observability on the data path.
 */
final class TcpStats {
    long connectionsOpened, connectionsAccepted, connectFailures, refusedNoSlot, refusedNoSocket;
    long fastRetransmits, timeoutRetransmits, outOfOrder, sendBufferFull, resetsToUnknown;

    @Override
    public String toString() {
        return "opened=" + connectionsOpened + " accepted=" + connectionsAccepted + " connectFailures="
                + connectFailures + " refusedNoSlot=" + refusedNoSlot + " refusedNoSocket=" + refusedNoSocket
                + " fastRetransmits=" + fastRetransmits + " timeoutRetransmits=" + timeoutRetransmits
                + " outOfOrder=" + outOfOrder + " sendBufferFull=" + sendBufferFull + " resetsToUnknown="
                + resetsToUnknown;
    }
}
