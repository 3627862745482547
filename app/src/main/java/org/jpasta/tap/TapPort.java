package org.jpasta.tap;

import io.netty.channel.IoEvent;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoEvent;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.internal.PlatformDependent;
import org.jpasta.log.Log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.LongAdder;

/**
 * The tap descriptor on the event loop; see the package documentation. Event-loop confined.
 *
 * <p>Frames of one wake-up are read one after the other into a receive area big enough for many of them,
 * so each stays where it was read until {@link FrameHandler#endOfBatch()}: handlers may keep pointing at
 * frame bytes until then (UDP sends a whole wake-up's datagrams with one {@code sendmmsg}). When the area
 * cannot take another maximum-size frame the batch ends early and reading starts over at the beginning.
 */
public final class TapPort implements EpollIoHandle {
    /** pasta's L2_MAX_LEN_PASTA: a tap frame is at most 65535 bytes. */
    public static final int MAX_FRAME = 65535;
    /** Ethernet header: shorter frames are dropped before anything is read from them. */
    public static final int MIN_FRAME = 14;
    /** Frames handed over per wake-up at most, so one busy namespace cannot starve the sockets. */
    public static final int FRAMES_PER_WAKEUP = 128;
    /** Receive area: room for a batch of ordinary frames, or at least 16 of the largest. */
    private static final int RECEIVE_AREA = 1 << 20;
    /** Frames start on cache-line boundaries. */
    private static final int FRAME_ALIGN = 64;

    private final FileDescriptor fd;
    private final ByteBuffer rx = ByteBuffer.allocateDirect(RECEIVE_AREA + MAX_FRAME + 1);
    private final long rxAddress = PlatformDependent.directBufferAddress(rx);
    private FrameHandler handler = (b, o, l) -> { };
    private Runnable onFatal = () -> { };
    private org.jpasta.pcap.PcapWriter capture;

    public final LongAdder framesIn = new LongAdder(), framesOut = new LongAdder(), droppedOut = new LongAdder(),
            droppedIn = new LongAdder();

    public TapPort(int tapFd) {
        this.fd = new FileDescriptor(tapFd);
    }

    public void setHandler(FrameHandler handler) {
        this.handler = handler;
    }

    /** Captures every frame in and out ({@code --pcap}). */
    public void setCapture(org.jpasta.pcap.PcapWriter capture) {
        this.capture = capture;
    }

    /** What to do when the tap fails (EOF, hang-up): pasta dies then. */
    public void setOnFatal(Runnable onFatal) {
        this.onFatal = onFatal;
    }

    public ByteBuffer receiveBuffer() {
        return rx;
    }

    @Override
    public FileDescriptor fd() {
        return fd;
    }

    /** Registers for readability once registered on the loop. */
    public void activate(IoRegistration registration) {
        registration.submit(EpollIoOps.EPOLLIN);
    }

    @Override
    public void handle(IoRegistration registration, IoEvent event) {
        EpollIoOps ops = ((EpollIoEvent) event).ops();
        if (ops.contains(EpollIoOps.EPOLLERR)) {
            Log.error("Disconnect event on /dev/net/tun device, exiting");
            onFatal.run();
            return;
        }
        readBatch();
    }

    /**
     * Handles what the guest has queued, up to {@code batches} wake-ups' worth: at the end of spawn mode the
     * command's last segments (its data and FIN) may still wait in the tap queue when the command has exited.
     */
    public void drain(int batches) {
        for (int i = 0; i < batches && readBatch(); i++) {
            // each batch hands its frames to the handler
        }
    }

    /** Reads and handles up to {@link #FRAMES_PER_WAKEUP} frames; true if more may be queued. */
    private boolean readBatch() {
        int at = 0;
        for (int i = 0; i < FRAMES_PER_WAKEUP; i++) {
            if (at > RECEIVE_AREA) {
                handler.endOfBatch(); // the area is full: hand over what it holds, then reuse it
                at = 0;
            }
            int n;
            try {
                n = fd.readAddress(rxAddress, at, at + MAX_FRAME + 1);
            } catch (IOException e) {
                Log.error("Error reading from tap device: " + e.getMessage());
                onFatal.run();
                return false;
            }
            if (n == 0) {
                handler.endOfBatch();
                return false; // EAGAIN
            }
            if (n < 0) {
                Log.error("EOF on tap device, exiting");
                onFatal.run();
                return false;
            }
            if (n < MIN_FRAME || n > MAX_FRAME) {
                droppedIn.increment();
                continue;
            }
            framesIn.increment();
            if (capture != null) {
                capture.frame(rx, at, n);
            }
            handler.frame(rx, at, n);
            at = (at + n + FRAME_ALIGN - 1) & -FRAME_ALIGN;
        }
        handler.endOfBatch();
        return true;
    }

    /** Writes one frame from a direct buffer; returns false (and counts) if the kernel would not take it. */
    public boolean send(ByteBuffer direct, int offset, int length) {
        try {
            int n = fd.writeAddress(PlatformDependent.directBufferAddress(direct), offset, offset + length);
            if (n == length) {
                framesOut.increment();
                if (capture != null) {
                    capture.frame(direct, offset, length);
                }
                return true;
            }
        } catch (IOException e) {
            if (Log.debug) {
                Log.debug("tap write: " + e.getMessage());
            }
        }
        droppedOut.increment();
        return false;
    }

    @Override
    public void close() throws IOException {
        fd.close();
    }
}
