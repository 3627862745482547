package org.jpasta.splice;

import io.netty.channel.IoEvent;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.unix.FileDescriptor;
import org.jpasta.sys.LibC;

/**
 * One spliced datagram pseudo-connection: a loopback client on one side, a connected socket on the other.
 *
 * <h2>Theory of operation</h2>
 * The client talks to a bound socket ({@code -U} in the namespace, {@code -u} on the host: the "listener");
 * the flow owns a socket on the other side connected to the target, so the target's replies arrive on it and
 * only on it. Replies go back out of the listener's socket to {@link #peer}, so the client sees them come from
 * the port it sent to. The flow is found again by {@link #key} (listener descriptor, client address and port,
 * and for IPv4 {@code -U}, or {@code -u} with {@code --host-lo-to-ns-lo}, the loopback address the client sent
 * to).
 */
final class DatagramFlow implements EpollIoHandle {
    final long key;
    final int fd;
    final int listenerFd;
    final LoopbackListener listener;
    final byte[] peer;
    /**
     * The loopback address (IPv4, big-endian in an int) the client sent to on its side ({@code -U}, or {@code -u}
     * with {@code --host-lo-to-ns-lo}), which replies must come from; 0 where the kernel's choice of source is
     * right.
     */
    final int clientSentTo;
    long lastUsedNanos;
    IoRegistration registration;
    private final SplicedDatagrams owner;
    private final FileDescriptor fdObject;

    DatagramFlow(SplicedDatagrams owner, long key, int fd, int listenerFd, LoopbackListener listener, byte[] peer,
                 int clientSentTo) {
        this.owner = owner;
        this.clientSentTo = clientSentTo;
        this.key = key;
        this.fd = fd;
        this.listenerFd = listenerFd;
        this.listener = listener;
        this.peer = peer;
        this.fdObject = new FileDescriptor(fd);
    }

    /** Whether {@code sockaddr} (at least as long as {@link #peer}) is this flow's client. */
    boolean isClient(byte[] sockaddr) {
        for (int i = 0; i < peer.length; i++) {
            if (peer[i] != sockaddr[i]) {
                return false;
            }
        }
        return true;
    }

    /** False once the listener replies go out of is gone (an auto-scanned port closed). */
    boolean listenerAlive() {
        return listener == null || !listener.isClosed();
    }

    @Override
    public FileDescriptor fd() {
        return fdObject;
    }

    @Override
    public void handle(IoRegistration registration, IoEvent event) {
        owner.replies(this);
    }

    @Override
    public void close() {
        // closed by SplicedDatagrams.release
    }

    void release() {
        if (registration != null) {
            registration.cancel();
        }
        LibC.close(fd);
    }
}
