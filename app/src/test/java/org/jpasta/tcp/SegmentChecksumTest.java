package org.jpasta.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.util.internal.PlatformDependent;
import java.nio.ByteBuffer;
import java.util.Random;

import org.jpasta.wire.InternetChecksum;
import org.junit.jupiter.api.Test;

class SegmentChecksumTest {
    @Test
    void matchesTheReferenceChecksumForEveryLengthAndAlignment() {
        ByteBuffer buf = ByteBuffer.allocateDirect(70_000);
        Random r = new Random(7);
        for (int i = 0; i < buf.capacity(); i++) {
            buf.put(i, (byte) r.nextInt());
        }
        long base = PlatformDependent.directBufferAddress(buf);
        long pseudo = InternetChecksum.ipv4PseudoHeader(0xc0000201, 0xc0000202, 6, 1234);
        for (int length : new int[] {0, 1, 2, 3, 7, 8, 9, 31, 32, 33, 63, 1460, 1461, 61440, 65481}) {
            for (int offset : new int[] {0, 1, 3, 14}) {
                int expected = InternetChecksum.finish(InternetChecksum.sum(buf, offset, length, pseudo));
                assertEquals(expected, SegmentChecksum.of(base + offset, length, pseudo),
                        "length " + length + " offset " + offset);
            }
        }
    }
}
