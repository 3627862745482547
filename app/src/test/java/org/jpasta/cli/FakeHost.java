package org.jpasta.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jpasta.fwd.EphemeralRange;

/**
 * A host described in a few lines: by default eth0 and lo exist, IPv6 and SO_BINDTODEVICE work, the
 * ephemeral range is Linux's usual 32768-60999, and there are users root, nobody and alice.
 */
final class FakeHost implements HostProbe {
    boolean ipv6 = true;
    boolean bindToDevice = true;
    EphemeralRange ephemeral = new EphemeralRange(32768, 60999);
    final Map<String, Integer> interfaces = new HashMap<>(Map.of("lo", 1, "eth0", 2));
    final Map<String, RunAs> users = new HashMap<>(Map.of("root", new RunAs(0, 0),
            "nobody", new RunAs(65534, 65534), "alice", new RunAs(1000, 1000)));
    final Map<String, Long> groups = new HashMap<>(Map.of("root", 0L, "users", 100L, "nogroup", 65534L));

    @Override
    public boolean ipv6Available() {
        return ipv6;
    }

    @Override
    public boolean bindToDeviceAvailable() {
        return bindToDevice;
    }

    @Override
    public int interfaceIndex(String name) {
        return interfaces.getOrDefault(name, 0);
    }

    @Override
    public EphemeralRange ephemeralRange(List<String> warnings) {
        return ephemeral;
    }

    @Override
    public Optional<RunAs> user(String name) {
        return Optional.ofNullable(users.get(name));
    }

    @Override
    public Optional<Long> group(String name) {
        return Optional.ofNullable(groups.get(name));
    }
}
