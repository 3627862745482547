package org.jpasta.dhcp;

import org.jpasta.ndp.DnsSearchList;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The options pasta's DHCP server always sends, encoded once from the configuration.
 *
 * <p>Theory of operation: every option except the message type (and Rapid Commit) is the same in every
 * reply, so each is encoded here into {@code value[code]} when the server starts; {@code null} means "not
 * sent". As in pasta: 1 subnet mask, 3 router, 51 infinite lease, 54 server identifier, 26 MTU (unless 0),
 * 6 DNS servers (only those given, i.e. with {@code --dhcp-dns}), 12 host name ({@code -H}), 81 client FQDN
 * ({@code --fqdn}, flags E, RCODEs 255), 119 domain search (RFC 1035 labels, with {@code --dhcp-search}), and
 * 121 classless static routes (a /32 route to the gateway plus a default route) when the gateway lies
 * outside the guest's subnet. Immutable after construction.
 */
public final class DhcpOptionsTable {
    public static final int SUBNET_MASK = 1, ROUTER = 3, DNS_SERVERS = 6, HOST_NAME = 12, INTERFACE_MTU = 26,
            LEASE_TIME = 51, SERVER_IDENTIFIER = 54, CLIENT_FQDN = 81, DOMAIN_SEARCH = 119,
            CLASSLESS_ROUTES = 121;
    /** Longest option value the one-octet length allows. */
    static final int MAX_VALUE_LENGTH = 255;

    private final byte[][] value = new byte[256][];

    /**
     * @param guest     the guest's address (network-order int)
     * @param prefixLength its prefix length
     * @param gateway   the guest's gateway, also pasta's address (server identifier)
     * @param mtu       interface MTU to advertise, 0 for none
     * @param dns       DNS servers to advertise (empty: no option 6)
     * @param hostname  host name or null
     * @param fqdn      client FQDN or null
     * @param search    search domains (empty: no option 119)
     */
    public DhcpOptionsTable(int guest, int prefixLength, int gateway, int mtu, List<Integer> dns, String hostname,
                            String fqdn, List<String> search) {
        int mask = prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
        value[SUBNET_MASK] = int4(mask);
        value[ROUTER] = int4(gateway);
        value[LEASE_TIME] = int4(-1);
        value[SERVER_IDENTIFIER] = int4(gateway);
        if (mtu != 0) {
            value[INTERFACE_MTU] = new byte[] {(byte) (mtu >>> 8), (byte) mtu};
        }
        if (!dns.isEmpty()) {
            ByteBuffer b = ByteBuffer.allocate(Math.min(dns.size(), MAX_VALUE_LENGTH / 4) * 4);
            for (int i = 0; i < b.capacity() / 4; i++) {
                b.putInt(dns.get(i));
            }
            value[DNS_SERVERS] = b.array();
        }
        if (hostname != null && !hostname.isEmpty()) {
            value[HOST_NAME] = truncated(hostname.getBytes(StandardCharsets.US_ASCII));
        }
        if (fqdn != null && !fqdn.isEmpty()) {
            value[CLIENT_FQDN] = clientFqdn(fqdn);
        }
        if (!search.isEmpty()) {
            byte[] encoded = DnsSearchList.encode(search);
            if (encoded.length <= MAX_VALUE_LENGTH) {
                value[DOMAIN_SEARCH] = encoded;
            }
        }
        if ((guest & mask) != (gateway & mask)) {
            ByteBuffer routes = ByteBuffer.allocate(14);
            routes.put((byte) 32).putInt(gateway).putInt(0).put((byte) 0).putInt(gateway);
            value[CLASSLESS_ROUTES] = routes.array();
        }
    }

    private static byte[] clientFqdn(String fqdn) {
        byte[] name = DnsSearchList.encode(List.of(fqdn));
        if (name.length + 3 > MAX_VALUE_LENGTH) {
            return null;
        }
        byte[] v = new byte[3 + name.length];
        v[0] = 0x04;
        v[1] = (byte) 0xff;
        v[2] = (byte) 0xff;
        System.arraycopy(name, 0, v, 3, name.length);
        return v;
    }

    private static byte[] truncated(byte[] b) {
        return b.length <= MAX_VALUE_LENGTH ? b : java.util.Arrays.copyOf(b, MAX_VALUE_LENGTH);
    }

    private static byte[] int4(int v) {
        return ByteBuffer.allocate(4).putInt(v).array();
    }

    /** The encoded value of {@code code}, or null if pasta does not send it. */
    byte[] value(int code) {
        return value[code];
    }
}
