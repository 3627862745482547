package org.jpasta.splice;

import io.netty.channel.IoEventLoop;
import org.jpasta.log.Log;
import org.jpasta.ns.NamespaceThread;
import org.jpasta.sys.LibC;
import org.jpasta.sys.SysException;

/**
 * Pre-opened sockets of one family and type inside the target namespace, for the namespace side of spliced
 * connections and datagram flows.
 *
 * <h2>Theory of operation</h2>
 * A socket belongs to the namespace of the thread that created it, and only the namespace thread is in the
 * target namespace; asking it for a socket per connection would make the event loop wait on another thread.
 * As pasta does ({@code ns_sock_pool4/6}), a small stack of {@value #SIZE} sockets is kept filled: when it
 * drops below {@value #REFILL_BELOW}, one refill is queued on the namespace thread, which opens sockets and
 * hands them back to the event loop with {@code loop.execute}; the loop never waits. Only if the pool is
 * empty (a burst of connections outran the refill) does the loop wait for the namespace thread, which does
 * nothing but open sockets. Sockets are created non-blocking and close-on-exec. Event-loop confined, except
 * {@link #openSockets}, which runs on the namespace thread.
 */
final class NamespaceSocketPool {
    static final int SIZE = 32, REFILL_BELOW = 16;
    private final NamespaceThread ns;
    private final IoEventLoop loop;
    private final int family, type;
    private final int[] sockets = new int[SIZE];
    private int count;
    private boolean refillQueued;

    NamespaceSocketPool(NamespaceThread ns, IoEventLoop loop, int family, int type) {
        this.ns = ns;
        this.loop = loop;
        this.family = family;
        this.type = type;
    }

    /** Fills the pool, waiting for the namespace thread (start-up, before the loop runs connections). */
    void fill() {
        try {
            add(ns.run(() -> openSockets(SIZE - count)));
        } catch (SysException | RuntimeException e) {
            Log.warn("splice: can't open namespace sockets: " + e.getMessage());
        }
    }

    /** A namespace socket now owned by the caller, or -1 if none could be opened. */
    int take() {
        if (count == 0) {
            fill();
            if (count == 0) {
                return -1;
            }
        }
        int fd = sockets[--count];
        if (count < REFILL_BELOW) {
            queueRefill();
        }
        return fd;
    }

    private void queueRefill() {
        if (refillQueued) {
            return;
        }
        refillQueued = true;
        int wanted = SIZE - count;
        ns.execute(() -> {
            int[] fresh = openSockets(wanted);
            loop.execute(() -> {
                refillQueued = false;
                add(fresh);
            });
        });
    }

    /** Opens up to {@code n} sockets in the calling thread's namespace. */
    private int[] openSockets(int n) {
        int[] fresh = new int[n];
        int opened = 0;
        for (; opened < n; opened++) {
            int fd = LibC.socket(family, type | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, 0);
            if (fd < 0) {
                break;
            }
            fresh[opened] = fd;
        }
        return java.util.Arrays.copyOf(fresh, opened);
    }

    private void add(int[] fresh) {
        for (int fd : fresh) {
            if (count < SIZE) {
                sockets[count++] = fd;
            } else {
                LibC.close(fd);
            }
        }
    }

    int available() {
        return count;
    }
}
