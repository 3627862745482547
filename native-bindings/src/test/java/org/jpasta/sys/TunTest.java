package org.jpasta.sys;

import org.jpasta.sys.netlink.RtNetlink;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class TunTest {
    @Test
    void tapIsCreatedInTheNamespaceOfTheOpeningThread() throws Exception {
        assumeTrue(NamespacedThread.canUnshare(), "needs root");
        try (NamespacedThread ns = new NamespacedThread()) {
            Tun.TapDevice tap = ns.call(() -> Tun.openTap("jpt0"));
            try {
                assertEquals("jpt0", tap.name());
                RtNetlink.Link link = ns.call(() -> {
                    try (RtNetlink nl = new RtNetlink()) {
                        return nl.link("jpt0");
                    }
                });
                assertNotNull(link, "the tap exists in the thread's namespace");
                assertEquals(6, link.mac().length);
                try (RtNetlink host = new RtNetlink()) {
                    assertNull(host.link("jpt0"), "and not in the host's");
                }
            } finally {
                LibC.close(tap.fd());
            }
        }
    }

    @Test
    void tooLongNameIsRejected() {
        SysException e = assertThrows(SysException.class, () -> Tun.openTap("abcdefghijklmnop"));
        assertEquals(Errno.EINVAL, e.errno());
    }
}
