package org.jpasta.icmp;

import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.util.collection.LongObjectHashMap;
import io.netty.util.internal.PlatformDependent;
import org.jpasta.config.Configuration;
import org.jpasta.log.Log;
import org.jpasta.log.RateLimitedWarning;
import org.jpasta.sys.LibC;
import org.jpasta.sys.SocketAddresses;
import org.jpasta.tap.DropCounters;
import org.jpasta.tap.TapOutput;
import org.jpasta.wire.EthernetFrame;
import org.jpasta.wire.Icmpv4Packet;
import org.jpasta.wire.Icmpv6Packet;
import org.jpasta.wire.InternetChecksum;
import org.jpasta.wire.IpProtocol;
import org.jpasta.wire.Ipv4Packet;
import org.jpasta.wire.Ipv6Packet;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Echo requests out, replies back; see the package documentation. Event-loop confined. */
public final class IcmpEcho {
    /** pasta's ICMP_ECHO_TIMEOUT. */
    static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** Upper bound on concurrent echo flows (each holds a socket). */
    static final int MAX_FLOWS = 1024;

    private static final byte[] LOOPBACK4 = {127, 0, 0, 1};
    private static final byte[] LOOPBACK6 = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

    private final Configuration config;
    private final IoEventLoop loop;
    private final TapOutput out;
    private final DropCounters drops;
    private final LongObjectHashMap<EchoFlow> flows = new LongObjectHashMap<>();
    private final List<EchoFlow> all = new ArrayList<>();
    private final RateLimitedWarning socketWarning = new RateLimitedWarning();
    private final long map4, guest4;
    private final long map6Hi, map6Lo, guest6Hi, guest6Lo;
    private final boolean hasMap4, hasGuestMap4, hasMap6, hasGuestMap6;

    public IcmpEcho(Configuration config, IoEventLoop loop, TapOutput out, DropCounters drops) {
        this.config = config;
        this.loop = loop;
        this.out = out;
        this.drops = drops;
        hasMap4 = config.ip4.mapHostLoopback != null;
        map4 = hasMap4 ? int4(config.ip4.mapHostLoopback) : 0;
        hasGuestMap4 = config.ip4.mapGuestAddr != null;
        guest4 = hasGuestMap4 ? int4(config.ip4.mapGuestAddr) : 0;
        hasMap6 = config.ip6.mapHostLoopback != null;
        map6Hi = hasMap6 ? hi(config.ip6.mapHostLoopback) : 0;
        map6Lo = hasMap6 ? lo(config.ip6.mapHostLoopback) : 0;
        hasGuestMap6 = config.ip6.mapGuestAddr != null;
        guest6Hi = hasGuestMap6 ? hi(config.ip6.mapGuestAddr) : 0;
        guest6Lo = hasGuestMap6 ? lo(config.ip6.mapGuestAddr) : 0;
        loop.scheduleAtFixedRate(this::expire, 1, 1, TimeUnit.SECONDS);
    }

    /** An ICMP message from the guest; only echo requests are forwarded. */
    public void fromGuest4(ByteBuffer frame, Ipv4Packet ip, Icmpv4Packet icmp) {
        if (icmp.type() != Icmpv4Packet.TYPE_ECHO_REQUEST || icmp.code() != 0) {
            drops.unhandled(DropCounters.Unhandled.ICMP_TYPE);
            return;
        }
        int dst = ip.destination();
        int id = icmp.identifier();
        long key = (long) id << 32 | (dst & 0xffffffffL);
        EchoFlow f = flows.get(key);
        if (f == null) {
            f = open(false, key, id, 0, ip.source() & 0xffffffffL, 0, dst & 0xffffffffL, target4(dst));
            if (f == null) {
                return;
            }
        }
        f.guestSrcLo = ip.source() & 0xffffffffL;
        send(f, frame, icmp.offset(), icmp.length());
    }

    /** An ICMPv6 echo request from the guest. */
    public void fromGuest6(ByteBuffer frame, Ipv6Packet ip, Icmpv6Packet icmp) {
        if (icmp.code() != 0) {
            drops.unhandled(DropCounters.Unhandled.ICMP_TYPE);
            return;
        }
        long dHi = ip.destinationHi(), dLo = ip.destinationLo();
        int id = icmp.identifier();
        long key = (long) id << 48 ^ dHi * 31 ^ dLo ^ 1L << 63; // the high bit keeps IPv6 keys apart from IPv4
        EchoFlow f = flows.get(key);
        if (f != null && !f.matches(dHi, dLo, id)) {
            closeFlow(f); // a hash collision: the older flow gives way
            f = null;
        }
        if (f == null) {
            f = open(true, key, id, ip.sourceHi(), ip.sourceLo(), dHi, dLo, target6(dHi, dLo));
            if (f == null) {
                return;
            }
        }
        f.guestSrcLo = ip.sourceLo();
        send(f, frame, icmp.offset(), icmp.length());
    }

    private void send(EchoFlow f, ByteBuffer frame, int icmpOffset, int icmpLength) {
        long address = PlatformDependent.directBufferAddress(frame) + icmpOffset;
        f.lastRequestNanos = System.nanoTime();
        if (LibC.sendto(f.fd.intValue(), address, icmpLength, LibC.MSG_DONTWAIT | LibC.MSG_NOSIGNAL, f.target,
                f.target.length) < 0 && Log.debug) {
            Log.debug("icmp: sendto: " + LibC.strerrorText(LibC.errno()));
        }
    }

