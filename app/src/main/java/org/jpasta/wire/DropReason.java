package org.jpasta.wire;

/**
 * Why a frame was not processed.
 *
 * <h2>Theory of operation</h2>
 * Views report the first problem they find so that the dispatcher can keep one counter per
 * reason (an {@code long[DropReason.values().length]} indexed by {@link #ordinal()}) instead of
 * logging every bad frame from a possibly hostile guest.
 */
public enum DropReason {
    /** Shorter than the fixed part of a header. */
    TRUNCATED,
    /** A length field disagrees with the bytes available (or with another length field). */
    BAD_LENGTH,
    /** A header field holds an impossible value: IP version, IHL, TCP data offset, header order. */
    BAD_HEADER,
    /** A checksum does not verify. */
    BAD_CHECKSUM,
    /** A TLV option is malformed: zero length or running past the end of the packet. */
    BAD_OPTION,
    /** Well formed but not something we handle (hardware type, ESP, ...). */
    UNSUPPORTED,
    /** An IP fragment: pasta does not reassemble. */
    FRAGMENT
}
