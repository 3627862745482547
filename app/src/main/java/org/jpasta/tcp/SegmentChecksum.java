package org.jpasta.tcp;

import io.netty.util.internal.PlatformDependent;
import org.jpasta.wire.InternetChecksum;

import java.nio.ByteOrder;

/**
 * The TCP checksum of a segment in native memory, fast in every JIT tier.
 *
 * <p>Theory of operation: the checksum of a 64 KiB segment is the largest per-frame cost on the host-to-guest
 * path. {@link InternetChecksum#sum} reads big-endian words through {@code ByteBuffer.getLong}, which the
 * optimising compiler handles well but the quick one does not. Here the words are read in native byte order
 * straight from the address (an intrinsic in every tier), and the one's-complement sum's byte-order
 * independence (RFC 1071 §2(B)) turns the result into network order with a single byte swap at the end. Four
 * independent accumulators keep the adds from waiting on each other.
 */
final class SegmentChecksum {
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    private static final long LOW_32 = 0xffffffffL;

    private SegmentChecksum() {
    }

    /** The value for the checksum field of {@code length} bytes at {@code address} (checksum field zeroed). */
    static int of(long address, int length, long pseudoHeaderSum) {
        long sum = nativeOrderSum(address, length);
        int folded = InternetChecksum.fold(sum);
        if (LITTLE_ENDIAN) {
            folded = Integer.reverseBytes(folded) >>> 16;
        }
        return InternetChecksum.finish(folded + pseudoHeaderSum);
    }

    private static long nativeOrderSum(long address, int length) {
        long a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        long p = address, end = address + length;
        for (; p + 32 <= end; p += 32) {
            long w0 = PlatformDependent.getLong(p), w1 = PlatformDependent.getLong(p + 8);
            long w2 = PlatformDependent.getLong(p + 16), w3 = PlatformDependent.getLong(p + 24);
            a0 += (w0 >>> 32) + (w0 & LOW_32);
            a1 += (w1 >>> 32) + (w1 & LOW_32);
            a2 += (w2 >>> 32) + (w2 & LOW_32);
            a3 += (w3 >>> 32) + (w3 & LOW_32);
        }
        for (; p + 8 <= end; p += 8) {
            long w = PlatformDependent.getLong(p);
            a0 += (w >>> 32) + (w & LOW_32);
        }
        long tail = 0;
        for (int shift = 0; p < end; p++, shift += 8) {
            tail |= (PlatformDependent.getByte(p) & 0xffL) << (LITTLE_ENDIAN ? shift : 56 - shift);
        }
        a0 += (tail >>> 32) + (tail & LOW_32);
        return (a0 & LOW_32) + (a0 >>> 32) + (a1 & LOW_32) + (a1 >>> 32) + (a2 & LOW_32) + (a2 >>> 32)
                + (a3 & LOW_32) + (a3 >>> 32);
    }
}
