package org.jpasta.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * How a run of datagrams is cut into segmented messages: the kernel splits a message into pieces of the first
 * datagram's size, so only equal sizes (and one shorter, non-empty last one) may share a message.
 */
class UdpSendBatchTest {
    private static final UdpFlow FLOW = new UdpFlow(null, false, 0, 1, 1000, 0, 2, 53, new byte[16], 0, true);

    private static UdpSendBatch batchOf(int... lengths) {
        UdpSendBatch batch = new UdpSendBatch(256);
        for (int length : lengths) {
            batch.add(FLOW, 0, length);
        }
        return batch;
    }

    @Test
    void equalSizesShareAMessageAndAShorterOneEndsIt() {
        UdpSendBatch batch = batchOf(1400, 1400, 1400, 100, 1400);
        assertEquals(4, batch.segmentsFrom(0, 5));
        assertEquals(1, batch.segmentsFrom(4, 5));
    }

    @Test
    void aLongerDatagramStartsANewMessage() {
        assertEquals(2, batchOf(1000, 1000, 2000).segmentsFrom(0, 3));
    }

    @Test
    void emptyDatagramsTravelAlone() {
        UdpSendBatch batch = batchOf(0, 0, 500, 0);
        assertEquals(1, batch.segmentsFrom(0, 4));
        assertEquals(1, batch.segmentsFrom(1, 4));
        assertEquals(1, batch.segmentsFrom(2, 4), "an empty last piece would be lost in the split");
    }

    @Test
    void messagesStayWithinTheLargestPayloadAndSegmentCount() {
        int[] big = new int[20];
        java.util.Arrays.fill(big, 8192);
        assertEquals(7, batchOf(big).segmentsFrom(0, 20), "8 x 8192 > 65507");
        int[] small = new int[200];
        java.util.Arrays.fill(small, 100);
        assertEquals(UdpSendBatch.MAX_SEGMENTS, batchOf(small).segmentsFrom(0, 200));
    }
}
