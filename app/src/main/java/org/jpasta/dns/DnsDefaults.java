package org.jpasta.dns;

import org.jpasta.config.Configuration;
import org.jpasta.log.Log;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Completes the DNS part of the {@link Configuration} from the host's resolv.conf, as pasta's
 * {@code get_dns()} / {@code add_dns_resolv()} do.
 *
 * <p>Theory of operation: per IP version, the first nameserver becomes {@code dnsHost} (where
 * {@code --dns-forward} traffic goes) unless {@code --dns-host} was given. The resolvers advertised to the
 * guest ({@code -D} unless given) are the nameservers, except that one the guest cannot reach, a loopback
 * resolver such as systemd-resolved's 127.0.0.53, or one equal to the map-host-loopback address, is
 * advertised as the map-host-loopback address and DNS to that address is forwarded to the real resolver
 * ({@code dnsForward} set to it) so that "the gateway is a resolver" works; with {@code --no-map-gw} such a
 * resolver is skipped, or replaced by the {@code --dns-forward} address if one was given. The search list
 * comes from the first {@code search} line unless {@code -S} was given. {@code -D none} and {@code -S none}
 * ({@code --splice-only} implies both) leave their part empty without reading it. Runs once at start-up.
 */
public final class DnsDefaults {
    private DnsDefaults() {}

    /** Applies {@code resolv} to {@code c}; returns the warnings pasta would print. */
    public static List<String> apply(Configuration c, ResolvConf resolv) {
        List<String> warnings = new ArrayList<>();
        boolean dns4Set = !c.ip4.enabled || hasFamily(c.dns, 4);
        boolean dns6Set = !c.ip6.enabled || hasFamily(c.dns, 16);
        int added = 0;
        // -D none (also implied by --splice-only): pasta's get_dns() reads no nameserver at all, so there is no
        // default --dns-host either, and nothing to warn about
        for (InetAddress ns : c.noDns ? List.<InetAddress>of() : resolv.nameservers()) {
            byte[] a = ns.getAddress();
            if (ns instanceof Inet4Address) {
                if (c.dnsHost4 == null) {
                    c.dnsHost4 = a;
                }
                if (!dns4Set) {
                    added += advertise(c, c.ip4, a, ns.isLoopbackAddress(), true);
                }
            } else {
                if (c.dnsHost6 == null) {
                    c.dnsHost6 = a;
                }
                if (!dns6Set) {
                    added += advertise(c, c.ip6, a, ns.isLoopbackAddress(), false);
                }
            }
        }
        if (c.dnsSearch.isEmpty() && !c.noDnsSearch) {
            c.dnsSearch.addAll(resolv.search());
        }
        if (!c.noDns && !(dns4Set && dns6Set) && added == 0) {
            warnings.add("Couldn't get any nameserver address");
        }
        return warnings;
    }

    /** Adds one nameserver to the advertised list, translated as pasta does; returns 1 if added. */
    private static int advertise(Configuration c, Configuration.Family f, byte[] ns, boolean loopback, boolean v4) {
        byte[] advertised = ns;
        if (loopback || Arrays.equals(ns, f.mapHostLoopback)) {
            byte[] match = v4 ? c.dnsForward4 : c.dnsForward6;
            if (match == null) {
                if (f.mapHostLoopback == null) {
                    return 0; // unreachable from the guest
                }
                advertised = f.mapHostLoopback;
                if (v4) {
                    c.dnsForward4 = f.mapHostLoopback;
                } else {
                    c.dnsForward6 = f.mapHostLoopback;
                }
            } else {
                advertised = match;
            }
        }
        c.dns.add(advertised);
        return 1;
    }

    private static boolean hasFamily(List<byte[]> addresses, int length) {
        for (byte[] a : addresses) {
            if (a.length == length) {
                return true;
            }
        }
        return false;
    }

    /** Logs the warnings (start-up only). */
    public static void applyAndWarn(Configuration c, ResolvConf resolv) {
        for (String w : apply(c, resolv)) {
            Log.warn(w);
        }
    }
}
