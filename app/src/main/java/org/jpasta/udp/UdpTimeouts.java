package org.jpasta.udp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * How long an idle UDP flow lives: pasta follows netfilter's conntrack, so a flow that saw traffic one way
 * only expires after {@code nf_conntrack_udp_timeout} (30 s), one that saw both directions after
 * {@code nf_conntrack_udp_timeout_stream} (120 s). Both are read from {@code /proc/sys/net/netfilter/} when
 * present (on the host, where the sockets live), else the defaults apply.
 *
 * @param idleNanos   timeout of a flow with traffic in one direction only
 * @param streamNanos timeout of a flow with traffic both ways
 */
public record UdpTimeouts(long idleNanos, long streamNanos) {
    static final int DEFAULT_IDLE_SECONDS = 30, DEFAULT_STREAM_SECONDS = 120;
    private static final Path NETFILTER = Path.of("/proc/sys/net/netfilter");

    /** The defaults, or the netfilter sysctls where readable. */
    public static UdpTimeouts fromSysctls() {
        return new UdpTimeouts(seconds("nf_conntrack_udp_timeout", DEFAULT_IDLE_SECONDS),
                seconds("nf_conntrack_udp_timeout_stream", DEFAULT_STREAM_SECONDS));
    }

    public static UdpTimeouts ofSeconds(long idle, long stream) {
        return new UdpTimeouts(TimeUnit.SECONDS.toNanos(idle), TimeUnit.SECONDS.toNanos(stream));
    }

    private static long seconds(String name, int fallback) {
        try {
            long v = Long.parseLong(Files.readString(NETFILTER.resolve(name)).trim());
            return TimeUnit.SECONDS.toNanos(v > 0 ? v : fallback);
        } catch (IOException | NumberFormatException | SecurityException e) {
            return TimeUnit.SECONDS.toNanos(fallback);
        }
    }

    /** The timeout that applies to a flow in its current state. */
    long timeoutFor(UdpFlow f) {
        return f.guestSent && f.hostSent ? streamNanos : idleNanos;
    }
}
