package org.jpasta.sys.netlink;

import com.sun.jna.Memory;
import org.jpasta.sys.Errno;
import org.jpasta.sys.LibC;
import org.jpasta.sys.SysException;

import java.io.Closeable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** rtnetlink requests on one socket; see the package documentation. */
public final class RtNetlink implements Closeable {
    // message types
    static final int NLMSG_ERROR = 2, NLMSG_DONE = 3;
    static final int RTM_NEWLINK = 16, RTM_GETLINK = 18, RTM_NEWADDR = 20, RTM_DELADDR = 21, RTM_GETADDR = 22,
            RTM_NEWROUTE = 24, RTM_DELROUTE = 25, RTM_GETROUTE = 26;
    // flags
    static final int NLM_F_REQUEST = 1, NLM_F_MULTI = 2, NLM_F_ACK = 4, NLM_F_DUMP = 0x300, NLM_F_REPLACE = 0x100,
            NLM_F_EXCL = 0x200, NLM_F_CREATE = 0x400;
    // attributes
    static final int IFLA_ADDRESS = 1, IFLA_IFNAME = 3, IFLA_MTU = 4;
    static final int IFA_ADDRESS = 1, IFA_LOCAL = 2, IFA_LABEL = 3, IFA_CACHEINFO = 6, IFA_FLAGS = 8;
    /** {@code struct rtmsg}: the byte of {@code rtm_flags} (a native-order u32 at offset 8) that holds the nexthop flags. */
    static final int RTM_FLAGS_OFFSET = java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN ? 8 : 11;
    /** {@code RTNH_F_DEAD | RTNH_F_LINKDOWN | RTNH_F_OFFLOAD | RTNH_F_TRAP}: state, not configuration. */
    static final int RTNH_COMPARE_MASK = 0x01 | 0x10 | 0x08 | 0x40;
    static final int RTA_DST = 1, RTA_OIF = 4, RTA_GATEWAY = 5, RTA_PRIORITY = 6, RTA_PREFSRC = 7,
            RTA_MULTIPATH = 9, RTA_TABLE = 15, RTA_NH_ID = 30;

    public static final int IFF_UP = 0x1, IFF_LOOPBACK = 0x8, IFF_NOARP = 0x80;
    public static final int IFA_F_NODAD = 0x02, IFA_F_DEPRECATED = 0x20, IFA_F_TENTATIVE = 0x40;
    public static final int RT_TABLE_MAIN = 254, RT_SCOPE_UNIVERSE = 0, RT_SCOPE_LINK = 253, RT_SCOPE_HOST = 254;
    public static final int RTN_UNICAST = 1, RTPROT_STATIC = 4;

    private static final int RECV_SIZE = 65536;

    private final int fd;
    private final Memory rx = new Memory(RECV_SIZE);
    private int seq = (int) (System.nanoTime() & 0x7fffffff);

    /** A link as RTM_GETLINK reports it. */
    public record Link(int index, String name, int flags, int mtu, byte[] mac) {
        public boolean isUp() {
            return (flags & IFF_UP) != 0;
        }
    }

    /** An address as RTM_GETADDR reports it; {@code local} is IFA_LOCAL if present, else IFA_ADDRESS. */
    public record Address(int family, int index, int prefixLength, int flags, int scope, byte[] local,
                          byte[] peer) {
        public boolean isDeprecated() {
            return (flags & IFA_F_DEPRECATED) != 0;
        }

        public boolean isTentative() {
            return (flags & IFA_F_TENTATIVE) != 0;
        }
    }

