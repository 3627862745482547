package org.jpasta.pcap;

import io.netty.util.internal.PlatformDependent;
import org.jpasta.sys.LibC;
import org.jpasta.sys.SysException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * {@code --pcap FILE}: every frame crossing the tap, both directions, in the classic libpcap format that
 * tcpdump and tshark read (magic {@code a1b2c3d4}, version 2.4, Ethernet link type, microsecond
 * timestamps), like pasta's {@code pcap.c}.
 *
 * <p>Written with two {@code write(2)}s per frame from raw addresses (the record header from one reused
 * direct buffer, then the frame where it already is): no copy and no allocation per frame. Capturing is a
 * debugging aid, so a write error stops the capture, never the daemon. Event-loop confined.
 */
public final class PcapWriter {
    private static final int MAGIC = 0xa1b2c3d4;
    private static final int LINKTYPE_ETHERNET = 1;
    private static final int SNAPLEN = 65535;
    private static final int RECORD_HEADER = 16;

    private final ByteBuffer header = ByteBuffer.allocateDirect(24).order(ByteOrder.nativeOrder());
    private final long headerAddress = PlatformDependent.directBufferAddress(header);
    private int fd;

    private PcapWriter(int fd) {
        this.fd = fd;
    }

    /** Creates (truncates) the file and writes the global header. */
    public static PcapWriter open(String path) throws SysException {
        int fd = LibC.open(path, LibC.O_WRONLY | LibC.O_CREAT | LibC.O_TRUNC | LibC.O_CLOEXEC, 0600);
        if (fd < 0) {
            throw new SysException("Couldn't open pcap file " + path, LibC.errno());
        }
        PcapWriter w = new PcapWriter(fd);
        w.writeGlobalHeader();
        return w;
    }

    private void writeGlobalHeader() throws SysException {
        header.putInt(0, MAGIC);
        header.putShort(4, (short) 2);
        header.putShort(6, (short) 4);
        header.putInt(8, 0);
        header.putInt(12, 0);
        header.putInt(16, SNAPLEN);
        header.putInt(20, LINKTYPE_ETHERNET);
        LibC.check(LibC.write(fd, headerAddress, 24), "write pcap header");
    }

    /** Appends one frame. */
    public void frame(ByteBuffer direct, int offset, int length) {
        if (fd < 0) {
            return;
        }
        long micros = System.currentTimeMillis() * 1000 + (System.nanoTime() / 1000) % 1000;
        header.putInt(0, (int) (micros / 1_000_000));
        header.putInt(4, (int) (micros % 1_000_000));
        header.putInt(8, length);
        header.putInt(12, length);
        if (LibC.write(fd, headerAddress, RECORD_HEADER) != RECORD_HEADER
                || LibC.write(fd, PlatformDependent.directBufferAddress(direct) + offset, length) != length) {
            LibC.close(fd);
            fd = -1;
        }
    }
}
