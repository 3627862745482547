package org.jpasta.icmp;

import io.netty.channel.IoEvent;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.unix.FileDescriptor;

/**
 * One echo flow: a ping socket on the host plus the addresses and identifier the guest used, so that
 * replies can be given back exactly as the guest expects them. IPv4 addresses live in the {@code lo} fields.
 */
final class EchoFlow implements EpollIoHandle {
    final boolean ipv6;
    final int guestId;
    final long guestSrcHi, guestDstHi, guestDstLo;
    long guestSrcLo;
    final byte[] target;
    final FileDescriptor fd;
    final long key;
    long lastRequestNanos;
    IoRegistration registration;
    private final IcmpEcho owner;

    EchoFlow(IcmpEcho owner, boolean ipv6, long key, int fd, int guestId, long srcHi, long srcLo, long dstHi,
             long dstLo, byte[] target) {
        this.owner = owner;
        this.ipv6 = ipv6;
        this.key = key;
        this.fd = new FileDescriptor(fd);
        this.guestId = guestId;
        this.guestSrcHi = srcHi;
        this.guestSrcLo = srcLo;
        this.guestDstHi = dstHi;
        this.guestDstLo = dstLo;
        this.target = target;
    }

    boolean matches(long dstHi, long dstLo, int id) {
        return guestDstHi == dstHi && guestDstLo == dstLo && guestId == id;
    }

    @Override
    public FileDescriptor fd() {
        return fd;
    }

    @Override
    public void handle(IoRegistration registration, IoEvent event) {
        owner.replies(this);
    }

    @Override
    public void close() throws java.io.IOException {
        fd.close();
    }
}
