package org.jpasta.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ToGuestSequenceTest {
    private static final int ISN = 0xfffff000; // close to the wrap, so every test crosses it

    private ToGuestSequence started(int window) {
        ToGuestSequence s = new ToGuestSequence();
        s.start(ISN);
        s.window = window;
        return s;
    }

    @Test
    void roomIsTheWindowLessWhatIsInFlight() {
        ToGuestSequence s = started(10_000);
        s.sent(6000);
        assertEquals(6000, s.inFlight());
        assertEquals(4000, s.room());
        s.sent(5000);
        assertEquals(0, s.room(), "never negative when the guest shrank its window");
    }

    @Test
    void advancingAckReportsTheBytesToDropAcrossTheWrap() {
        ToGuestSequence s = started(65536);
        s.sent(8192);
        assertEquals(ToGuestSequence.ACK_ADVANCED, s.onAck(ISN + 5000, 65536, true));
        assertEquals(5000, s.bytesAcked());
        assertEquals(3192, s.inFlight());
        assertTrue(Seq.after(s.acked, ISN), "acked moved past the wrap point");
    }

    @Test
    void ackBeyondWhatWasSentIsIgnored() {
        ToGuestSequence s = started(65536);
        s.sent(100);
        assertEquals(ToGuestSequence.ACK_IGNORED, s.onAck(ISN + 101, 65536, true));
        assertEquals(ISN, s.acked);
    }

    @Test
    void oldAckIsIgnored() {
        ToGuestSequence s = started(65536);
        s.sent(200);
        s.onAck(ISN + 150, 65536, true);
        assertEquals(ToGuestSequence.ACK_IGNORED, s.onAck(ISN + 100, 65536, true));
        assertEquals(ISN + 150, s.acked);
    }

    @Test
    void duplicateAckRewindsOncePerAckValue() {
        ToGuestSequence s = started(65536);
        s.sent(3000);
        s.onAck(ISN + 1000, 65536, true);
        assertEquals(ToGuestSequence.ACK_DUPLICATE, s.onAck(ISN + 1000, 65536, true));
        s.rewind();
        assertEquals(0, s.inFlight());
        s.sent(2000);
        assertEquals(ToGuestSequence.ACK_WINDOW_ONLY, s.onAck(ISN + 1000, 65536, true),
                "further duplicates of the same ACK don't rewind again");
        assertEquals(ToGuestSequence.ACK_ADVANCED, s.onAck(ISN + 2000, 65536, true));
        assertEquals(ToGuestSequence.ACK_DUPLICATE, s.onAck(ISN + 2000, 65536, true));
    }

    @Test
    void windowChangeOrDataIsNotADuplicate() {
        ToGuestSequence s = started(65536);
        s.sent(3000);
        assertEquals(ToGuestSequence.ACK_WINDOW_ONLY, s.onAck(ISN, 32768, true), "window changed");
        assertEquals(32768, s.window);
        assertEquals(ToGuestSequence.ACK_WINDOW_ONLY, s.onAck(ISN, 32768, false), "carries data");
    }

    @Test
    void nothingInFlightIsNeverADuplicate() {
        ToGuestSequence s = started(65536);
        assertEquals(ToGuestSequence.ACK_WINDOW_ONLY, s.onAck(ISN, 65536, true));
    }

    @Test
    void finTakesOneSequenceNumberAndIsNotCountedAsData() {
        ToGuestSequence s = started(65536);
        s.sent(100);
        s.sentFin();
        assertEquals(101, s.inFlight());
        assertEquals(ToGuestSequence.ACK_ADVANCED, s.onAck(ISN + 101, 65536, true));
        assertEquals(100, s.bytesAcked());
        assertTrue(s.finAcked());
    }

    @Test
    void ackOfDataBeforeFinLeavesFinUnacked() {
        ToGuestSequence s = started(65536);
        s.sent(100);
        s.sentFin();
        s.onAck(ISN + 100, 65536, true);
        assertEquals(100, s.bytesAcked());
        assertFalse(s.finAcked());
        s.rewind();
        assertFalse(s.finSent, "an unacknowledged FIN is sent again after a rewind");
        assertEquals(0, s.inFlight());
    }
}
