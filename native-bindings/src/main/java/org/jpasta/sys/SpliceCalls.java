package org.jpasta.sys;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * {@code splice(2)} without offsets, for moving bytes between sockets and pipes on the data path.
 *
 * <h2>Theory of operation</h2>
 * {@link LibC#splice} takes the offsets as JNA {@code Pointer}s. Between a socket and a pipe they are always
 * {@code NULL}, so this direct mapping takes them as raw {@code long}s and the caller passes {@code 0}: no
 * argument conversion at all on a call made for every burst of bytes. The {@code TCP_*} constants are the
 * socket options the spliced path sets on both of its sockets.
 */
public final class SpliceCalls {
    static {
        Native.register(SpliceCalls.class, NativeLibrary.getInstance("c"));
    }

    private SpliceCalls() {}

    /** {@code SOL_TCP} options. */
    public static final int TCP_NODELAY = 1, TCP_QUICKACK = 12;

    /** {@code splice(fdIn, offIn, fdOut, offOut, len, flags)}; pass 0 for the offsets of sockets and pipes. */
    public static native long splice(int fdIn, long offIn, int fdOut, long offOut, long len, int flags);
}
