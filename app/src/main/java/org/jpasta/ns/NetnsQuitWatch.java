package org.jpasta.ns;

import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.internal.PlatformDependent;
import org.jpasta.log.Log;
import org.jpasta.sys.Errno;
import org.jpasta.sys.LibC;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Notices that the target namespace is gone and ends the process (exit 0), as pasta's
 * {@code pasta_netns_quit_*} do: Podman removes the netns bind mount and expects pasta to go, buildah and
 * RootlessKit let the holder PID exit.
 *
 * <p>The watch is on the path's directory: inotify {@code IN_DELETE} for ordinary directories (tmpfs under
 * {@code $XDG_RUNTIME_DIR}), where the event names the removed file; a one-second poll of
 * {@code open(path, O_PATH)} where inotify cannot help (procfs, sysfs: {@code /proc/PID/ns/net} vanishes
 * with its process without any event) or cannot be set up. EACCES while polling means the entry exists.
 */
public final class NetnsQuitWatch implements EpollIoHandle {
    private static final int EVENT_BUF = 4096;
    private static final int INOTIFY_EVENT_HEADER = 16;

    private final Path path;
    private final Runnable onGone;
    private final FileDescriptor inotify;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(EVENT_BUF).order(ByteOrder.nativeOrder());
    private final long bufAddress = PlatformDependent.directBufferAddress(buf);
    private final byte[] base;

    private NetnsQuitWatch(Path path, int inotifyFd, Runnable onGone) {
        this.path = path;
        this.onGone = onGone;
        this.inotify = new FileDescriptor(inotifyFd);
        this.base = path.getFileName().toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Starts watching {@code path} on {@code loop}; {@code onGone} runs on the loop when it disappears. */
    public static void start(Path path, IoEventLoop loop, Runnable onGone) {
        Path dir = path.toAbsolutePath().getParent();
        if (!onPseudoFilesystem(dir)) {
            int fd = LibC.inotify_init1(LibC.IN_NONBLOCK | LibC.IN_CLOEXEC);
            if (fd >= 0 && LibC.inotify_add_watch(fd, dir.toString(), LibC.IN_DELETE | LibC.IN_MOVED_FROM) >= 0) {
                NetnsQuitWatch w = new NetnsQuitWatch(path, fd, onGone);
                loop.register(w).addListener(f -> {
                    if (f.isSuccess()) {
                        ((IoRegistration) f.getNow()).submit(EpollIoOps.EPOLLIN);
                    }
                });
                Log.debug("watching " + dir + " for removal of " + path.getFileName());
                return;
            }
            LibC.closeQuietly(fd);
            Log.debug("inotify unusable for " + dir + ", polling");
        }
        loop.scheduleAtFixedRate(() -> {
            if (isGone(path)) {
                Log.info("Namespace " + path.getFileName() + " is gone, exiting"); // pasta names the basename
                onGone.run();
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    private static boolean onPseudoFilesystem(Path dir) {
        try {
            String type = Files.getFileStore(dir).type();
            return type.equals("proc") || type.equals("sysfs") || type.equals("devpts");
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * Whether the entry no longer exists. Only "no such entry" counts: EACCES means it exists, and a failure
     * of our own (EMFILE, ENFILE, ENOMEM when descriptors or memory run out) says nothing about the
     * namespace: taking it as "gone" would turn resource exhaustion into an exit.
     */
    static boolean isGone(Path path) {
        int fd = LibC.open(path.toString(), LibC.O_PATH | LibC.O_CLOEXEC, 0);
        if (fd >= 0) {
            LibC.close(fd);
            return false;
        }
        int errno = LibC.errno();
        return errno == Errno.ENOENT || errno == Errno.ESRCH;
    }

    @Override
    public FileDescriptor fd() {
        return inotify;
    }

    @Override
    public void handle(IoRegistration registration, IoEvent event) {
        try {
            int n;
            while ((n = inotify.readAddress(bufAddress, 0, EVENT_BUF)) > 0) {
                if (namesOurFile(n)) {
                    Log.info("Namespace " + path.getFileName() + " is gone, exiting"); // pasta names the basename
                    onGone.run();
                    return;
                }
            }
        } catch (IOException e) {
            Log.warn("netns watch: " + e.getMessage());
        }
    }

    /** Walks {@code struct inotify_event}s: wd, mask, cookie, len, then a NUL-padded name. */
    private boolean namesOurFile(int n) {
        int p = 0;
        while (p + INOTIFY_EVENT_HEADER <= n) {
            int len = buf.getInt(p + 12);
            int nameStart = p + INOTIFY_EVENT_HEADER;
            if (len < 0 || nameStart + len > n) {
                return false;
            }
            if (len > base.length && buf.get(nameStart + base.length) == 0 && nameEquals(nameStart)) {
                return true;
            }
            p = nameStart + len;
        }
        return false;
    }

    private boolean nameEquals(int at) {
        for (int i = 0; i < base.length; i++) {
            if (buf.get(at + i) != base[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        inotify.close();
    }
}
