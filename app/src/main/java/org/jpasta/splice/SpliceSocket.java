package org.jpasta.splice;

import io.netty.channel.IoEvent;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoEvent;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.unix.FileDescriptor;

/**
 * One of the two sockets of a {@link SplicedConnection} as the event loop sees it.
 *
 * <h2>Theory of operation</h2>
 * Netty's epoll loop dispatches readiness per descriptor; this handle only tells the connection which side the
 * event is for. The descriptor is owned and closed by the connection, never by Netty ({@link #close} does
 * nothing), so that a registration cancelled during a close can never close a number the kernel has already
 * handed out again.
 */
final class SpliceSocket implements EpollIoHandle {
    private final SplicedConnection connection;
    private final int side;
    private final FileDescriptor fd;
    private IoRegistration registration;
    private boolean cancelled;

    SpliceSocket(SplicedConnection connection, int side, int fd) {
        this.connection = connection;
        this.side = side;
        this.fd = new FileDescriptor(fd);
    }

    /** Called when registration completes: arms the edge-triggered interest the connection relies on. */
    void registered(IoRegistration registration) {
        if (cancelled) {
            registration.cancel();
            return;
        }
        this.registration = registration;
        registration.submit(SplicedConnection.INTEREST);
    }

    /** Changes the events this socket reports (no-op before registration completes or after cancel). */
    void interest(io.netty.channel.epoll.EpollIoOps ops) {
        if (registration != null) {
            registration.submit(ops);
        }
    }

    /** Stops events for this socket (before the connection closes its descriptor). */
    void cancel() {
        cancelled = true;
        if (registration != null) {
            registration.cancel();
            registration = null;
        }
    }

    @Override
    public FileDescriptor fd() {
        return fd;
    }

    @Override
    public void handle(IoRegistration registration, IoEvent event) {
        connection.onEvent(side, ((EpollIoEvent) event).ops().value());
    }

    @Override
    public void close() {
        // the connection owns the descriptor
    }
}
