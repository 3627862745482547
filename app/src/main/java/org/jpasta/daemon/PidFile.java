package org.jpasta.daemon;

import org.jpasta.sys.LibC;
import org.jpasta.sys.SysException;

import java.nio.charset.StandardCharsets;

/**
 * {@code -P/--pid FILE}: opened (created, truncated, mode 0600) early, like pasta's
 * {@code conf_open_files()}, so an unusable path fails before any set-up; the PID is written only when
 * ready, so "non-empty" means ready.
 */
public final class PidFile {
    private final int fd;

    private PidFile(int fd) {
        this.fd = fd;
    }

    public static PidFile open(String path) throws SysException {
        int fd = LibC.open(path, LibC.O_WRONLY | LibC.O_CREAT | LibC.O_TRUNC | LibC.O_CLOEXEC, 0600);
        if (fd < 0) {
            throw new SysException("Couldn't open PID file " + path, LibC.errno());
        }
        return new PidFile(fd);
    }

    public void write(int pid) throws SysException {
        byte[] b = (pid + "\n").getBytes(StandardCharsets.US_ASCII);
        LibC.check(LibC.write(fd, b, b.length), "write PID file");
        LibC.close(fd);
    }
}
