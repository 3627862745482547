package org.jpasta.fwd;

/**
 * An immutable set of port numbers (0 to 65535) kept as a bitmap.
 *
 * <p>Theory of operation: exclusions ({@code ~N}) and the ephemeral range are per-spec sets over the
 * whole port space that are only ever tested for membership; 8 KiB of bits is cheaper and simpler than
 * any sorted structure. Instances are built with {@link Builder} and shared between the rules of one spec.
 */
public final class PortSet {
    /** The empty set. */
    public static final PortSet EMPTY = new Builder().build();

    private final long[] words;

    private PortSet(long[] words) {
        this.words = words;
    }

    public boolean contains(int port) {
        return (words[port >>> 6] & (1L << port)) != 0;
    }

    public boolean isEmpty() {
        for (long word : words) {
            if (word != 0) {
                return false;
            }
        }
        return true;
    }

    public int size() {
        int size = 0;
        for (long word : words) {
            size += Long.bitCount(word);
        }
        return size;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PortSet && java.util.Arrays.equals(words, ((PortSet) other).words);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(words);
    }

    /** Accumulates ports; {@link #build()} takes a snapshot. */
    public static final class Builder {
        private final long[] words = new long[PortRange.PORT_COUNT / 64];

        public Builder add(int port) {
            words[port >>> 6] |= 1L << port;
            return this;
        }

        public Builder addRange(int first, int last) {
            for (int port = first; port <= last; port++) {
                add(port);
            }
            return this;
        }

        public boolean contains(int port) {
            return (words[port >>> 6] & (1L << port)) != 0;
        }

        public PortSet build() {
            return new PortSet(words.clone());
        }
    }
}
