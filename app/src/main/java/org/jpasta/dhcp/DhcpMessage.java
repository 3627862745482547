package org.jpasta.dhcp;

import org.jpasta.wire.DropReason;
import org.jpasta.wire.PacketView;

import java.nio.ByteBuffer;

/**
 * View of a DHCP / BOOTP message (RFC 2131, options RFC 2132) as a client sends it.
 *
 * <h2>Theory of operation</h2>
 * {@link #wrap} checks everything before anything is read: the buffer holds the bytes, the fixed BOOTP part
 * and the magic cookie are there, {@code op} is BOOTREQUEST, and every option up to End (or the end of the
 * message) lies inside the message: a length that runs past the end rejects the whole message. While
 * scanning it remembers where the few options the server needs are (message type, parameter request list,
 * requested address, rapid commit), so the accessors are plain reads. Pad options are skipped. Like pasta,
 * the cookie value itself is not insisted on beyond its presence. No allocation; one instance is reused.
 */
public final class DhcpMessage extends PacketView {
    public static final int OP_BOOTREQUEST = 1, OP_BOOTREPLY = 2;
    /** Fixed BOOTP fields, then the 4-octet magic cookie: where options begin. */
    public static final int FIXED_LENGTH = 236, OPTIONS_OFFSET = 240;
    public static final int MAGIC_COOKIE = 0x63825363;
    public static final int FLAG_BROADCAST = 0x8000;

    static final int OP = 0, HTYPE = 1, HLEN = 2, HOPS = 3, XID = 4, SECS = 8, FLAGS = 10, CIADDR = 12,
            YIADDR = 16, SIADDR = 20, GIADDR = 24, CHADDR = 28, CHADDR_LENGTH = 16, SNAME = 44, FILE = 108,
            MAGIC = 236;

    public static final int OPTION_PAD = 0, OPTION_END = 255, OPTION_REQUESTED_ADDRESS = 50,
            OPTION_MESSAGE_TYPE = 53, OPTION_PARAMETER_REQUEST_LIST = 55, OPTION_RAPID_COMMIT = 80;
    public static final int DISCOVER = 1, OFFER = 2, REQUEST = 3, DECLINE = 4, ACK = 5, NAK = 6, RELEASE = 7,
            INFORM = 8;

    private int messageType;
    private int requestListOffset, requestListLength;
    private boolean rapidCommit;
    private int requestedAddress;
    private boolean hasRequestedAddress;

    /** Points the view at a message of {@code length} octets (the UDP payload). */
    public boolean wrap(ByteBuffer buf, int offset, int length) {
        messageType = -1;
        requestListOffset = requestListLength = 0;
        rapidCommit = hasRequestedAddress = false;
        if (!point(buf, offset, length)) {
            return false;
        }
        if (length < OPTIONS_OFFSET) {
            return reject(DropReason.TRUNCATED);
        }
        if ((buf.get(offset + OP) & 0xff) != OP_BOOTREQUEST) {
            return reject(DropReason.UNSUPPORTED);
        }
        if (!scanOptions()) {
            return reject(DropReason.BAD_OPTION);
        }
        return true;
    }

    private boolean scanOptions() {
        int at = offset + OPTIONS_OFFSET;
        int end = offset + length;
        while (at < end) {
            int code = buf.get(at) & 0xff;
            if (code == OPTION_END) {
                return true;
            }
            if (code == OPTION_PAD) {
                at++;
                continue;
            }
            if (at + 2 > end) {
                return false;
            }
            int len = buf.get(at + 1) & 0xff;
            int value = at + 2;
            if (value + len > end) {
                return false;
            }
            remember(code, value, len);
            at = value + len;
        }
        return true;
    }

    private void remember(int code, int value, int len) {
        switch (code) {
            case OPTION_MESSAGE_TYPE -> messageType = len > 0 ? buf.get(value) & 0xff : -1;
            case OPTION_PARAMETER_REQUEST_LIST -> {
                requestListOffset = value;
                requestListLength = len;
            }
            case OPTION_RAPID_COMMIT -> rapidCommit = true;
            case OPTION_REQUESTED_ADDRESS -> {
                if (len == 4) {
                    requestedAddress = buf.getInt(value);
                    hasRequestedAddress = true;
                }
            }
            default -> { }
        }
    }

    public int length() {
        return length;
    }

    public int hardwareType() {
        return buf.get(offset + HTYPE) & 0xff;
    }

    public int hardwareLength() {
        return buf.get(offset + HLEN) & 0xff;
    }

    public int transactionId() {
        return buf.getInt(offset + XID);
    }

    public int flags() {
        return buf.getShort(offset + FLAGS) & 0xffff;
    }

    public boolean broadcast() {
        return (flags() & FLAG_BROADCAST) != 0;
    }

    public int clientAddress() {
        return buf.getInt(offset + CIADDR);
    }

    public int relayAddress() {
        return buf.getInt(offset + GIADDR);
    }

    public int magic() {
        return buf.getInt(offset + MAGIC);
    }

    /** Octet {@code i} (0..15) of the client hardware address field. */
    public int clientHardwareAddressOctet(int i) {
        return buf.get(offset + CHADDR + i) & 0xff;
    }

    /** The DHCP message type (option 53), or -1 for a BOOTP message without one. */
    public int messageType() {
        return messageType;
    }

    public boolean rapidCommit() {
        return rapidCommit;
    }

    public boolean hasRequestedAddress() {
        return hasRequestedAddress;
    }

    public int requestedAddress() {
        return requestedAddress;
    }

    /** Number of codes in the parameter request list (0 if absent). */
    public int requestedOptionCount() {
        return requestListLength;
    }

    /** The {@code i}-th code of the parameter request list. */
    public int requestedOption(int i) {
        return buf.get(requestListOffset + i) & 0xff;
    }

    /** True if the parameter request list names {@code code}. */
    public boolean requests(int code) {
        for (int i = 0; i < requestListLength; i++) {
            if (requestedOption(i) == code) {
                return true;
            }
        }
        return false;
    }
}