    private EchoFlow open(boolean v6, long key, int id, long srcHi, long srcLo, long dstHi, long dstLo,
                          byte[] target) {
        if (all.size() >= MAX_FLOWS) {
            drops.unhandled(DropCounters.Unhandled.NO_FLOW_SLOT);
            socketWarning.warn("icmp: too many echo flows, dropping request");
            return null;
        }
        int fd = LibC.socket(v6 ? LibC.AF_INET6 : LibC.AF_INET,
                LibC.SOCK_DGRAM | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, v6 ? LibC.IPPROTO_ICMPV6 : LibC.IPPROTO_ICMP);
        if (fd < 0) {
            drops.unhandled(DropCounters.Unhandled.SOCKET_ERROR);
            socketWarning.warn("icmp: can't open ping socket: " + LibC.strerrorText(LibC.errno())
                    + " (is ping_group_range set?)");
            return null;
        }
        byte[] bindTo = v6 ? SocketAddresses.ipv6(new byte[16], id, 0) : SocketAddresses.ipv4(new byte[4], id);
        if (LibC.bind(fd, bindTo, bindTo.length) < 0 && Log.debug) {
            Log.debug("icmp: can't keep echo id " + id + ", the kernel picks one");
        }
        EchoFlow f = new EchoFlow(this, v6, key, fd, id, srcHi, srcLo, dstHi, dstLo, target);
        flows.put(key, f);
        all.add(f);
        loop.register(f).addListener(done -> {
            if (done.isSuccess()) {
                f.registration = (IoRegistration) done.getNow();
                f.registration.submit(EpollIoOps.EPOLLIN);
            }
        });
        return f;
    }

    /** Reads every pending reply of a flow and writes it to the guest. */
    void replies(EchoFlow f) {
        ByteBuffer buf = out.buffer();
        int l3 = out.l3Offset();
        int header = f.ipv6 ? Ipv6Packet.HEADER_LENGTH : Ipv4Packet.MINIMUM_HEADER_LENGTH;
        int at = l3 + header;
        long base = PlatformDependent.directBufferAddress(buf);
        for (int i = 0; i < 64; i++) {
            long n = LibC.recv(f.fd.intValue(), base + at, buf.capacity() - at, LibC.MSG_DONTWAIT);
            if (n < Icmpv4Packet.HEADER_LENGTH) {
                return;
            }
            int len = (int) n;
            int type = buf.get(at) & 0xff;
            if (type != (f.ipv6 ? Icmpv6Packet.TYPE_ECHO_REPLY : Icmpv4Packet.TYPE_ECHO_REPLY)) {
                continue;
            }
            buf.putShort(at + 4, (short) f.guestId);
            if (f.ipv6) {
                buf.putShort(at + 2, (short) 0);
                long sum = InternetChecksum.ipv6PseudoHeader(f.guestDstHi, f.guestDstLo, f.guestSrcHi, f.guestSrcLo,
                        IpProtocol.ICMPV6, len);
                buf.putShort(at + 2, (short) InternetChecksum.finish(InternetChecksum.sum(buf, at, len, sum)));
                Ipv6Packet.emitHeader(buf, l3, IpProtocol.ICMPV6, len, Ipv6Packet.DEFAULT_HOP_LIMIT, 0,
                        f.guestDstHi, f.guestDstLo, f.guestSrcHi, f.guestSrcLo);
                out.sendIp(EthernetFrame.ETHERTYPE_IPV6, header + len);
            } else {
                Icmpv4Packet.fillChecksum(buf, at, len);
                Ipv4Packet.emitHeader(buf, l3, IpProtocol.ICMP, (int) f.guestDstLo, (int) f.guestSrcLo, len);
                out.sendIp(EthernetFrame.ETHERTYPE_IPV4, header + len);
            }
        }
    }

    private void expire() {
        long now = System.nanoTime();
        for (Iterator<EchoFlow> it = all.iterator(); it.hasNext(); ) {
            EchoFlow f = it.next();
            if (now - f.lastRequestNanos > TIMEOUT_NANOS) {
                it.remove();
                release(f);
            }
        }
    }

    private void closeFlow(EchoFlow f) {
        all.remove(f);
        release(f);
    }

    private void release(EchoFlow f) {
        flows.remove(f.key);
        if (f.registration != null) {
            f.registration.cancel();
        }
        LibC.close(f.fd.intValue());
    }

    /** Number of open echo flows. */
    public int flowCount() {
        return all.size();
    }

    private byte[] target4(int dst) {
        if (hasMap4 && dst == (int) map4) {
            return SocketAddresses.ipv4(LOOPBACK4, 0);
        }
        if (hasGuestMap4 && dst == (int) guest4) {
            return SocketAddresses.ipv4(config.ip4.address, 0);
        }
        byte[] a = {(byte) (dst >>> 24), (byte) (dst >>> 16), (byte) (dst >>> 8), (byte) dst};
        return SocketAddresses.ipv4(a, 0);
    }

    private byte[] target6(long hi, long lo) {
        if (hasMap6 && hi == map6Hi && lo == map6Lo) {
            return SocketAddresses.ipv6(LOOPBACK6, 0, 0);
        }
        if (hasGuestMap6 && hi == guest6Hi && lo == guest6Lo) {
            return SocketAddresses.ipv6(config.ip6.address, 0, 0);
        }
        byte[] a = new byte[16];
        for (int i = 0; i < 8; i++) {
            a[i] = (byte) (hi >>> (56 - 8 * i));
            a[8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        return SocketAddresses.ipv6(a, 0, 0);
    }

    static int int4(byte[] a) {
        return (a[0] & 0xff) << 24 | (a[1] & 0xff) << 16 | (a[2] & 0xff) << 8 | (a[3] & 0xff);
    }

    static long hi(byte[] a) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (a[i] & 0xff);
        }
        return v;
    }

    static long lo(byte[] a) {
        long v = 0;
        for (int i = 8; i < 16; i++) {
            v = v << 8 | (a[i] & 0xff);
        }
        return v;
    }
}
