package org.jpasta.sys;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class LibCTest {
    @Test
    void pipeWriteReadThroughRawAddresses() throws Exception {
        int[] fds = new int[2];
        LibC.check(LibC.pipe2(fds, LibC.O_CLOEXEC), "pipe2");
        try (Memory m = new Memory(16)) {
            m.setString(0, "hello");
            assertEquals(5, LibC.write(fds[1], Pointer.nativeValue(m), 5));
            m.clear();
            assertEquals(5, LibC.read(fds[0], Pointer.nativeValue(m), 16));
            assertEquals("hello", m.getString(0));
        } finally {
            LibC.close(fds[0]);
            LibC.close(fds[1]);
        }
    }

    @Test
    void failedOpenReportsErrnoAndCall() {
        SysException e = assertThrows(SysException.class,
                () -> LibC.checkedOpen("/nonexistent/jpasta", LibC.O_RDONLY, 0));
        assertEquals(Errno.ENOENT, e.errno());
        assertEquals("open /nonexistent/jpasta: No such file or directory", e.getMessage());
    }

    @Test
    void nonBlockingPipeReadGivesEagain() throws Exception {
        int[] fds = new int[2];
        LibC.check(LibC.pipe2(fds, LibC.O_NONBLOCK | LibC.O_CLOEXEC), "pipe2");
        try (Memory m = new Memory(8)) {
            assertEquals(-1, LibC.read(fds[0], Pointer.nativeValue(m), 8));
            assertEquals(Errno.EAGAIN, LibC.errno());
        } finally {
            LibC.close(fds[0]);
            LibC.close(fds[1]);
        }
    }

    @Test
    void pipeSizeCanBeRaised() throws Exception {
        int[] fds = new int[2];
        LibC.check(LibC.pipe2(fds, LibC.O_CLOEXEC), "pipe2");
        try {
            assertTrue(LibC.fcntl(fds[0], LibC.F_SETPIPE_SZ, 1 << 20) >= 1 << 20);
            assertTrue(LibC.fcntl(fds[0], LibC.F_GETPIPE_SZ, 0) >= 1 << 20);
        } finally {
            LibC.close(fds[0]);
            LibC.close(fds[1]);
        }
    }

    @Test
    void inotifyReportsDeletion(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path f = Files.createFile(dir.resolve("ns"));
        int fd = LibC.check(LibC.inotify_init1(LibC.IN_NONBLOCK | LibC.IN_CLOEXEC), "inotify_init1");
        try {
            LibC.check(LibC.inotify_add_watch(fd, dir.toString(), LibC.IN_DELETE), "inotify_add_watch");
            Files.delete(f);
            byte[] buf = new byte[256];
            long n = LibC.read(fd, buf, buf.length);
            assertTrue(n >= 16, "an inotify event");
            int mask = (buf[4] & 0xff) | (buf[5] & 0xff) << 8 | (buf[6] & 0xff) << 16 | (buf[7] & 0xff) << 24;
            assertTrue((mask & LibC.IN_DELETE) != 0);
            assertEquals("ns", new String(buf, 16, 2));
        } finally {
            LibC.close(fd);
        }
    }

    @Test
    void setnsIsPerThread() throws Exception {
        assumeTrue(NamespacedThread.canUnshare(), "needs root");
        String main = Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
        try (NamespacedThread t = new NamespacedThread()) {
            String inside = t.call(() -> Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString());
            assertNotEquals(main, inside);
        }
        assertEquals(main, Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString());
    }
}
