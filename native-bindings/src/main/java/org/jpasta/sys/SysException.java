package org.jpasta.sys;

import java.io.IOException;

/** A failed system call: the call's name, what it acted on, and errno. */
public final class SysException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int errno;
    private final String call;

    public SysException(String call, int errno) {
        super(call + ": " + LibC.strerrorText(errno));
        this.call = call;
        this.errno = errno;
    }

    /** The positive errno value. */
    public int errno() {
        return errno;
    }

    /** What failed, e.g. {@code "setns /proc/42/ns/net"}. */
    public String call() {
        return call;
    }

    /** The C library's text for errno, as {@code perror} would print it. */
    public String reason() {
        return LibC.strerrorText(errno);
    }
}
