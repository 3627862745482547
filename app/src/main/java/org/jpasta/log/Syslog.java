package org.jpasta.log;

import org.jpasta.sys.LibC;

import java.nio.charset.StandardCharsets;

/**
 * Messages to the system log, as pasta sends them when there is no {@code -l} file: one datagram per
 * message, {@code "<PRI> pasta: text"} with facility LOG_DAEMON, to a datagram socket connected to
 * {@code /dev/log} (pasta's own {@code passt_vsyslog()}; no libc syslog, no heap). Once the daemon has
 * given its stderr back, this is the only place its warnings appear (Podman users find them in the
 * journal). Without a syslog socket nothing is sent, silently.
 */
final class Syslog {
    private static final int AF_UNIX = 1;
    private static final int LOG_DAEMON = 3 << 3;
    private static final String PATH = "/dev/log";

    private final int fd;
    private final String ident;

    private Syslog(int fd, String ident) {
        this.fd = fd;
        this.ident = ident;
    }

    /** Connects to /dev/log, or returns null if there is no system logger. */
    static Syslog open(String ident) {
        return open(ident, PATH);
    }

    /** Connects to the syslog socket at {@code socketPath}, or returns null. */
    static Syslog open(String ident, String socketPath) {
        int fd = LibC.socket(AF_UNIX, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            return null;
        }
        byte[] sa = new byte[110]; // struct sockaddr_un: sun_family, then sun_path[108]
        sa[0] = AF_UNIX;
        byte[] path = socketPath.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(path, 0, sa, 2, path.length);
        if (LibC.connect(fd, sa, 2 + path.length + 1) < 0) {
            LibC.close(fd);
            return null;
        }
        return new Syslog(fd, ident);
    }

    /** Sends one message at {@code level} (syslog severity: 3 error, 4 warning, 6 info, 7 debug). */
    void send(int level, String message) {
        byte[] b = ("<" + (LOG_DAEMON | level) + "> " + ident + ": " + message).getBytes(StandardCharsets.UTF_8);
        LibC.sendto(fd, b, b.length, LibC.MSG_DONTWAIT | LibC.MSG_NOSIGNAL, null, 0);
    }

    static int severity(Log.Level level) {
        return switch (level) {
            case ERROR -> 3;
            case WARN -> 4;
            case INFO -> 6;
            case DEBUG, TRACE -> 7;
        };
    }
}
