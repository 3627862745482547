/**
 * The loopback fast path (pasta's {@code tcp_splice.c} and spliced UDP): traffic between the host's loopback
 * and the namespace never becomes tap frames.
 *
 * <h2>Theory of operation</h2>
 * TCP: {@link org.jpasta.splice.SpliceForwarder} pairs an accepted socket on one side with a socket it
 * connects on the other and moves the bytes with {@code splice(2)} through two pipes
 * ({@link org.jpasta.splice.SplicedConnection}); namespace-side sockets come from pre-opened pools
 * ({@link org.jpasta.splice.NamespaceSocketPool}) so the event loop never waits for the namespace thread.
 * {@code -t} listeners (package {@code org.jpasta.tcp}) call {@code fromHost} for loopback clients;
 * {@code -T} listeners here call {@code toHost}. UDP: {@link org.jpasta.splice.SplicedDatagrams} forwards
 * {@code -U} and loopback {@code -u} datagrams socket to socket in {@code recvmmsg}/{@code sendmmsg} batches.
 * {@code auto} for {@code -T/-U} follows the host's {@code /proc/net} tables
 * ({@link org.jpasta.splice.OutboundAutoScan}). Everything runs on the one event loop; no locks, no thread per
 * connection, bounded tables, and a missing resource refuses one connection, never the process.
 */
package org.jpasta.splice;
