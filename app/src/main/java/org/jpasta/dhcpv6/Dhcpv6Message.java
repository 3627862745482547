package org.jpasta.dhcpv6;

import org.jpasta.wire.DropReason;
import org.jpasta.wire.PacketView;

import java.nio.ByteBuffer;

/**
 * View of a DHCPv6 client message (RFC 8415): type, transaction id, options.
 *
 * <h2>Theory of operation</h2>
 * {@link #wrap} walks the top-level options once, rejecting the message if any option header or value runs
 * past the end, and remembers where the options the server looks at are: Client Identifier, Server
 * Identifier, the first IA_NA (with its IAID), whether an IA_TA is present, and Client FQDN. Inside the IA_NA
 * {@link #firstForeignAddress} walks the nested options, again bounds-checked, to find an IA Address other
 * than the one pasta hands out (pasta's NotOnLink check). No allocation; one instance is reused.
 */
public final class Dhcpv6Message extends PacketView {
    public static final int HEADER_LENGTH = 4, OPTION_HEADER_LENGTH = 4;
    public static final int SOLICIT = 1, ADVERTISE = 2, REQUEST = 3, CONFIRM = 4, RENEW = 5, REBIND = 6, REPLY = 7,
            RELEASE = 8, DECLINE = 9, INFORMATION_REQUEST = 11;
    public static final int OPTION_CLIENT_ID = 1, OPTION_SERVER_ID = 2, OPTION_IA_NA = 3, OPTION_IA_TA = 4,
            OPTION_IA_ADDRESS = 5, OPTION_STATUS_CODE = 13, OPTION_DNS_SERVERS = 23, OPTION_DOMAIN_LIST = 24,
            OPTION_CLIENT_FQDN = 39;
    /** IA_NA fixed part: IAID, T1, T2. */
    public static final int IA_NA_FIXED_LENGTH = 12;
    /** IA Address fixed part: address, preferred and valid lifetimes. */
    public static final int IA_ADDRESS_LENGTH = 24;

    private int clientId = -1, clientIdLength;
    private int serverId = -1, serverIdLength;
    private int iaNa = -1, iaNaLength;
    private boolean hasIaTa;

    public boolean wrap(ByteBuffer buf, int offset, int length) {
        clientId = serverId = iaNa = -1;
        clientIdLength = serverIdLength = iaNaLength = 0;
        hasIaTa = false;
        if (!point(buf, offset, length)) {
            return false;
        }
        if (length < HEADER_LENGTH) {
            return reject(DropReason.TRUNCATED);
        }
        if (!scanOptions()) {
            return reject(DropReason.BAD_OPTION);
        }
        if (iaNa >= 0 && iaNaLength < IA_NA_FIXED_LENGTH) {
            return reject(DropReason.BAD_OPTION);
        }
        return true;
    }

    private boolean scanOptions() {
        int at = offset + HEADER_LENGTH;
        int end = offset + length;
        while (at < end) {
            if (at + OPTION_HEADER_LENGTH > end) {
                return false;
            }
            int code = buf.getShort(at) & 0xffff;
            int len = buf.getShort(at + 2) & 0xffff;
            int value = at + OPTION_HEADER_LENGTH;
            if (len > end - value) {
                return false;
            }
            remember(code, value, len);
            at = value + len;
        }
        return true;
    }

    private void remember(int code, int value, int len) {
        switch (code) {
            case OPTION_CLIENT_ID -> {
                if (clientId < 0) {
                    clientId = value;
                    clientIdLength = len;
                }
            }
            case OPTION_SERVER_ID -> {
                if (serverId < 0) {
                    serverId = value;
                    serverIdLength = len;
                }
            }
            case OPTION_IA_NA -> {
                if (iaNa < 0) {
                    iaNa = value;
                    iaNaLength = len;
                }
            }
            case OPTION_IA_TA -> hasIaTa = true;
            default -> { }
        }
    }

    public int type() {
        return buf.get(offset) & 0xff;
    }

    /** The 24-bit transaction id. */
    public int transactionId() {
        return buf.getInt(offset) & 0xffffff;
    }

    public boolean hasClientId() {
        return clientId >= 0;
    }

    /** Offset of the Client Identifier's value (the DUID). */
    public int clientIdOffset() {
        return clientId;
    }

    public int clientIdLength() {
        return clientIdLength;
    }

    public boolean hasServerId() {
        return serverId >= 0;
    }

    public int serverIdOffset() {
        return serverId;
    }

    public int serverIdLength() {
        return serverIdLength;
    }

    public boolean hasIaNa() {
        return iaNa >= 0;
    }

    public int iaid() {
        return buf.getInt(iaNa);
    }

    public boolean hasIaTa() {
        return hasIaTa;
    }

    /**
     * Offset of the first IA Address inside the IA_NA whose address differs from {@code (hi, lo)}, or -1 if
     * there is none (or the nested options are malformed, which pasta also treats as "not found").
     */
    public int firstForeignAddress(long hi, long lo) {
        if (iaNa < 0) {
            return -1;
        }
        int at = iaNa + IA_NA_FIXED_LENGTH;
        int end = iaNa + iaNaLength;
        while (at + OPTION_HEADER_LENGTH <= end) {
            int code = buf.getShort(at) & 0xffff;
            int len = buf.getShort(at + 2) & 0xffff;
            int value = at + OPTION_HEADER_LENGTH;
            if (len > end - value) {
                return -1;
            }
            if (code == OPTION_IA_ADDRESS) {
                if (len < IA_ADDRESS_LENGTH) {
                    return -1;
                }
                if (buf.getLong(value) != hi || buf.getLong(value + 8) != lo) {
                    return value;
                }
            }
            at = value + len;
        }
        return -1;
    }
}
