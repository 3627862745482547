package org.jpasta.splice;

import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;
import org.jpasta.fwd.ForwardRule;
import org.jpasta.sys.LibC;

import java.util.function.Consumer;

/**
 * A bound socket of a {@code -T} or {@code -U} rule (one port, one family) on the event loop.
 *
 * <h2>Theory of operation</h2>
 * The socket was opened in the namespace; accepting or receiving on it works from any thread. Readiness is
 * level-triggered {@code EPOLLIN} and the owner's handler drains the socket each time. The listener owns its
 * descriptor: {@link #close} cancels the registration first, then closes, so an auto-scanned port that
 * disappears frees its number at once (connections and flows already accepted are independent of it).
 */
final class LoopbackListener implements EpollIoHandle {
    final int fd;
    final boolean ipv6;
    final int port;
    final ForwardRule rule;
    private final FileDescriptor fdObject;
    private final Consumer<LoopbackListener> onReadable;
    private IoRegistration registration;
    private boolean closed;

    LoopbackListener(int fd, boolean ipv6, int port, ForwardRule rule, Consumer<LoopbackListener> onReadable) {
        this.fd = fd;
        this.ipv6 = ipv6;
        this.port = port;
        this.rule = rule;
        this.fdObject = new FileDescriptor(fd);
        this.onReadable = onReadable;
    }

    /** Registers for {@code EPOLLIN}; call on the event loop. */
    void register(IoEventLoop loop) {
        loop.register(this).addListener(done -> {
            if (!done.isSuccess()) {
                close();
                return;
            }
            registration = (IoRegistration) done.getNow();
            if (closed) {
                registration.cancel();
            } else {
                registration.submit(EpollIoOps.EPOLLIN);
            }
        });
    }

    boolean isClosed() {
        return closed;
    }

    int targetPort() {
        return rule.targetPortFor(port);
    }

    @Override
    public FileDescriptor fd() {
        return fdObject;
    }

    @Override
    public void handle(IoRegistration registration, IoEvent event) {
        if (!closed) {
            onReadable.accept(this);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (registration != null) {
            registration.cancel();
        }
        LibC.close(fd);
    }
}
