package org.jpasta.splice;

import java.io.FileInputStream;
import java.io.IOException;
import java.util.BitSet;
import java.util.function.LongPredicate;

/**
 * Bound ports from a {@code /proc/net/tcp}-style table ({@code tcp}, {@code tcp6}, {@code udp}, {@code udp6}).
 *
 * <h2>Theory of operation</h2>
 * pasta's {@code auto} reads these tables every second and keeps the local ports of sockets in one state:
 * {@code 0A} (LISTEN) for TCP, {@code 07} (CLOSE, i.e. bound but not connected) for UDP. A line is
 * {@code "sl: LOCAL_ADDR:PORT REM_ADDR:PORT ST TX:RX TR:WHEN RETR UID TIMEOUT INODE ..."}, all hexadecimal
 * except the last decimal fields; the parser walks the bytes once. The file is read whole with one
 * {@code readAllBytes} ({@code Files.readString} truncates procfs files on this JDK). Sockets whose inode the
 * caller recognises as its own are skipped, so that pasta never forwards its own listeners back (a loop).
 */
final class ProcNetTable {
    static final int TCP_LISTEN = 0x0A, UDP_BOUND = 0x07;
    private static final int FIELD_LOCAL = 1, FIELD_STATE = 3, FIELD_INODE = 9;

    private ProcNetTable() {}

    /** Adds to {@code ports} the local port of every socket in {@code state} not {@code ours}. */
    static void boundPorts(String path, int state, LongPredicate ours, BitSet ports) {
        byte[] text;
        try (FileInputStream in = new FileInputStream(path)) {
            text = in.readAllBytes();
        } catch (IOException e) {
            return; // no such table (IPv6 disabled): nothing bound there
        }
        parse(text, state, ours, ports);
    }

    static void parse(byte[] text, int state, LongPredicate ours, BitSet ports) {
        int lineStart = indexAfter(text, 0, (byte) '\n'); // skip the header
        while (lineStart < text.length) {
            int lineEnd = indexAfter(text, lineStart, (byte) '\n');
            parseLine(text, lineStart, lineEnd, state, ours, ports);
            lineStart = lineEnd;
        }
    }

    private static void parseLine(byte[] t, int from, int to, int state, LongPredicate ours, BitSet ports) {
        int port = -1, lineState = -1;
        long inode = -1;
        int field = 0, i = from;
        while (i < to) {
            while (i < to && isSpace(t[i])) {
                i++;
            }
            int start = i;
            while (i < to && !isSpace(t[i])) {
                i++;
            }
            if (start == i) {
                break;
            }
            if (field == FIELD_LOCAL) {
                int colon = start;
                while (colon < i && t[colon] != ':') {
                    colon++;
                }
                port = (int) number(t, colon + 1, i, 16);
            } else if (field == FIELD_STATE) {
                lineState = (int) number(t, start, i, 16);
            } else if (field == FIELD_INODE) {
                inode = number(t, start, i, 10);
                break;
            }
            field++;
        }
        if (lineState == state && port > 0 && inode >= 0 && !ours.test(inode)) {
            ports.set(port);
        }
    }

    private static long number(byte[] t, int from, int to, int radix) {
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = Character.digit(t[i], radix);
            if (d < 0) {
                return -1;
            }
            v = v * radix + d;
        }
        return v;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n';
    }

    private static int indexAfter(byte[] t, int from, byte b) {
        for (int i = from; i < t.length; i++) {
            if (t[i] == b) {
                return i + 1;
            }
        }
        return t.length;
    }
}
