/**
 * ICMP and ICMPv6 echo from the namespace, carried by unprivileged "ping" sockets on the host.
 *
 * <h2>Theory of operation</h2>
 * pasta needs no raw sockets: an echo request from the namespace is sent through a {@code SOCK_DGRAM,
 * IPPROTO_ICMP(V6)} socket (allowed by {@code net.ipv4.ping_group_range}), one socket per flow (echo
 * identifier + destination), bound with the guest's identifier as its "port" so the identifier survives.
 * The kernel writes the checksum and the identifier; replies read from the socket are turned back into
 * frames with the guest's identifier and the addresses the guest used. The destination is translated like
 * all traffic: the {@code --map-host-loopback} address (by default the gateway) reaches the host's
 * loopback, {@code --map-guest-addr} the host's own address. Flows expire after 60 s without requests
 * ({@code ICMP_ECHO_TIMEOUT}); their number is bounded, and a request that finds no free slot is dropped.
 */
package org.jpasta.icmp;