    /**
     * A route as RTM_GETROUTE reports it. {@code dst} is null for a default route; {@code gateway} null if
     * none; {@code oif} 0 if absent (e.g. multipath). The header and every attribute are kept so that a route
     * can be replayed on another interface ({@link #copyRoute}).
     */
    public record Route(int family, int dstLength, int table, int protocol, int scope, int type, byte[] dst,
                        byte[] gateway, int oif, int priority, byte[] header,
                        List<NetlinkMessage.Attribute> attributes) {
        public boolean isDefault() {
            return dstLength == 0;
        }

        public boolean isMultipath() {
            for (NetlinkMessage.Attribute a : attributes) {
                if (a.type() == RTA_MULTIPATH) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Opens a NETLINK_ROUTE socket in the calling thread's network namespace. */
    public RtNetlink() throws SysException {
        fd = LibC.check(LibC.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, 0), "netlink socket");
        byte[] sa = new byte[12];
        sa[0] = (byte) LibC.AF_NETLINK;
        if (LibC.bind(fd, sa, sa.length) < 0) {
            int errno = LibC.errno();
            LibC.close(fd);
            throw new SysException("netlink bind", errno);
        }
    }

    @Override
    public void close() {
        LibC.close(fd);
    }

    // ------------------------------------------------------------------ links

    /** All links, as RTM_GETLINK dumps them. */
    public List<Link> links() throws SysException {
        NetlinkMessage m = new NetlinkMessage(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP)
                .u8(LibC.AF_UNSPEC).u8(0).u16(0).u32(0).u32(0).u32(0);
        List<Link> out = new ArrayList<>();
        dump(m, "RTM_GETLINK", b -> out.add(parseLink(b)));
        return out;
    }

    /** The link with this name, or null. */
    public Link link(String name) throws SysException {
        for (Link l : links()) {
            if (l.name().equals(name)) {
                return l;
            }
        }
        return null;
    }

    /** The link with this index, or null. */
    public Link link(int index) throws SysException {
        for (Link l : links()) {
            if (l.index() == index) {
                return l;
            }
        }
        return null;
    }

    /** Sets or clears flag bits ({@code IFF_UP}, {@code IFF_NOARP}) of a link. */
    public void setLinkFlags(int index, int set, int clear) throws SysException {
        NetlinkMessage m = new NetlinkMessage(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK)
                .u8(LibC.AF_UNSPEC).u8(0).u16(0).u32(index).u32(set).u32(set | clear);
        request(m, "RTM_NEWLINK flags");
    }

    /** Sets the MTU of a link. */
    public void setMtu(int index, int mtu) throws SysException {
        NetlinkMessage m = new NetlinkMessage(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK)
                .u8(LibC.AF_UNSPEC).u8(0).u16(0).u32(index).u32(0).u32(0).attrU32(IFLA_MTU, mtu);
        request(m, "RTM_NEWLINK MTU");
    }

    /** Sets the hardware address of a link. */
    public void setMac(int index, byte[] mac) throws SysException {
        NetlinkMessage m = new NetlinkMessage(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK)
                .u8(LibC.AF_UNSPEC).u8(0).u16(0).u32(index).u32(0).u32(0).attr(IFLA_ADDRESS, mac);
        request(m, "RTM_NEWLINK address");
    }

    // ------------------------------------------------------------------ addresses

    /** Addresses of {@code family} (AF_INET, AF_INET6 or AF_UNSPEC for both) on link {@code index} (0: all). */
    public List<Address> addresses(int family, int index) throws SysException {
        NetlinkMessage m = new NetlinkMessage(RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP)
                .u8(family).u8(0).u8(0).u8(0).u32(0);
        List<Address> out = new ArrayList<>();
        dump(m, "RTM_GETADDR", b -> {
            Address a = parseAddress(b);
            if ((index == 0 || a.index() == index) && (family == LibC.AF_UNSPEC || a.family() == family)) {
                out.add(a);
            }
        });
        return out;
    }

    /** Adds an address; {@code flags} may carry {@link #IFA_F_NODAD}. */
    public void addAddress(int index, byte[] address, int prefixLength, int flags, int scope)
            throws SysException {
        addAddress(index, address, address, prefixLength, flags, scope);
    }

    /** Adds an address with a separate peer ({@code IFA_ADDRESS}) as point-to-point configurations have. */
    public void addAddress(int index, byte[] local, byte[] peer, int prefixLength, int flags, int scope)
            throws SysException {
        int family = local.length == 4 ? LibC.AF_INET : LibC.AF_INET6;
        NetlinkMessage m = new NetlinkMessage(RTM_NEWADDR, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL)
                .u8(family).u8(prefixLength).u8(flags & 0xff).u8(scope).u32(index)
                .attr(IFA_LOCAL, local).attr(IFA_ADDRESS, peer).attrU32(IFA_FLAGS, flags);
        request(m, "RTM_NEWADDR");
    }

    /** Changes the flags of an existing address (e.g. to set NODAD on the link-local one). */
    public void replaceAddressFlags(Address a, int flags) throws SysException {
        NetlinkMessage m = new NetlinkMessage(RTM_NEWADDR, NLM_F_REQUEST | NLM_F_ACK | NLM_F_REPLACE)
                .u8(a.family()).u8(a.prefixLength()).u8(flags & 0xff).u8(a.scope()).u32(a.index())
                .attr(IFA_LOCAL, a.local()).attr(IFA_ADDRESS, a.peer()).attrU32(IFA_FLAGS, flags);
        request(m, "RTM_NEWADDR replace");
    }

    // ------------------------------------------------------------------ routes

    /** Routes of {@code family} in the main table. */
    public List<Route> routes(int family) throws SysException {
        NetlinkMessage m = new NetlinkMessage(RTM_GETROUTE, NLM_F_REQUEST | NLM_F_DUMP)
                .u8(family).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u32(0);
        List<Route> out = new ArrayList<>();
        dump(m, "RTM_GETROUTE", b -> {
            Route r = parseRoute(b);
            if (r.table() == RT_TABLE_MAIN && r.family() == family) {
                out.add(r);
            }
        });
        return out;
    }

    /** Adds a route via {@code gateway} (may be null for an on-link route) to {@code dst/dstLength}. */
    public void addRoute(int index, byte[] dst, int dstLength, byte[] gateway) throws SysException {
        int family = (dst != null ? dst.length : gateway.length) == 4 ? LibC.AF_INET : LibC.AF_INET6;
        int scope = gateway == null ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE;
        NetlinkMessage m = new NetlinkMessage(RTM_NEWROUTE, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL)
                .u8(family).u8(dstLength).u8(0).u8(0).u8(RT_TABLE_MAIN).u8(RTPROT_STATIC).u8(scope)
                .u8(RTN_UNICAST).u32(0)
                .attrU32(RTA_OIF, index);
        if (dst != null && dstLength > 0) {
            m.attr(RTA_DST, dst);
        }
        if (gateway != null) {
            m.attr(RTA_GATEWAY, gateway);
        }
        request(m, "RTM_NEWROUTE");
    }

    /**
     * Replays a dumped route on link {@code index}: the header and attributes as they were, with the output
     * interface replaced and the attributes that only make sense on the original host (preferred source,
     * nexthop object id) dropped, as pasta's {@code nl_route_dup()} does. Multipath routes are not copied.
     * The nexthop state flags ({@link #RTNH_COMPARE_MASK}: dead, link down, offload, trap) are cleared, as pasta
     * does: they describe the host's link, and the kernel refuses a new route that carries them (a host whose
     * uplink has no carrier would otherwise make {@code --config-net} fail with {@code EINVAL}).
     */
    public void copyRoute(Route r, int index) throws SysException {
        NetlinkMessage m = new NetlinkMessage(RTM_NEWROUTE, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL);
        byte[] header = r.header();
        for (int i = 0; i < header.length; i++) {
            m.u8(i == RTM_FLAGS_OFFSET ? header[i] & ~RTNH_COMPARE_MASK : header[i]);
        }
        for (NetlinkMessage.Attribute a : r.attributes()) {
            switch (a.type()) {
                case RTA_OIF -> m.attrU32(RTA_OIF, index);
                case RTA_PREFSRC, RTA_NH_ID, RTA_MULTIPATH -> { }
                default -> m.rawAttr(a);
            }
        }
        request(m, "RTM_NEWROUTE");
    }

    // ------------------------------------------------------------------ neighbours

    /** The kernel's ARP ({@code AF_INET}) or NDP ({@code AF_INET6}) table, every link. */
    public List<Neighbour> neighbours(int family) throws SysException {
        NetlinkMessage m = new NetlinkMessage(Neighbour.RTM_GETNEIGH, NLM_F_REQUEST | NLM_F_DUMP)
                .u8(family).u8(0).u16(0).u32(0).u16(0).u8(0).u8(0);
        List<Neighbour> out = new ArrayList<>();
        dump(m, "RTM_GETNEIGH", b -> {
            Neighbour n = Neighbour.parse(Neighbour.RTM_NEWNEIGH, b);
            if (n != null && n.family() == family) {
                out.add(n);
            }
        });
        return out;
    }

    /** Receives one message body (after {@code struct nlmsghdr}) of a given type. */
    interface MessageSink {
        void accept(int type, ByteBuffer body);
    }

    /** Hands every well-formed message in {@code b} (one datagram) to {@code sink}; stops at a malformed one. */
    static void walk(ByteBuffer b, MessageSink sink) {
        int p = 0;
        while (p + NetlinkMessage.NLMSG_HDRLEN <= b.limit()) {
            int len = b.getInt(p);
            if (len < NetlinkMessage.NLMSG_HDRLEN || p + len > b.limit()) {
                return;
            }
            ByteBuffer body = b.duplicate().position(p + NetlinkMessage.NLMSG_HDRLEN).limit(p + len).slice()
                    .order(ByteOrder.nativeOrder());
            sink.accept(b.getShort(p + 4) & 0xffff, body);
            p += align(len);
        }
    }

    // ------------------------------------------------------------------ transport

    private void send(NetlinkMessage m) throws SysException {
        byte[] msg = m.bytes(++seq);
        byte[] kernel = new byte[12];
        kernel[0] = (byte) LibC.AF_NETLINK;
        long n = LibC.sendto(fd, msg, msg.length, 0, kernel, kernel.length);
        if (n < 0) {
            throw new SysException("netlink send", LibC.errno());
        }
    }

    private ByteBuffer receive(String what) throws SysException {
        long n;
        do {
            n = LibC.recv(fd, com.sun.jna.Pointer.nativeValue(rx), RECV_SIZE, 0);
        } while (n < 0 && LibC.errno() == Errno.EINTR);
        if (n < 0) {
            throw new SysException("netlink receive " + what, LibC.errno());
        }
        return rx.getByteBuffer(0, n).order(ByteOrder.nativeOrder());
    }

    /** What to do with one reply message: keep reading, or stop (the request is complete). */
    private interface ReplyHandler {
        /** @return true when this message ends the exchange */
        boolean handle(ByteBuffer b, int start, int len, int type) throws SysException;
    }

    /** Sends a request with NLM_F_ACK and waits for its ACK. */
    private void request(NetlinkMessage m, String what) throws SysException {
        exchange(m, what, (b, start, len, type) -> {
            if (type != NLMSG_ERROR) {
                return false;
            }
            int error = b.getInt(start + 16);
            if (error != 0) {
                throw new SysException(what, -error);
            }
            return true;
        });
    }

    /** Sends a dump request and hands each reply message body (after nlmsghdr) to {@code sink}. */
    private void dump(NetlinkMessage m, String what, Consumer<ByteBuffer> sink) throws SysException {
        exchange(m, what, (b, start, len, type) -> {
            if (type == NLMSG_DONE) {
                return true;
            }
            if (type == NLMSG_ERROR) {
                int error = b.getInt(start + 16);
                throw new SysException(what, error == 0 ? Errno.EIO : -error);
            }
            ByteBuffer body = b.duplicate().order(ByteOrder.nativeOrder());
            body.position(start + NetlinkMessage.NLMSG_HDRLEN).limit(start + len);
            sink.accept(body.slice().order(ByteOrder.nativeOrder()));
            return false;
        });
    }

    /** Sends {@code m}, then walks the replies carrying its sequence number until {@code handler} says done. */
    private void exchange(NetlinkMessage m, String what, ReplyHandler handler) throws SysException {
        send(m);
        int mySeq = seq;
        while (true) {
            ByteBuffer b = receive(what);
            while (b.remaining() >= NetlinkMessage.NLMSG_HDRLEN) {
                int start = b.position();
                int len = b.getInt(start);
                if (len < NetlinkMessage.NLMSG_HDRLEN || len > b.remaining()) {
                    throw new SysException("netlink " + what + ": malformed reply", Errno.EIO);
                }
                if (b.getInt(start + 8) == mySeq && handler.handle(b, start, len, b.getShort(start + 4) & 0xffff)) {
                    return;
                }
                b.position(start + align(len));
            }
        }
    }

    private static int align(int len) {
        return (len + 3) & ~3;
    }

    static List<NetlinkMessage.Attribute> attributes(ByteBuffer body, int offset) {
        List<NetlinkMessage.Attribute> out = new ArrayList<>();
        int p = offset;
        while (p + 4 <= body.limit()) {
            int len = body.getShort(p) & 0xffff;
            int type = body.getShort(p + 2) & 0x3fff; // strip NLA_F_NESTED / NLA_F_NET_BYTEORDER
            if (len < 4 || p + len > body.limit()) {
                break;
            }
            byte[] v = new byte[len - 4];
            body.get(p + 4, v);
            out.add(new NetlinkMessage.Attribute(type, v));
            p += align(len);
        }
        return out;
    }

    private static Link parseLink(ByteBuffer b) {
        int index = b.getInt(4);
        int flags = b.getInt(8);
        String name = "";
        int mtu = 0;
        byte[] mac = new byte[0];
        for (NetlinkMessage.Attribute a : attributes(b, 16)) {
            switch (a.type()) {
                case IFLA_IFNAME -> name = cString(a.value());
                case IFLA_MTU -> mtu = a.u32();
                case IFLA_ADDRESS -> mac = a.value();
                default -> { }
            }
        }
        return new Link(index, name, flags, mtu, mac);
    }

    private static Address parseAddress(ByteBuffer b) {
        int family = b.get(0) & 0xff;
        int prefix = b.get(1) & 0xff;
        int flags = b.get(2) & 0xff;
        int scope = b.get(3) & 0xff;
        int index = b.getInt(4);
        byte[] local = null, address = null;
        for (NetlinkMessage.Attribute a : attributes(b, 8)) {
            switch (a.type()) {
                case IFA_LOCAL -> local = a.value();
                case IFA_ADDRESS -> address = a.value();
                case IFA_FLAGS -> flags = a.u32();
                default -> { }
            }
        }
        if (local == null) {
            local = address;
        }
        if (address == null) {
            address = local;
        }
        return new Address(family, index, prefix, flags, scope, local, address);
    }

    private static Route parseRoute(ByteBuffer b) {
        byte[] header = new byte[12];
        b.get(0, header);
        int family = header[0] & 0xff;
        int dstLen = header[1] & 0xff;
        int table = header[4] & 0xff;
        int protocol = header[5] & 0xff;
        int scope = header[6] & 0xff;
        int type = header[7] & 0xff;
        byte[] dst = null, gw = null;
        int oif = 0, prio = 0;
        List<NetlinkMessage.Attribute> attrs = attributes(b, 12);
        for (NetlinkMessage.Attribute a : attrs) {
            switch (a.type()) {
                case RTA_DST -> dst = a.value();
                case RTA_GATEWAY -> gw = a.value();
                case RTA_OIF -> oif = a.u32();
                case RTA_PRIORITY -> prio = a.u32();
                case RTA_TABLE -> table = a.u32();
                default -> { }
            }
        }
        return new Route(family, dstLen, table, protocol, scope, type, dst, gw, oif, prio, header,
                List.copyOf(attrs));
    }

    private static String cString(byte[] v) {
        int n = 0;
        while (n < v.length && v[n] != 0) {
            n++;
        }
        return new String(v, 0, n, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "RtNetlink[fd=" + fd + "]";
    }
}
