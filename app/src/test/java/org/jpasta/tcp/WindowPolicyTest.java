package org.jpasta.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WindowPolicyTest {
    @Test
    void ourMssIsPageRoundedAboveAPageAsPasta() {
        assertEquals(61440, WindowPolicy.ourMss(65520, false));
        assertEquals(61440, WindowPolicy.ourMss(65520, true));
        assertEquals(1460, WindowPolicy.ourMss(1500, false));
        assertEquals(1440, WindowPolicy.ourMss(1500, true));
        assertEquals(8192, WindowPolicy.ourMss(9000, false));
    }

    @Test
    void mssToGuestDefaultsTo536AndFitsOneFrame() {
        assertEquals(536, WindowPolicy.mssToGuest(-1, false, 65521));
        assertEquals(1460, WindowPolicy.mssToGuest(1460, false, 65521));
        assertEquals(65521 - 40, WindowPolicy.mssToGuest(65535, false, 65521));
        assertEquals(65521 - 60, WindowPolicy.mssToGuest(65535, true, 65521));
    }

    @Test
    void guestWindowScaleIsCappedAt14AndAbsentMeansNone() {
        assertEquals(0, WindowPolicy.guestWindowScale(-1));
        assertEquals(7, WindowPolicy.guestWindowScale(7));
        assertEquals(14, WindowPolicy.guestWindowScale(15));
    }

    @Test
    void windowIsThreeQuartersOfTheFreeSendBuffer() {
        assertEquals(750_000, WindowPolicy.windowFromSendBuffer(2_000_000, 1_000_000));
        assertEquals(0, WindowPolicy.windowFromSendBuffer(1_000_000, 1_000_000));
        assertEquals(0, WindowPolicy.windowFromSendBuffer(1_000_000, 1_200_000), "over-committed buffer");
        assertEquals(WindowPolicy.MAX_WINDOW, WindowPolicy.windowFromSendBuffer(Integer.MAX_VALUE, 0));
    }

    @Test
    void encodingScalesAndSaturates() {
        assertEquals(256, WindowPolicy.encode(65536, 8));
        assertEquals(0xffff, WindowPolicy.encode(1 << 30, 8));
        assertEquals(14600, WindowPolicy.encode(14600, 0));
        assertEquals(0xffff, WindowPolicy.encode(100_000, 0), "SYN windows are not scaled");
        assertEquals(64 << 10, WindowPolicy.decode(64, 10));
    }
}
