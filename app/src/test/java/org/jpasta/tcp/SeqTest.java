package org.jpasta.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SeqTest {
    @Test
    void comparisonsWrap() {
        assertTrue(Seq.after(5, 0xfffffff0));
        assertTrue(Seq.before(0xfffffff0, 5));
        assertTrue(Seq.atOrAfter(7, 7));
        assertFalse(Seq.after(7, 7));
        assertEquals(21, Seq.distance(0xfffffff0, 5));
        assertTrue(Seq.within(2, 0xfffffff0, 5));
        assertFalse(Seq.within(5, 0xfffffff0, 5));
    }
}
