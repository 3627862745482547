package org.jpasta.tcp;

/**
 * Where a {@code -t} listener hands a client whose peer is the host's loopback: pasta never turns such a
 * connection into tap frames but splices it to a socket inside the namespace ({@code tcp_splice.c}). Set only
 * when splicing applies to the rule: not with {@code --no-splice}, not for rules with a target address.
 */
@FunctionalInterface
public interface LoopbackSplice {
    /**
     * Takes over {@code acceptedFd} (a non-blocking accepted socket); {@code ipv6} is false for IPv4 peers,
     * including IPv4-mapped ones on dual-stack listeners. Returns false if it refused (and closed) it.
     */
    boolean fromHost(int acceptedFd, boolean ipv6, int targetPort);
}
