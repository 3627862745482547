package org.jpasta.cli;

import java.io.FileInputStream;
import java.io.IOException;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.jpasta.fwd.EphemeralRange;

/**
 * {@link HostProbe} for the machine we run on, using only files and the JDK.
 *
 * <p>Theory of operation: pasta probes by trying (creating an IPv6 socket, setting
 * {@code SO_BINDTODEVICE}); here cheap file checks stand in for those, because this runs on every start
 * and the JVM has no direct {@code setsockopt(SO_BINDTODEVICE)}: IPv6 is usable if the kernel exposes
 * {@code /proc/net/if_inet6}, and {@code SO_BINDTODEVICE} is unprivileged from Linux 5.7, read from
 * {@code /proc/sys/kernel/osrelease}. Users and groups come from {@code /etc/passwd} and
 * {@code /etc/group} (NSS modules such as LDAP are not consulted).
 */
public final class SystemHostProbe implements HostProbe {
    private static final Path IF_INET6 = Path.of("/proc/net/if_inet6");
    private static final Path OSRELEASE = Path.of("/proc/sys/kernel/osrelease");
    private static final Path PASSWD = Path.of("/etc/passwd");
    private static final Path GROUP = Path.of("/etc/group");

    @Override
    public boolean ipv6Available() {
        return Files.exists(IF_INET6);
    }

    @Override
    public boolean bindToDeviceAvailable() {
        try {
            return kernelAtLeast(readProcFile(OSRELEASE).trim(), 5, 7);
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public int interfaceIndex(String name) {
        try {
            NetworkInterface networkInterface = NetworkInterface.getByName(name);
            return networkInterface == null ? 0 : Math.max(networkInterface.getIndex(), 0);
        } catch (SocketException e) {
            return 0;
        }
    }

    @Override
    public EphemeralRange ephemeralRange(List<String> warnings) {
        return EphemeralRange.probe(warnings);
    }

    @Override
    public Optional<RunAs> user(String name) {
        for (String[] fields : entries(PASSWD)) {
            if (fields.length >= 4 && fields[0].equals(name)) {
                Long uid = parseId(fields[2]);
                Long gid = parseId(fields[3]);
                if (uid != null && gid != null) {
                    return Optional.of(new RunAs(uid, gid));
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<Long> group(String name) {
        for (String[] fields : entries(GROUP)) {
            if (fields.length >= 3 && fields[0].equals(name)) {
                Long gid = parseId(fields[2]);
                if (gid != null) {
                    return Optional.of(gid);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * True if a release string such as {@code 6.1.0-18-amd64} is at least {@code major.minor}; an
     * unreadable one counts as new enough.
     */
    static boolean kernelAtLeast(String release, int major, int minor) {
        int dot = release.indexOf('.');
        if (dot <= 0) {
            return true;
        }
        int minorEnd = dot + 1;
        while (minorEnd < release.length() && Character.isDigit(release.charAt(minorEnd))) {
            minorEnd++;
        }
        try {
            int releaseMajor = Integer.parseInt(release.substring(0, dot));
            int releaseMinor = minorEnd > dot + 1 ? Integer.parseInt(release.substring(dot + 1, minorEnd)) : 0;
            return releaseMajor > major || (releaseMajor == major && releaseMinor >= minor);
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** Reads a procfs file: NIO trusts the reported size (0) and returns a truncated result. */
    private static String readProcFile(Path file) throws IOException {
        try (FileInputStream in = new FileInputStream(file.toFile())) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static List<String[]> entries(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .map(line -> line.split(":", -1))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Long parseId(String text) {
        try {
            long id = Long.parseLong(text);
            return id >= 0 && id <= 0xffffffffL ? id : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
