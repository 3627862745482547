/**
 * TCP translation: guest TCP connections carried by ordinary host sockets, pasta's {@code tcp.c} design.
 *
 * <h2>Theory of operation</h2>
 * There is no TCP stack here and no per-connection buffer. Each guest connection maps 1:1 to a host kernel
 * socket ({@link org.jpasta.tcp.TcpConnection}); the kernel runs TCP with the real peer, and this package
 * reflects one side's sequence numbers, acknowledgements, windows and MSS onto the other.
 * <ul>
 *   <li><b>Guest → host.</b> Segment payload is written to the socket straight from the tap frame and
 *       acknowledged once the socket took it. The window offered to the guest is three quarters of the room
 *       left in the socket's send buffer ({@code SO_MEMINFO}), so the guest never sends more than the socket
 *       accepts and nothing has to be dropped and retransmitted. This is where jpasta deliberately differs from
 *       pasta 2026, which offers {@code tcpi_snd_wnd} (the far receiver's window) to "local" destinations: at
 *       MTU 65520 that overruns the send buffer, and every overrun costs a 64 KiB retransmission.</li>
 *   <li><b>Host → guest.</b> Socket data is peeked ({@code MSG_PEEK} with {@code SO_PEEK_OFF}, or a discard
 *       prefix when the kernel lacks it) straight into the tap output frame behind the headers, and dropped
 *       from the socket ({@code MSG_TRUNC}) only when the guest acknowledges it. Retransmission is a rewind of
 *       the peek offset. Sockets are registered edge-triggered, so an input edge means "new data"; data the
 *       guest's window did not allow is sent when its next ACK opens the window.</li>
 *   <li><b>Per batch.</b> ACKs to the guest are queued while a batch of tap frames is processed and sent once
 *       per connection at {@code endOfBatch()}; an ACK identical to the previous one is not sent unless it is a
 *       deliberate duplicate (a gap, a full send buffer), because the guest counts repeats towards fast
 *       retransmit. What the guest acknowledged in the batch is dropped from the socket then too, in one
 *       {@code MSG_TRUNC} read as pasta does: one window update to the host's sender per batch, not one per
 *       guest ACK (those made the sender transmit from two CPUs at once, and loopback reordered it).</li>
 *   <li><b>Scale.</b> The {@link org.jpasta.tcp.FlowTable} is bounded (131071 by default) with O(1) lookup by
 *       4-tuple and no allocation per segment; each connection has one entry in a coarse
 *       {@link org.jpasta.tcp.TimerWheel} (retransmission from 1 s doubling, window probes, keepalive every
 *       30 s, reset after 2 h idle), so timers cost nothing per flow when idle.</li>
 *   <li><b>Inbound.</b> {@link org.jpasta.tcp.InboundForwarding} binds the {@code -t} listeners before "ready"
 *       and keeps {@code auto} rules in step with the namespace's {@code /proc/net/tcp{,6}}.</li>
 * </ul>
 * Everything runs on the one event loop; native calls go through {@link org.jpasta.sys.TcpCalls} with raw
 * addresses.
 */
package org.jpasta.tcp;
