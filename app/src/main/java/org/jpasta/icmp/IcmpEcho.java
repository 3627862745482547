package org.jpasta.icmp;

import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.util.collection.LongObjectHashMap;
import io.netty.util.internal.PlatformDependent;
import org.jpasta.flow.AddressMapping;
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

    private final IoEventLoop loop;
    private final TapOutput out;
    private final DropCounters drops;
    private final LongObjectHashMap<EchoFlow> flows = new LongObjectHashMap<>();
    private final List<EchoFlow> all = new ArrayList<>();
    private final RateLimitedWarning socketWarning = new RateLimitedWarning();
    private final AddressMapping mapping;

    public IcmpEcho(AddressMapping mapping, IoEventLoop loop, TapOutput out, DropCounters drops) {
        this.mapping = mapping;
        this.loop = loop;
        this.out = out;
        this.drops = drops;
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
            f = open(false, key, id, 0, ip.source() & 0xffffffffL, 0, dst & 0xffffffffL, mapping.outboundTarget4(dst, 0));
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
            f = open(true, key, id, ip.sourceHi(), ip.sourceLo(), dHi, dLo, mapping.outboundTarget6(dHi, dLo, 0, 0));
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
}
