package org.jpasta.sys.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Builds one netlink message: {@code struct nlmsghdr}, a fixed family header, then {@code rtattr}s, each
 * padded to 4 bytes. Host byte order (netlink is native-endian).
 */
final class NetlinkMessage {
    static final int NLMSG_HDRLEN = 16;
    private final ByteBuffer buf = ByteBuffer.allocate(8192).order(ByteOrder.nativeOrder());
    private final int nestStack[] = new int[8];
    private int nestDepth;

    NetlinkMessage(int type, int flags) {
        buf.putInt(0); // length, patched in bytes()
        buf.putShort((short) type);
        buf.putShort((short) flags);
        buf.putInt(0); // sequence, patched by the socket
        buf.putInt(0); // port id: the kernel fills it in
    }

    NetlinkMessage u8(int v) {
        buf.put((byte) v);
        return this;
    }

    NetlinkMessage u16(int v) {
        buf.putShort((short) v);
        return this;
    }

    NetlinkMessage u32(int v) {
        buf.putInt(v);
        return this;
    }

    NetlinkMessage attr(int type, byte[] value) {
        int len = 4 + value.length;
        buf.putShort((short) len);
        buf.putShort((short) type);
        buf.put(value);
        pad();
        return this;
    }

    NetlinkMessage attrU32(int type, int value) {
        buf.putShort((short) 8);
        buf.putShort((short) type);
        buf.putInt(value);
        return this;
    }

    NetlinkMessage attrString(int type, String value) {
        byte[] s = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] z = Arrays.copyOf(s, s.length + 1);
        return attr(type, z);
    }

    /** Copies an attribute verbatim (type and payload) from a received message. */
    NetlinkMessage rawAttr(Attribute a) {
        return attr(a.type(), a.value());
    }

    private void pad() {
        while ((buf.position() & 3) != 0) {
            buf.put((byte) 0);
        }
    }

    byte[] bytes(int seq) {
        int len = buf.position();
        buf.putInt(0, len);
        buf.putInt(8, seq);
        return Arrays.copyOf(buf.array(), len);
    }

    /** One received attribute. */
    record Attribute(int type, byte[] value) {
        int u32() {
            return ByteBuffer.wrap(value).order(ByteOrder.nativeOrder()).getInt();
        }
    }
}
