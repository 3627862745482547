package org.jpasta.control;

import org.jpasta.fwd.AddressKind;
import org.jpasta.fwd.AddressText;
import org.jpasta.fwd.Direction;
import org.jpasta.fwd.ForwardCapabilities;
import org.jpasta.fwd.ForwardRule;
import org.jpasta.fwd.PortSet;
import org.jpasta.fwd.Protocol;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The byte layout of pasta's configuration protocol (pesto, protocol version 2), as pasta 2026's {@code pesto.h}
 * and {@code fwd_rule.h} define it.
 *
 * <h2>Theory of operation</h2>
 * The server greets with {@link #HELLO_SIZE} bytes: the magic {@code "basil:s\0"}, then the protocol version,
 * its pif name size (128) and {@code IFNAMSIZ} (16), big-endian 32-bit words. It then sends each table as a
 * pif number (one byte: 1 "HOST" for {@code -t/-u}, 3 "SPLICE" for {@code -T/-U}), a {@link #PIF_INFO_SIZE}-byte
 * info block (NUL-padded name, capability bits, rule count) and the rules, and ends with pif 0. The client
 * answers with the complete new tables: pif byte, 32-bit count, rules, pif 0.
 * <p>
 * A rule is pasta's {@code struct fwd_rule} as it lies in memory ({@link #RULE_SIZE} bytes): listening address
 * and target address as 16-byte IPv6 (IPv4 mapped as {@code ::ffff:a.b.c.d}; "any address of both versions"
 * is {@code ::} with {@link #FLAG_DUAL_STACK_ANY}; no target address is all zeros), the interface name
 * NUL-padded to 16 bytes, first, last and target port in network order, the IP protocol number and the flags.
 * {@link #decodeRule} checks what cannot be represented by a {@link ForwardRule} (flags, protocol, the
 * dual-stack wildcard, the name's NUL) with pasta's messages; everything else is left to
 * {@link org.jpasta.fwd.ForwardTableBuilder}, which applies pasta's {@code fwd_rule_add()} checks.
 */
public final class PestoWire {
    public static final int PROTOCOL_VERSION = 2;
    public static final int PIF_NAME_SIZE = 128;
    public static final int IFNAMSIZ = 16;
    public static final int HELLO_SIZE = 8 + 3 * 4;
    public static final int PIF_INFO_SIZE = PIF_NAME_SIZE + 2 * 4;
    public static final int RULE_SIZE = 16 + 16 + IFNAMSIZ + 3 * 2 + 2;
    public static final int PIF_NONE = 0, PIF_HOST = 1, PIF_SPLICE = 3;

    public static final int CAP_IPV4 = 1, CAP_IPV6 = 1 << 1, CAP_TCP = 1 << 2, CAP_UDP = 1 << 3, CAP_SCAN = 1 << 4,
            CAP_IFNAME = 1 << 5;
    public static final int FLAG_DUAL_STACK_ANY = 1, FLAG_WEAK = 1 << 1, FLAG_SCAN = 1 << 2;

    private static final byte[] MAGIC = "basil:s\0".getBytes(StandardCharsets.US_ASCII);
    private static final int ADDR = 0, TADDR = 16, IFNAME = 32, FIRST = 48, LAST = 50, TO = 52, PROTO = 54,
            FLAGS = 55;
    private static final int IPPROTO_TCP = 6, IPPROTO_UDP = 17;

    private PestoWire() {}

    /** The server's greeting. */
    public static byte[] hello() {
        ByteBuffer b = ByteBuffer.allocate(HELLO_SIZE);
        b.put(MAGIC).putInt(PROTOCOL_VERSION).putInt(PIF_NAME_SIZE).putInt(IFNAMSIZ);
        return b.array();
    }

    /** pasta's pif number of a table. */
    public static int pif(Direction direction) {
        return direction == Direction.INBOUND ? PIF_HOST : PIF_SPLICE;
    }

    /** The table of a pif number, or null for one pasta mode has no table for. */
    public static Direction direction(int pif) {
        return pif == PIF_HOST ? Direction.INBOUND : pif == PIF_SPLICE ? Direction.OUTBOUND : null;
    }

    /** {@code FWD_CAP_*} bits of a table. */
    public static int capabilities(ForwardCapabilities c) {
        return (c.ipv4() ? CAP_IPV4 : 0) | (c.ipv6() ? CAP_IPV6 : 0) | (c.tcp() ? CAP_TCP : 0)
                | (c.udp() ? CAP_UDP : 0) | (c.scan() ? CAP_SCAN : 0) | (c.ifnameBinding() ? CAP_IFNAME : 0);
    }

    /** Writes a table's header for the client: pif number, name, capabilities, rule count. */
    public static void putTableHeader(ByteBuffer out, Direction direction, int capabilities, int count) {
        out.put((byte) pif(direction));
        byte[] name = direction.pifName().getBytes(StandardCharsets.US_ASCII);
        out.put(name).put(new byte[PIF_NAME_SIZE - name.length]);
        out.putInt(capabilities).putInt(count);
    }

    /** Appends {@code rule} in pasta's layout. */
    public static void encodeRule(ForwardRule rule, ByteBuffer out) {
        int at = out.position();
        out.put(new byte[RULE_SIZE]);
        if (rule.listenAddress() != null) {
            putAddress(out, at + ADDR, rule.listenAddress());
        }
        if (rule.targetAddress() != null) {
            putAddress(out, at + TADDR, rule.targetAddress());
        }
        if (rule.listenInterface() != null) {
            byte[] name = rule.listenInterface().getBytes(StandardCharsets.US_ASCII);
            out.put(at + IFNAME, name, 0, Math.min(name.length, IFNAMSIZ - 1));
        }
        out.putShort(at + FIRST, (short) rule.firstPort());
        out.putShort(at + LAST, (short) rule.lastPort());
        out.putShort(at + TO, (short) rule.targetFirstPort());
        out.put(at + PROTO, (byte) (rule.protocol() == Protocol.TCP ? IPPROTO_TCP : IPPROTO_UDP));
        int flags = (rule.dualStack() ? FLAG_DUAL_STACK_ANY : 0) | (rule.weak() ? FLAG_WEAK : 0)
                | (rule.scan() ? FLAG_SCAN : 0);
        out.put(at + FLAGS, (byte) flags);
    }

    /**
     * Reads one rule of table {@code direction} from the {@link #RULE_SIZE} bytes at {@code in}'s position.
     *
     * @throws InvalidRuleException with pasta's message if the bytes are no rule pasta would consider
     */
    public static ForwardRule decodeRule(ByteBuffer in, Direction direction) throws InvalidRuleException {
        int at = in.position();
        in.position(at + RULE_SIZE);
        if (in.get(at + IFNAME + IFNAMSIZ - 1) != 0) {
            throw new InvalidRuleException("Interface name was not NULL terminated");
        }
        int flags = in.get(at + FLAGS) & 0xff;
        int allowed = FLAG_DUAL_STACK_ANY | FLAG_WEAK | FLAG_SCAN;
        if ((flags & ~allowed) != 0) {
            throw new InvalidRuleException("Rule has invalid flags 0x" + Integer.toHexString(flags & ~allowed));
        }
        byte[] addr = bytes(in, at + ADDR, 16);
        InetAddress listen = null;
        if ((flags & FLAG_DUAL_STACK_ANY) != 0) {
            if (!isZero(addr)) {
                throw new InvalidRuleException("Dual stack rule has non-wildcard address " + text(addr));
            }
        } else {
            listen = address(addr);
        }
        InetAddress taddr = address(bytes(in, at + TADDR, 16));
        // pasta's inany_is_unspecified(): :: or ::ffff:0.0.0.0 (which comes back as IPv4 0.0.0.0)
        InetAddress target = AddressKind.isUnspecified(taddr) ? null : taddr;
        int proto = in.get(at + PROTO) & 0xff;
        Protocol protocol;
        if (proto == IPPROTO_TCP) {
            protocol = Protocol.TCP;
        } else if (proto == IPPROTO_UDP) {
            protocol = Protocol.UDP;
        } else {
            throw new InvalidRuleException(String.format("Unsupported protocol 0x%x (%s) for forwarding rule",
                    proto, protocolName(proto)));
        }
        int nameLength = 0;
        while (nameLength < IFNAMSIZ && in.get(at + IFNAME + nameLength) != 0) {
            nameLength++;
        }
        String ifname = nameLength == 0 ? null
                : new String(bytes(in, at + IFNAME, nameLength), StandardCharsets.US_ASCII);
        return new ForwardRule(protocol, direction, listen, ifname, in.getShort(at + FIRST) & 0xffff,
                in.getShort(at + LAST) & 0xffff, target, in.getShort(at + TO) & 0xffff, (flags & FLAG_WEAK) != 0,
                (flags & FLAG_SCAN) != 0, PortSet.EMPTY);
    }

    private static void putAddress(ByteBuffer out, int at, InetAddress address) {
        byte[] a = address.getAddress();
        if (address instanceof Inet4Address) {
            out.put(at + 10, (byte) 0xff).put(at + 11, (byte) 0xff);
            out.put(at + 12, a);
        } else {
            out.put(at, a);
        }
    }

    private static byte[] bytes(ByteBuffer in, int at, int length) {
        byte[] b = new byte[length];
        in.get(at, b);
        return b;
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }


    /** An IPv4-mapped address as IPv4, any other as IPv6. */
    private static InetAddress address(byte[] a) throws InvalidRuleException {
        try {
            return InetAddress.getByAddress(a); // an IPv4-mapped address comes back as an Inet4Address
        } catch (UnknownHostException e) {
            throw new InvalidRuleException("Invalid address in forwarding rule");
        }
    }

    private static String text(byte[] a) {
        try {
            return AddressText.format(address(a));
        } catch (InvalidRuleException e) {
            return "?";
        }
    }

    private static String protocolName(int proto) {
        return switch (proto) {
            case 1 -> "ICMP";
            case 58 -> "ICMPv6";
            default -> "<unknown protocol>";
        };
    }

    /** A rule the client sent that pasta would not consider, with pasta's warning. */
    public static final class InvalidRuleException extends Exception {
        private static final long serialVersionUID = 1L;

        public InvalidRuleException(String message) {
            super(message);
        }
    }
}
