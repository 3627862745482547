/**
 * What the guest's addresses mean on the host, and back: the address translation every protocol shares.
 *
 * <h2>Theory of operation</h2>
 * pasta does no NAT by default (the guest has the host's address), with three exceptions, all here
 * (pasta's {@code fwd_nat_from_tap()} and {@code fwd_nat_from_host()}):
 * <ul>
 * <li>the {@code --map-host-loopback} address (default: the gateway) stands for the host's loopback,
 *     {@code 127.0.0.1} / {@code ::1};</li>
 * <li>the {@code --map-guest-addr} address stands for the guest's own address as the host sees it, the
 *     host's global address (Podman's {@code host.containers.internal});</li>
 * <li>DNS (port 53) to a {@code --dns-forward} address goes to the {@code --dns-host} resolver.</li>
 * </ul>
 * Inbound, the reverse: a host-side peer the guest could not reach by its real address (loopback, the
 * host's own address, unspecified) is presented under the mapped address, else as the gateway.
 * Everything is precomputed into primitives at start-up so lookups on the data path allocate nothing.
 */
package org.jpasta.flow;
