package org.jpasta.wire;

import java.nio.ByteBuffer;

/**
 * The TCP options pasta cares about: MSS, window scale, SACK-permitted and timestamps.
 *
 * <h2>Theory of operation</h2>
 * A reusable, mutable holder: {@link #parse} fills it from a segment, the setters fill it for
 * {@link #emit}. Parsing is tolerant in the way Linux's {@code tcp_parse_options} is, because
 * garbage in the options of an otherwise valid segment must not cost the segment: it stops at
 * end-of-list, at an option whose length is below 2 or runs past the header, and ignores known
 * options whose length is wrong; everything found before the garbage is kept. SACK blocks are
 * skipped (pasta never acts on them).
 *
 * <p>{@link #emit} lays options out as Linux does, so a SYN with only MSS and window scale is
 * exactly pasta's 8 octets (MSS, NOP, WS), and everything stays 32-bit aligned.
 */
public final class TcpOptions {
    public static final int KIND_END = 0;
    public static final int KIND_NOP = 1;
    public static final int KIND_MSS = 2;
    public static final int KIND_WINDOW_SCALE = 3;
    public static final int KIND_SACK_PERMITTED = 4;
    public static final int KIND_SACK = 5;
    public static final int KIND_TIMESTAMPS = 8;

    public static final int LENGTH_MSS = 4;
    public static final int LENGTH_WINDOW_SCALE = 3;
    public static final int LENGTH_SACK_PERMITTED = 2;
    public static final int LENGTH_TIMESTAMPS = 10;

    /** Marks an absent MSS or window scale. */
    public static final int ABSENT = -1;

    private int mss = ABSENT;
    private int windowScale = ABSENT;
    private boolean sackPermitted;
    private boolean timestamps;
    private int timestampValue;
    private int timestampEcho;

    /** Forgets all options. */
    public void clear() {
        mss = ABSENT;
        windowScale = ABSENT;
        sackPermitted = false;
        timestamps = false;
        timestampValue = 0;
        timestampEcho = 0;
    }

    /** Parses the options of a wrapped segment, replacing whatever this holder held. */
    public void parse(TcpSegment segment) {
        parse(segment.buffer(), segment.optionsOffset(), segment.optionsLength());
    }

    /** Parses {@code length} octets of options at {@code offset}; never fails. */
    public void parse(ByteBuffer buf, int offset, int length) {
        clear();
        int end = offset + length;
        int at = offset;
        while (at < end) {
            int kind = buf.get(at) & 0xff;
            if (kind == KIND_END) {
                return;
            }
            if (kind == KIND_NOP) {
                at++;
                continue;
            }
            if (end - at < 2) {
                return;
            }
            int size = buf.get(at + 1) & 0xff;
            if (size < 2 || size > end - at) {
                return;
            }
            read(buf, at, kind, size);
            at += size;
        }
    }

    /** Interprets one option whose kind and size are known to fit. */
    private void read(ByteBuffer buf, int at, int kind, int size) {
        switch (kind) {
            case KIND_MSS:
                if (size == LENGTH_MSS) {
                    mss = buf.getShort(at + 2) & 0xffff;
                }
                break;
            case KIND_WINDOW_SCALE:
                if (size == LENGTH_WINDOW_SCALE) {
                    windowScale = buf.get(at + 2) & 0xff;
                }
                break;
            case KIND_SACK_PERMITTED:
                if (size == LENGTH_SACK_PERMITTED) {
                    sackPermitted = true;
                }
                break;
            case KIND_TIMESTAMPS:
                if (size == LENGTH_TIMESTAMPS) {
                    timestamps = true;
                    timestampValue = buf.getInt(at + 2);
                    timestampEcho = buf.getInt(at + 6);
                }
                break;
            default:
                break;
        }
    }

    /** MSS in octets, or {@link #ABSENT}. */
    public int mss() {
        return mss;
    }

    /** Shift count as received (RFC 7323 caps its use at 14; the caller clamps), or {@link #ABSENT}. */
    public int windowScale() {
        return windowScale;
    }

    public boolean sackPermitted() {
        return sackPermitted;
    }

    public boolean hasTimestamps() {
        return timestamps;
    }

    public int timestampValue() {
        return timestampValue;
    }

    public int timestampEcho() {
        return timestampEcho;
    }

    public TcpOptions setMss(int mss) {
        this.mss = mss;
        return this;
    }

    public TcpOptions setWindowScale(int windowScale) {
        this.windowScale = windowScale;
        return this;
    }

    public TcpOptions setSackPermitted(boolean sackPermitted) {
        this.sackPermitted = sackPermitted;
        return this;
    }

    public TcpOptions setTimestamps(int value, int echo) {
        this.timestamps = true;
        this.timestampValue = value;
        this.timestampEcho = echo;
        return this;
    }

    public TcpOptions clearTimestamps() {
        this.timestamps = false;
        return this;
    }

    /** Octets {@link #emit} will write: always a multiple of four. */
    public int encodedLength() {
        int length = 0;
        if (mss != ABSENT) {
            length += LENGTH_MSS;
        }
        if (timestamps || sackPermitted) {
            length += timestamps ? 12 : 4;
        }
        if (windowScale != ABSENT) {
            length += 4;
        }
        return length;
    }

    /**
     * Writes the options at {@code offset}: MSS; then SACK-permitted and timestamps packed
     * together (NOPs fill in for whichever is missing); then NOP and window scale.
     *
     * @return the number of octets written, {@link #encodedLength()}
     */
    public int emit(ByteBuffer out, int offset) {
        int at = offset;
        if (mss != ABSENT) {
            out.put(at, (byte) KIND_MSS);
            out.put(at + 1, (byte) LENGTH_MSS);
            out.putShort(at + 2, (short) mss);
            at += LENGTH_MSS;
        }
        if (timestamps) {
            at = sackPermitted ? putSackPermitted(out, at) : putNops(out, at, 2);
            at = putTimestamps(out, at);
        } else if (sackPermitted) {
            at = putNops(out, at, 2);
            at = putSackPermitted(out, at);
        }
        if (windowScale != ABSENT) {
            at = putNops(out, at, 1);
            out.put(at, (byte) KIND_WINDOW_SCALE);
            out.put(at + 1, (byte) LENGTH_WINDOW_SCALE);
            out.put(at + 2, (byte) windowScale);
            at += LENGTH_WINDOW_SCALE;
        }
        return at - offset;
    }

    private static int putNops(ByteBuffer out, int at, int count) {
        for (int i = 0; i < count; i++) {
            out.put(at + i, (byte) KIND_NOP);
        }
        return at + count;
    }

    private static int putSackPermitted(ByteBuffer out, int at) {
        out.put(at, (byte) KIND_SACK_PERMITTED);
        out.put(at + 1, (byte) LENGTH_SACK_PERMITTED);
        return at + LENGTH_SACK_PERMITTED;
    }

    private int putTimestamps(ByteBuffer out, int at) {
        out.put(at, (byte) KIND_TIMESTAMPS);
        out.put(at + 1, (byte) LENGTH_TIMESTAMPS);
        out.putInt(at + 2, timestampValue);
        out.putInt(at + 6, timestampEcho);
        return at + LENGTH_TIMESTAMPS;
    }
}
