package org.jpasta.daemon;

import org.jpasta.log.Log;
import org.jpasta.sys.LibC;

import java.nio.charset.StandardCharsets;

/** Tells the launcher we are ready and gives the caller's stdio back; see the package documentation. */
public final class Readiness {
    private Readiness() {}

    /** The FIFO descriptor the launcher gave us, or -1 when started without one (foreground, tests). */
    public static int readyFd() {
        String v = System.getenv("JPASTA_READY_FD");
        if (v == null || v.isEmpty()) {
            return -1;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Signals readiness on the FIFO, then detaches from the caller's stdio. */
    public static void signalReadyAndDetach(int fd) {
        byte[] msg = "READY\n".getBytes(StandardCharsets.US_ASCII);
        LibC.write(fd, msg, msg.length);
        LibC.close(fd);
        detachStdio();
    }

    /** Points fds 0–2 at /dev/null and stops logging to stderr. */
    public static void detachStdio() {
        Log.detachStderr();
        System.out.flush();
        System.err.flush();
        int devnull = LibC.open("/dev/null", LibC.O_RDWR, 0);
        if (devnull < 0) {
            return;
        }
        for (int i = 0; i <= 2; i++) {
            LibC.dup2(devnull, i);
        }
        if (devnull > 2) {
            LibC.close(devnull);
        }
    }
}
