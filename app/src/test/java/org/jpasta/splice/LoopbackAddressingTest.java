package org.jpasta.splice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;

import org.jpasta.sys.SocketAddresses;
import org.junit.jupiter.api.Test;

/** The splice condition (loopback peer) and the datagram flow key. */
class LoopbackAddressingTest {
    private static byte[] sa(String address, int port) throws Exception {
        return SocketAddresses.of(InetAddress.getByName(address), port);
    }

    @Test
    void onlyLoopbackPeersAreSpliced() throws Exception {
        assertTrue(SpliceForwarder.isLoopbackPeer(sa("127.0.0.1", 1)));
        assertTrue(SpliceForwarder.isLoopbackPeer(sa("127.1.2.3", 1)));
        assertTrue(SpliceForwarder.isLoopbackPeer(sa("::1", 1)));
        assertTrue(SpliceForwarder.isLoopbackPeer(SocketAddresses.ipv6(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                (byte) 0xff, (byte) 0xff, 127, 0, 0, 1}, 1, 0)));
        assertFalse(SpliceForwarder.isLoopbackPeer(SocketAddresses.ipv6(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                (byte) 0xff, (byte) 0xff, 10, 0, 0, 1}, 1, 0)));
        assertFalse(SpliceForwarder.isLoopbackPeer(sa("10.0.0.1", 1)));
        assertFalse(SpliceForwarder.isLoopbackPeer(sa("::2", 1)));
        assertFalse(SpliceForwarder.isLoopbackPeer(sa("2001:db8::1", 1)));
    }

    @Test
    void datagramFlowKeysSeparateListenersAddressesAndPorts() throws Exception {
        long key = SplicedDatagrams.key(7, sa("127.0.0.1", 40000));
        assertEquals(key, SplicedDatagrams.key(7, sa("127.0.0.1", 40000)));
        assertNotEquals(key, SplicedDatagrams.key(8, sa("127.0.0.1", 40000)));
        assertNotEquals(key, SplicedDatagrams.key(7, sa("127.0.0.2", 40000)));
        assertNotEquals(key, SplicedDatagrams.key(7, sa("127.0.0.1", 40001)));
    }

    @Test
    void connectionTableIsBounded() {
        ConnectionTable table = new ConnectionTable(null, 2);
        int a = table.reserveSlot(), b = table.reserveSlot();
        assertNotEquals(a, b);
        assertEquals(-1, table.reserveSlot());
        table.unreserve(a);
        assertEquals(a, table.reserveSlot());
    }
}
