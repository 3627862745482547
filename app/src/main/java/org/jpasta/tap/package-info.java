/**
 * The tap device: reading frames from the namespace and writing frames into it.
 *
 * <h2>Theory of operation</h2>
 * The tap descriptor was opened in the namespace (by the namespace thread) and is registered on the single
 * event loop with Netty 4.2's {@code EpollIoHandle}: a tap is not a socket, so it cannot be a Netty
 * {@code Channel}, but any descriptor can be an I/O handle. On readable, frames are read one per
 * {@code read(2)}, side by side into one direct buffer, until {@code EAGAIN} or a per-wakeup budget (epoll is
 * level-triggered, so anything left wakes us again), and handed to a {@link org.jpasta.tap.FrameHandler}
 * while they are still in the buffer: no copy and no allocation per frame. They stay there until the
 * handler's {@code endOfBatch()}, so handlers can batch (UDP's {@code sendmmsg}).
 * <p>
 * Writes go straight to the descriptor from the event loop. A tap never blocks for long; if the kernel's
 * queue is full the frame is dropped and counted, as pasta does: the namespace's TCP recovers, and
 * buffering here would only add latency and memory.
 */
package org.jpasta.tap;
