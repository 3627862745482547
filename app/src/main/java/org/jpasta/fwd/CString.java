package org.jpasta.fwd;

import java.nio.charset.StandardCharsets;

/**
 * Sizes of C strings, for the length limits pasta enforces on option values.
 *
 * <p>Theory of operation: pasta copies option values into fixed-size buffers ({@code IFNAMSIZ},
 * {@code PATH_MAX}, ...) and refuses values that do not fit. Those limits count bytes of the argument as
 * the kernel passed it, not Java characters, so lengths are measured in UTF-8, the encoding the JVM uses
 * to decode {@code argv} on the systems we run on.
 */
public final class CString {
    /** Size of an interface name buffer, terminator included. */
    public static final int IFNAMSIZ = 16;
    /** Size of a path buffer, terminator included. */
    public static final int PATH_MAX = 4096;
    /** Size of a UNIX domain socket path buffer, terminator included. */
    public static final int UNIX_PATH_MAX = 108;

    private CString() {
    }

    /** {@code strlen()} of the string as the C program would see it. */
    public static int length(String value) {
        return value.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * Whether {@code snprintf(buf, size, "%s", value)} would succeed with a non-empty result, the check
     * pasta applies to most string options.
     */
    public static boolean fitsNonEmpty(String value, int size) {
        int length = length(value);
        return length > 0 && length < size;
    }
}
