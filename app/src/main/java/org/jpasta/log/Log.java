package org.jpasta.log;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Logging the way pasta logs.
 *
 * <h2>Theory of operation</h2>
 * pasta writes to stderr while it is attached to a terminal or a caller's pipe, and to a log file
 * ({@code -l}) whose first line is {@code pasta <version>: <exe> (<pid>)} and whose other lines start with
 * a {@code SSSS.mmmm:} timestamp relative to start; when the file would grow past {@code --log-size}, about
 * 30 % is cut from its beginning (at a line boundary) so it never grows without bound. With {@code -d} lines
 * on stderr carry the same timestamp. {@code -q} drops everything below warnings.
 * <p>
 * This is deliberately not log4j: its first initialisation costs 0.4–0.8 s (measured), more than the whole
 * start-up budget, and pasta's file format and cut-from-the-start rotation are not log4j's. Callers on hot
 * paths test {@link #debug} / {@link #trace} before building a message, so that no message is built (and
 * nothing allocated) unless it is printed.
 * <p>
 * State is static and set once at start-up; writes are synchronized because the namespace thread and the
 * event loop may both log (rarely, and never per packet unless tracing).
 */
public final class Log {
    private Log() {}

    public enum Level { ERROR, WARN, INFO, DEBUG, TRACE }

    /** Whether debug / trace messages are printed: test these before building a message. */
    public static volatile boolean debug, trace;
    private static volatile Level threshold = Level.INFO;
    private static volatile boolean toStderr = true;
    private static volatile boolean timestamps;
    private static final long START = System.nanoTime();
    private static PrintStream stderr = System.err;
    private static FileChannel file;
    private static Syslog syslog;
    private static long fileSize, fileLimit;
    private static final double CUT_RATIO = 0.30;

    /** Sets what is printed: {@code quiet} keeps warnings and errors only; {@code trace} implies debug. */
    public static void configure(boolean quiet, boolean debugOn, boolean traceOn) {
        trace = traceOn;
        debug = debugOn || traceOn;
        timestamps = debug;
        threshold = trace ? Level.TRACE : debug ? Level.DEBUG : quiet ? Level.WARN : Level.INFO;
    }

    /**
     * Connects to the system log, where messages go when there is no log file and no debugging (pasta's
     * rule: with {@code -d} it logs to stderr only).
     */
    public static synchronized void openSyslog(String ident) {
        if (file == null && !debug) {
            syslog = Syslog.open(ident);
        }
    }

    /** Opens (truncating) the log file and writes pasta's header line. */
    public static synchronized void openFile(Path path, long sizeLimit, String header) throws IOException {
        file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        fileLimit = sizeLimit;
        fileSize = 0;
        writeFile(header + "\n");
    }

    /** Stops writing to stderr: the daemon has given its stderr back to the caller. */
    public static void detachStderr() {
        toStderr = false;
    }

    public static void error(String msg) {
        log(Level.ERROR, msg);
    }

    public static void warn(String msg) {
        log(Level.WARN, msg);
    }

    public static void info(String msg) {
        log(Level.INFO, msg);
    }

    public static void debug(String msg) {
        log(Level.DEBUG, msg);
    }

    public static void trace(String msg) {
        log(Level.TRACE, msg);
    }

    /** Whether a message of this level would be printed anywhere. */
    public static boolean enabled(Level level) {
        return level.ordinal() <= threshold.ordinal();
    }

    private static void log(Level level, String msg) {
        if (!enabled(level)) {
            return;
        }
        String stamp = stamp();
        synchronized (Log.class) {
            if (toStderr) {
                stderr.println(timestamps ? stamp + msg : msg);
                stderr.flush();
            }
            if (file != null) {
                try {
                    writeFile(stamp + msg + "\n");
                } catch (IOException e) {
                    file = null; // a log file we can't write must not take the process down
                }
            } else if (syslog != null) {
                syslog.send(Syslog.severity(level), msg);
            }
        }
    }

    private static String stamp() {
        long us = (System.nanoTime() - START) / 1000;
        long s = us / 1_000_000;
        long frac = (us % 1_000_000) / 100;
        // not String.format: its first use loads the Formatter and regex machinery, ~50 ms of start-up
        StringBuilder b = new StringBuilder(16).append(s).append('.');
        for (long d = 1000; d > frac && d > 1; d /= 10) {
            b.append('0');
        }
        return b.append(frac).append(": ").toString();
    }

    private static void writeFile(String line) throws IOException {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        if (fileLimit > 0 && fileSize + b.length > fileLimit) {
            cutFile();
        }
        file.write(ByteBuffer.wrap(b));
        fileSize += b.length;
    }

    /** Drops about 30 % of the file from its start, keeping the header line and whole lines. */
    private static void cutFile() throws IOException {
        int size = (int) file.size();
        ByteBuffer all = ByteBuffer.allocate(size);
        file.read(all, 0);
        byte[] data = all.array();
        int headerEnd = indexOf(data, 0) + 1;
        int cut = Math.max(headerEnd, (int) (size * CUT_RATIO));
        int from = indexOf(data, cut) + 1;
        if (from <= 0 || from >= size) {
            from = size;
        }
        file.truncate(0);
        file.write(ByteBuffer.wrap(data, 0, headerEnd), 0);
        file.write(ByteBuffer.wrap(data, from, size - from), headerEnd);
        fileSize = headerEnd + (size - from);
        file.position(fileSize);
    }

    private static int indexOf(byte[] data, int from) {
        for (int i = from; i < data.length; i++) {
            if (data[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Test hook: where stderr output goes. */
    static void redirectStderr(PrintStream ps) {
        stderr = ps;
    }

    /** For closing at exit: makes sure what was written is on disk. */
    public static synchronized void close() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException ignored) {
                // nothing left to tell anyone
            }
            file = null;
        }
    }
}
