package org.jpasta.splice;

import org.jpasta.log.Log;
import org.jpasta.sys.LibC;

/**
 * Creates the pipes spliced connections move bytes through, as large as the system allows.
 *
 * <h2>Theory of operation</h2>
 * The pipe is the window of one splice round: a bigger pipe means fewer system calls per byte. pasta asks for
 * up to 8 MiB; an unprivileged process may not go beyond {@code /proc/sys/fs/pipe-max-size} (1 MiB by
 * default), so {@link #probe} halves from 8 MiB once at start-up until {@code F_SETPIPE_SZ} accepts the size.
 * Each new pipe is then asked for that size; if the kernel refuses (a per-user limit), the pipe keeps what it
 * has and its real capacity ({@code F_GETPIPE_SZ}) is what the connection uses. Pipes are created on demand on
 * the event loop (pipe creation needs no namespace) and closed with their connection, as pasta does.
 */
final class SplicePipes {
    static final int MAX_PIPE_SIZE = 8 << 20;
    private final int size;
    private final int[] scratch = new int[2];

    private SplicePipes(int size) {
        this.size = size;
    }

    /** Finds the largest usable pipe size not above {@code MAX_PIPE_SIZE}. */
    static SplicePipes probe() {
        int[] fds = new int[2];
        if (LibC.pipe2(fds, LibC.O_CLOEXEC) < 0) {
            return new SplicePipes(1 << 16);
        }
        int size = MAX_PIPE_SIZE;
        while (size > 1 << 16 && LibC.fcntl(fds[0], LibC.F_SETPIPE_SZ, size) < 0) {
            size >>= 1;
        }
        LibC.close(fds[0]);
        LibC.close(fds[1]);
        Log.debug("splice: pipe size " + size);
        return new SplicePipes(size);
    }

    int size() {
        return size;
    }

    /**
     * Opens a non-blocking pipe into {@code into} ({@code [read end, write end]}) and returns its capacity in
     * bytes, or -1 if no pipe could be created.
     */
    int open(int[] into) {
        if (LibC.pipe2(scratch, LibC.O_NONBLOCK | LibC.O_CLOEXEC) < 0) {
            return -1;
        }
        into[0] = scratch[0];
        into[1] = scratch[1];
        int capacity = LibC.fcntl(scratch[0], LibC.F_SETPIPE_SZ, size);
        return capacity > 0 ? capacity : LibC.fcntl(scratch[0], LibC.F_GETPIPE_SZ, 0);
    }
}
