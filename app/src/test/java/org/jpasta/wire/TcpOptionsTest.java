package org.jpasta.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class TcpOptionsTest {
    private final TcpOptions options = new TcpOptions();

    private void parse(String hex) {
        options.parse(Frames.direct(hex), Frames.OFFSET, hex.length() / 2);
    }

    private String emitted() {
        ByteBuffer out = Frames.output(40);
        int length = options.emit(out, 0);
        assertEquals(options.encodedLength(), length);
        assertEquals(0, length % 4);
        return Frames.hex(out, 0, length);
    }

    @Test
    void parsesNothingFromAnEmptyArea() {
        parse("");
        assertEquals(TcpOptions.ABSENT, options.mss());
        assertEquals(TcpOptions.ABSENT, options.windowScale());
        assertFalse(options.sackPermitted());
        assertFalse(options.hasTimestamps());
    }

    @Test
    void parsingReplacesEarlierResults() {
        parse("020405b4");
        assertEquals(1460, options.mss());
        parse("01010101");
        assertEquals(TcpOptions.ABSENT, options.mss());
    }

    @Test
    void stopsAtEndOfList() {
        parse("00" + "020405b4");
        assertEquals(TcpOptions.ABSENT, options.mss());
    }

    @Test
    void skipsSackBlocksAndUnknownOptions() {
        parse("0101050a0000000100000002" + "fe0400ff" + "020405b4");
        assertEquals(1460, options.mss());
    }

    @Test
    void keepsWhatCameBeforeALengthBelowTwo() {
        parse("020405b4" + "0300" + "0402");
        assertEquals(1460, options.mss());
        assertFalse(options.sackPermitted());
        parse("020405b4" + "0301" + "0402");
        assertEquals(1460, options.mss());
        assertFalse(options.sackPermitted());
    }

    @Test
    void keepsWhatCameBeforeAnOptionRunningOffTheEnd() {
        parse("0402" + "080a00000001");
        assertTrue(options.sackPermitted());
        assertFalse(options.hasTimestamps());
        parse("0402" + "03");
        assertTrue(options.sackPermitted());
    }

    @Test
    void ignoresKnownOptionsOfTheWrongSize() {
        parse("0203ff" + "02050000ff" + "030400ff" + "0403ff" + "080b" + "00".repeat(9) + "030307");
        assertEquals(TcpOptions.ABSENT, options.mss());
        assertFalse(options.sackPermitted());
        assertFalse(options.hasTimestamps());
        assertEquals(7, options.windowScale());
    }

    @Test
    void survivesEveryTruncationOfALinuxSyn() {
        String syn = "020405b40402080a0001e2400000000001030307";
        for (int length = 0; length <= 20; length++) {
            parse(syn.substring(0, length * 2));
            assertEquals(length >= 4 ? 1460 : TcpOptions.ABSENT, options.mss(), "length " + length);
            assertEquals(length >= 6, options.sackPermitted());
            assertEquals(length >= 16, options.hasTimestamps());
            assertEquals(length == 20 ? 7 : TcpOptions.ABSENT, options.windowScale());
        }
    }

    @Test
    void survivesRandomGarbage() {
        java.util.Random random = new java.util.Random(793);
        for (int round = 0; round < 2000; round++) {
            byte[] garbage = new byte[random.nextInt(41)];
            random.nextBytes(garbage);
            options.parse(Frames.direct(garbage), Frames.OFFSET, garbage.length);
        }
    }

    @Test
    void emitsLinuxLayouts() {
        options.clear();
        assertEquals("", emitted());
        options.setMss(1460).setWindowScale(7);
        assertEquals("020405b4" + "01030307", emitted());
        options.setSackPermitted(true);
        assertEquals("020405b4" + "01010402" + "01030307", emitted());
        options.setTimestamps(1, 2);
        assertEquals("020405b4" + "0402080a0000000100000002" + "01030307", emitted());
        options.setSackPermitted(false);
        assertEquals("020405b4" + "0101080a0000000100000002" + "01030307", emitted());
        options.clearTimestamps().setMss(TcpOptions.ABSENT).setWindowScale(TcpOptions.ABSENT);
        assertEquals("", emitted());
    }

    @Test
    void emitThenParse() {
        options.clear();
        options.setMss(9000).setSackPermitted(true).setTimestamps(0xdeadbeef, 0x01020304).setWindowScale(14);
        String wire = emitted();
        TcpOptions parsed = new TcpOptions();
        parsed.parse(Frames.direct(wire), Frames.OFFSET, wire.length() / 2);
        assertEquals(9000, parsed.mss());
        assertTrue(parsed.sackPermitted());
        assertEquals(0xdeadbeef, parsed.timestampValue());
        assertEquals(0x01020304, parsed.timestampEcho());
        assertEquals(14, parsed.windowScale());
    }
}
