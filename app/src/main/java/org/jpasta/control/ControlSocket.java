package org.jpasta.control;

import org.jpasta.fwd.Direction;
import org.jpasta.fwd.ForwardCapabilities;
import org.jpasta.fwd.ForwardRule;
import org.jpasta.fwd.ForwardRules;
import org.jpasta.fwd.ForwardTableBuilder;
import org.jpasta.log.Log;
import org.jpasta.sys.Errno;
import org.jpasta.sys.LibC;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@code -c/--conf-path PATH}: pasta's configuration socket, through which {@code pesto} (Podman's
 * {@code rootless_port_forwarder = "pasta"}, RootlessKit's pesto port driver) replaces the forwarding tables of a
 * running pasta.
 *
 * <h2>Theory of operation</h2>
 * {@link #bind} creates the {@code AF_UNIX} socket before pasta reports ready, as pasta's {@code sock_unix()}
 * does: a path something still answers on is "already in use", a stale one is unlinked. One thread then serves
 * one client at a time (pasta leaves the next client waiting in the backlog meanwhile): it sends the greeting and
 * the current tables ({@link PestoWire}), reads the client's complete new tables, checks every rule as pasta's
 * {@code fwd_rule_add()} does, and only if all of them pass hands the new tables to the {@link RuleSwitch},
 * which swaps the listening sockets on the event loop. A malformed or refused table leaves the running
 * configuration as it was. Unlike pasta, which reads the client on its only thread, a client that stops
 * half-way only holds this thread, and only for {@link #CLIENT_TIMEOUT_SECONDS}: forwarding goes on meanwhile.
 */
public final class ControlSocket {
    /** How long a client may take to send its tables (pasta waits forever, blocking its forwarding). */
    static final int CLIENT_TIMEOUT_SECONDS = 10;
    private static final int AF_UNIX = 1;
    private static final int SO_PEERCRED = 17, SO_RCVTIMEO = 20, SO_SNDTIMEO = 21;

    /** Replaces the running forwarding tables; called on the control thread, returns once they are in place. */
    public interface RuleSwitch {
        void switchTo(ForwardRules next);
    }

    private final int listenFd;
    private ForwardRules current;
    private ForwardCapabilities capabilities;
    private RuleSwitch target;

    private ControlSocket(int listenFd) {
        this.listenFd = listenFd;
    }

    /**
     * Creates, binds and listens on the socket at {@code path}.
     *
     * @throws IllegalStateException with pasta's message if the path is in use or cannot be bound
     */
    public static ControlSocket bind(String path) {
        byte[] address = sockaddr(path);
        int probe = LibC.socket(AF_UNIX, LibC.SOCK_STREAM | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, 0);
        if (probe < 0) {
            throw new IllegalStateException("Failed to check for UNIX domain conflicts: " + errorText());
        }
        int rc = LibC.connect(probe, address, address.length);
        int errno = rc < 0 ? LibC.errno() : 0;
        LibC.close(probe);
        if (rc == 0 || (errno != Errno.ENOENT && errno != Errno.ECONNREFUSED && errno != Errno.EACCES)) {
            throw new IllegalStateException("Socket path " + path + " already in use");
        }
        try {
            Files.deleteIfExists(Path.of(path));
        } catch (IOException | RuntimeException e) {
            // bind() below reports what is wrong with the path
        }
        int fd = LibC.socket(AF_UNIX, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new IllegalStateException("Failed to open UNIX domain socket: " + errorText());
        }
        if (LibC.bind(fd, address, address.length) < 0) {
            String reason = errorText();
            LibC.close(fd);
            throw new IllegalStateException("Failed to bind UNIX domain socket: " + reason);
        }
        Log.info("UNIX domain socket bound at " + path);
        if (LibC.listen(fd, 0) < 0) {
            String reason = errorText();
            LibC.close(fd);
            throw new IllegalStateException("Couldn't listen on configuration socket: " + reason);
        }
        return new ControlSocket(fd);
    }

    /** Starts serving clients: {@code initial} is what the first client is shown. */
    public void start(ForwardRules initial, ForwardCapabilities capabilities, RuleSwitch target) {
        this.current = initial;
        this.capabilities = capabilities;
        this.target = target;
        Thread t = new Thread(this::serve, "jpasta-control");
        t.setDaemon(true);
        t.start();
    }

    private void serve() {
        while (true) {
            int fd = LibC.accept4(listenFd, null, null, LibC.SOCK_CLOEXEC);
            if (fd < 0) {
                int errno = LibC.errno();
                if (errno != Errno.EINTR && errno != Errno.ECONNABORTED) {
                    Log.warn("accept4() on configuration listening socket: " + LibC.strerrorText(errno));
                    sleepAfterError();
                }
                continue;
            }
            try {
                session(fd);
            } catch (RuntimeException e) {
                Log.error("Configuration client: " + e);
            } finally {
                Log.debug("Closing configuration socket");
                LibC.close(fd);
            }
        }
    }

    private void session(int fd) {
        int[] timeout = {CLIENT_TIMEOUT_SECONDS, 0, 0, 0}; // struct timeval, 64-bit little-endian halves
        LibC.setsockopt(fd, LibC.SOL_SOCKET, SO_RCVTIMEO, timeout, 16);
        LibC.setsockopt(fd, LibC.SOL_SOCKET, SO_SNDTIMEO, timeout, 16);
        int[] credentials = new int[3];
        int pid = LibC.getsockopt(fd, LibC.SOL_SOCKET, SO_PEERCRED, credentials, new int[] {12}) == 0
                ? credentials[0] : 0;
        if (!writeAll(fd, greetingAndTables())) {
            Log.warn("Error writing configuration protocol hello: " + errorText());
            return;
        }
        Log.info("Accepted configuration client, PID " + pid);
        ForwardRules next = receiveTables(fd);
        if (next == null) {
            return;
        }
        for (Direction d : Direction.values()) {
            Log.info("New forwarding rules for " + d.pifName() + ":");
            for (ForwardRule rule : next.rules(d)) {
                Log.info("    " + rule.format());
            }
        }
        for (Direction d : Direction.values()) {
            Log.debug("Flushing " + current.rules(d).size() + " old " + d.pifName() + " rules");
        }
        target.switchTo(next);
        current = next;
    }

    /** The greeting, then both tables as pasta sends them (HOST, SPLICE, end). */
    private byte[] greetingAndTables() {
        int rules = current.rules(Direction.INBOUND).size() + current.rules(Direction.OUTBOUND).size();
        ByteBuffer out = ByteBuffer.allocate(PestoWire.HELLO_SIZE + 2 * (1 + PestoWire.PIF_INFO_SIZE)
                + rules * PestoWire.RULE_SIZE + 1);
        out.put(PestoWire.hello());
        int caps = PestoWire.capabilities(capabilities);
        for (Direction d : Direction.values()) {
            List<ForwardRule> table = current.rules(d);
            PestoWire.putTableHeader(out, d, caps, table.size());
            for (ForwardRule rule : table) {
                PestoWire.encodeRule(rule, out);
            }
        }
        out.put((byte) PestoWire.PIF_NONE);
        return out.array();
    }

    /** The client's tables, all rules checked; null (after pasta's message) if anything is wrong. */
    private ForwardRules receiveTables(int fd) {
        Map<Direction, ForwardTableBuilder> tables = new EnumMap<>(Direction.class);
        for (Direction d : Direction.values()) {
            tables.put(d, new ForwardTableBuilder(d, capabilities));
        }
        byte[] one = new byte[1], four = new byte[4], rule = new byte[PestoWire.RULE_SIZE];
        ByteBuffer ruleView = ByteBuffer.wrap(rule).order(ByteOrder.BIG_ENDIAN);
        while (true) {
            if (!readAll(fd, one)) {
                return hangup();
            }
            int pif = one[0] & 0xff;
            if (pif == PestoWire.PIF_NONE) {
                break;
            }
            Direction direction = PestoWire.direction(pif);
            if (direction == null) {
                Log.error("Received rules for non-existent table");
                return null;
            }
            if (!readAll(fd, four)) {
                return hangup();
            }
            long count = ByteBuffer.wrap(four).getInt() & 0xffffffffL;
            if (count > ForwardTableBuilder.MAX_RULES) {
                Log.error("Received " + count + " rules (maximum " + ForwardTableBuilder.MAX_RULES + ")");
                return null;
            }
            for (long i = 0; i < count; i++) {
                if (!readAll(fd, rule)) {
                    return hangup();
                }
                ruleView.clear();
                try {
                    tables.get(direction).add(PestoWire.decodeRule(ruleView, direction));
                } catch (PestoWire.InvalidRuleException e) {
                    Log.warn(e.getMessage());
                    return null;
                } catch (ForwardTableBuilder.RuleRejectedException e) {
                    e.warnings().forEach(Log::warn);
                    return null;
                }
            }
        }
        return new ForwardRules(tables.get(Direction.INBOUND).rules(), tables.get(Direction.OUTBOUND).rules());
    }

    private static ForwardRules hangup() {
        Log.debug("Configuration client hangup");
        return null;
    }

    private static boolean readAll(int fd, byte[] into) {
        int done = 0;
        byte[] rest = into;
        while (done < into.length) {
            if (done > 0) {
                rest = new byte[into.length - done];
            }
            long n = LibC.read(fd, rest, rest.length);
            if (n < 0 && LibC.errno() == Errno.EINTR) {
                continue;
            }
            if (n <= 0) {
                return false;
            }
            if (rest != into) {
                System.arraycopy(rest, 0, into, done, (int) n);
            }
            done += (int) n;
        }
        return true;
    }

    private static boolean writeAll(int fd, byte[] data) {
        int done = 0;
        while (done < data.length) {
            byte[] rest = done == 0 ? data : java.util.Arrays.copyOfRange(data, done, data.length);
            long n = LibC.write(fd, rest, rest.length);
            if (n < 0 && LibC.errno() == Errno.EINTR) {
                continue;
            }
            if (n <= 0) {
                return false;
            }
            done += (int) n;
        }
        return true;
    }

    private static byte[] sockaddr(String path) {
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        byte[] sa = new byte[2 + name.length + 1];
        sa[0] = AF_UNIX; // sa_family_t, host (little-endian) order
        System.arraycopy(name, 0, sa, 2, name.length);
        return sa;
    }

    private static String errorText() {
        return LibC.strerrorText(LibC.errno());
    }

    private static void sleepAfterError() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
