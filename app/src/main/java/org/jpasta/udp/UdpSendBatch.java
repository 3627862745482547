package org.jpasta.udp;

import io.netty.util.internal.PlatformDependent;
import org.jpasta.log.Log;
import org.jpasta.sys.DatagramCalls;
import org.jpasta.sys.Errno;
import org.jpasta.sys.LibC;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Guest datagrams of one tap wake-up, sent to their host sockets together: one {@code sendmmsg(2)} per run of
 * datagrams for the same flow, with runs of equal-size datagrams handed to the kernel as one UDP GSO
 * message each ({@code UDP_SEGMENT}).
 *
 * <h2>Theory of operation</h2>
 * Profiling the guest → host path showed about 90 % of the helper's time in the kernel: a third reading the
 * tap, most of the rest in {@code sendto}'s per-datagram path (building and routing an skb, then, on
 * loopback, delivering it to the receiving socket), plus per-call overhead (JNA dispatch, system-call entry).
 * The tap keeps every frame of a wake-up in place until {@code endOfBatch()}, so {@link #add} only records
 * an {@code iovec} pointing at the payload in the tap buffer (and, for flows answering through a listener,
 * the peer's address); nothing is copied. {@link #flush} then walks the runs of consecutive datagrams of one
 * flow (a bulk sender is one flow, so usually one run per wake-up) and cuts each run into messages:
 * consecutive datagrams of one size, possibly ending with a shorter one, become one message whose
 * {@code iovec}s are the datagrams and whose {@code UDP_SEGMENT} control message is that size. The kernel
 * then builds one large skb and splits it into exactly those datagrams, on the way out or, on loopback, at the
 * receiving socket; the peer sees the same datagrams as with one {@code send} each, for a fraction of the
 * per-datagram cost. A message is at most {@value #MAX_SEGMENTS} datagrams and 65507 bytes (the largest IPv4
 * UDP payload). All messages of a run go out with one {@code sendmmsg}.
 *
 * <p>If the kernel refuses a segmented message as such ({@code EMSGSIZE}: the size does not fit the route's
 * MTU; {@code EINVAL}, {@code EIO}, {@code EOPNOTSUPP}: no GSO or checksum offload on the way) segmentation is switched off for that flow and the
 * rest of the run is sent one datagram per message, as pasta does. A message refused for another reason
 * (e.g. a pending ICMP error on a connected socket) is dropped and counted, and the rest of the run is sent.
 * The batch is bounded by the tap's frames per wake-up and flushed early if full; nothing is allocated per
 * datagram. Event-loop confined.
 */
final class UdpSendBatch {
    /** Datagrams per segmented message: the kernel's {@code UDP_MAX_SEGMENTS} before Linux 6.10. */
    static final int MAX_SEGMENTS = 64;
    /** Largest payload of one message: 65535 - IPv4 header - UDP header. */
    static final int MAX_MESSAGE_PAYLOAD = 65507;
    private static final int SOL_UDP = 17, UDP_SEGMENT = 103, EMSGSIZE = 90;
    private static final int NAME_SIZE = 28; // sockaddr_in6, the largest peer address
    /** {@code CMSG_SPACE(sizeof(uint16_t))} and {@code CMSG_LEN(sizeof(uint16_t))}. */
    private static final int CONTROL_SPACE = 24, CONTROL_LENGTH = 18;
    private static final int FLAGS = LibC.MSG_DONTWAIT | LibC.MSG_NOSIGNAL;

    private final int capacity;
    /**
     * One area for everything the kernel reads: the {@code mmsghdr} array (one message per datagram at most),
     * then one {@code iovec} per datagram, then one peer address per datagram, then one control message per
     * message.
     */
    private final ByteBuffer area;
    private final long areaAddress;
    private final int iovecsOffset, namesOffset, controlsOffset;
    private final UdpFlow[] flows;
    private final int[] lengths;
    /** First datagram of each message built by {@link #buildMessages}. */
    private final int[] messageStart;
    private int count;
    private long refused, segmentedMessages;

    UdpSendBatch(int capacity) {
        this.capacity = capacity;
        iovecsOffset = capacity * DatagramCalls.MMSGHDR_SIZE;
        namesOffset = iovecsOffset + capacity * DatagramCalls.IOVEC_SIZE;
        controlsOffset = namesOffset + capacity * NAME_SIZE;
        area = ByteBuffer.allocateDirect(controlsOffset + capacity * CONTROL_SPACE).order(ByteOrder.nativeOrder());
        areaAddress = PlatformDependent.directBufferAddress(area);
        flows = new UdpFlow[capacity];
        lengths = new int[capacity];
        messageStart = new int[capacity];
        for (int m = 0; m < capacity; m++) {
            int c = control(m);
            area.putLong(c + DatagramCalls.CMSG_LEN, CONTROL_LENGTH);
            area.putInt(c + DatagramCalls.CMSG_LEVEL, SOL_UDP);
            area.putInt(c + DatagramCalls.CMSG_TYPE, UDP_SEGMENT);
        }
    }

    /**
     * Queues {@code length} bytes at native {@code address} for {@code f}'s socket; they must stay in place
     * until {@link #flush}.
     */
    void add(UdpFlow f, long address, int length) {
        if (count == capacity) {
            flush();
        }
        int i = count++;
        flows[i] = f;
        lengths[i] = length;
        area.putLong(iovec(i) + DatagramCalls.IOVEC_BASE, address);
        area.putLong(iovec(i) + DatagramCalls.IOVEC_LEN, length);
        if (!f.ownsSocket) {
            byte[] target = f.target;
            for (int b = 0; b < target.length; b++) {
                area.put(name(i) + b, target[b]);
            }
        }
    }

    /** Sends everything queued, one {@code sendmmsg} per run of datagrams for the same flow. */
    void flush() {
        int start = 0;
        while (start < count) {
            int end = start + 1;
            while (end < count && flows[end] == flows[start]) {
                end++;
            }
            sendRun(flows[start], start, end);
            start = end;
        }
        for (int i = 0; i < count; i++) {
            flows[i] = null;
        }
        count = 0;
    }

    /** Sends datagrams {@code from} to {@code to} (exclusive), all of flow {@code f}. */
    private void sendRun(UdpFlow f, int from, int to) {
        int messages = buildMessages(f, from, to);
        int m = 0;
        while (m < messages) {
            int sent = DatagramCalls.sendmmsg(f.fd, areaAddress + header(m), messages - m, FLAGS);
            if (sent > 0) {
                m += sent;
                continue;
            }
            int errno = LibC.errno();
            boolean segmented = datagramsIn(m, messages, to) > 1;
            if (segmented && refusesSegmentation(errno)) {
                f.segmentationRefused = true;
                if (Log.debug) {
                    Log.debug("udp: no segmentation offload for this flow: " + LibC.strerrorText(errno));
                }
                sendRun(f, messageStart[m], to); // rebuilt one datagram per message
                return;
            }
            refused += datagramsIn(m, messages, to);
            if (Log.trace) {
                Log.trace("udp: sendmmsg: " + LibC.strerrorText(errno));
            }
            m++;
        }
    }

    /**
     * Errors that mean "not as a segmented message": {@code EMSGSIZE} (segment size beyond the route's MTU),
     * {@code EINVAL}, {@code EIO} (no checksum offload on the way), {@code EOPNOTSUPP}.
     */
    private static boolean refusesSegmentation(int errno) {
        return errno == EMSGSIZE || errno == Errno.EINVAL || errno == Errno.EIO || errno == Errno.EOPNOTSUPP;
    }

    private int datagramsIn(int message, int messages, int runEnd) {
        return (message + 1 < messages ? messageStart[message + 1] : runEnd) - messageStart[message];
    }

    /** Lays out the messages for datagrams {@code from} to {@code to} of flow {@code f}; returns how many. */
    private int buildMessages(UdpFlow f, int from, int to) {
        int messages = 0;
        for (int i = from; i < to; ) {
            int segments = f.segmentationRefused ? 1 : segmentsFrom(i, to);
            int m = messages++;
            messageStart[m] = i;
            int h = header(m);
            if (f.ownsSocket) {
                area.putLong(h + DatagramCalls.MSGHDR_NAME, 0);
                area.putInt(h + DatagramCalls.MSGHDR_NAMELEN, 0);
            } else {
                area.putLong(h + DatagramCalls.MSGHDR_NAME, areaAddress + name(i));
                area.putInt(h + DatagramCalls.MSGHDR_NAMELEN, f.target.length);
            }
            area.putLong(h + DatagramCalls.MSGHDR_IOV, areaAddress + iovec(i));
            area.putLong(h + DatagramCalls.MSGHDR_IOVLEN, segments);
            if (segments > 1) {
                area.putShort(control(m) + DatagramCalls.CMSG_DATA, (short) lengths[i]);
                area.putLong(h + DatagramCalls.MSGHDR_CONTROL, areaAddress + control(m));
                area.putLong(h + DatagramCalls.MSGHDR_CONTROLLEN, CONTROL_SPACE);
                segmentedMessages++;
            } else {
                area.putLong(h + DatagramCalls.MSGHDR_CONTROL, 0);
                area.putLong(h + DatagramCalls.MSGHDR_CONTROLLEN, 0);
            }
            area.putInt(h + DatagramCalls.MSGHDR_FLAGS, 0);
            i += segments;
        }
        return messages;
    }

    /**
     * How many datagrams from {@code i} on can be one segmented message: all of the first one's size, except
     * that the last may be shorter (but not empty, or the kernel's split would lose it).
     */
    int segmentsFrom(int i, int end) {
        int size = lengths[i];
        if (size == 0) {
            return 1;
        }
        int segments = 1, total = size;
        while (i + segments < end && segments < MAX_SEGMENTS) {
            int next = lengths[i + segments];
            if (next == 0 || next > size || total + next > MAX_MESSAGE_PAYLOAD) {
                break;
            }
            total += next;
            segments++;
            if (next < size) {
                break;
            }
        }
        return segments;
    }

    /** Offsets in {@link #area}: message {@code m}'s header and control message, datagram {@code i}'s rest. */
    private static int header(int m) {
        return m * DatagramCalls.MMSGHDR_SIZE;
    }

    private int control(int m) {
        return controlsOffset + m * CONTROL_SPACE;
    }

    private int iovec(int i) {
        return iovecsOffset + i * DatagramCalls.IOVEC_SIZE;
    }

    private int name(int i) {
        return namesOffset + i * NAME_SIZE;
    }

    /** Datagrams queued and not yet sent. */
    int pending() {
        return count;
    }

    /** Datagrams the kernel refused so far. */
    long refused() {
        return refused;
    }

    /** Segmented (GSO) messages built so far. */
    long segmentedMessages() {
        return segmentedMessages;
    }
}
