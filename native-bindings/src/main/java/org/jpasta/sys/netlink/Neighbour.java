package org.jpasta.sys.netlink;

import java.nio.ByteBuffer;

/**
 * One entry of the kernel's ARP or NDP table, as {@code RTM_NEWNEIGH} / {@code RTM_DELNEIGH} carry it: the
 * {@code struct ndmsg} fields and the {@code NDA_DST} and {@code NDA_LLADDR} attributes.
 *
 * @param deleted  true for {@code RTM_DELNEIGH}
 * @param family   {@code AF_INET} or {@code AF_INET6}
 * @param ifindex  the link the entry belongs to
 * @param state    {@code NUD_*} bits
 * @param type     {@code ndm_type}, the route type ({@code RTN_UNICAST} for ordinary neighbours)
 * @param address  the neighbour's IP address (4 or 16 bytes), never null
 * @param linkAddress its link-layer address, null if the message has none (e.g. an incomplete entry)
 */
public record Neighbour(boolean deleted, int family, int ifindex, int state, int type, byte[] address,
                        byte[] linkAddress) {
    static final int RTM_NEWNEIGH = 28, RTM_DELNEIGH = 29, RTM_GETNEIGH = 30;
    /** {@code sizeof(struct ndmsg)}. */
    static final int NDMSG_LENGTH = 12;
    static final int NDA_DST = 1, NDA_LLADDR = 2;
    /** {@code NUD_PERMANENT | NUD_NOARP | NUD_REACHABLE | NUD_PROBE | NUD_STALE | NUD_DELAY}: the MAC is usable. */
    public static final int NUD_VALID = 0x80 | 0x40 | 0x02 | 0x10 | 0x04 | 0x08;
    public static final int RTN_UNICAST = 1;

    /** Whether the kernel considers the link-layer address usable. */
    public boolean isValid() {
        return (state & NUD_VALID) != 0;
    }

    /**
     * Parses the body (after {@code struct nlmsghdr}) of a message of {@code messageType}; null for other
     * message types, for a body shorter than {@code struct ndmsg}, or for one without a destination.
     */
    static Neighbour parse(int messageType, ByteBuffer body) {
        if (messageType != RTM_NEWNEIGH && messageType != RTM_DELNEIGH || body.limit() < NDMSG_LENGTH) {
            return null;
        }
        int family = body.get(0) & 0xff;
        int ifindex = body.getInt(4);
        int state = body.getShort(8) & 0xffff;
        int type = body.get(11) & 0xff;
        byte[] dst = null, lladdr = null;
        for (NetlinkMessage.Attribute a : RtNetlink.attributes(body, NDMSG_LENGTH)) {
            if (a.type() == NDA_DST) {
                dst = a.value();
            } else if (a.type() == NDA_LLADDR) {
                lladdr = a.value();
            }
        }
        if (dst == null) {
            return null;
        }
        return new Neighbour(messageType == RTM_DELNEIGH, family, ifindex, state, type, dst, lladdr);
    }
}
