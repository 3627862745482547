package org.jpasta.config;

import org.jpasta.fwd.Direction;
import org.jpasta.fwd.ForwardRule;
import org.jpasta.log.Log;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * pasta's start-up summary ({@code conf_print()}), line for line, at info level: printed unless
 * {@code --quiet} (which Podman passes) and, in spawn mode, unless {@code --debug}, as pasta does. Callers
 * such as Podman log whatever pasta prints, so its shape matters to users reading those logs.
 */
public final class ConfigurationPrinter {
    private ConfigurationPrinter() {}

    public static void print(Configuration c) {
        if (c.controlPath != null) {
            Log.info("Configuration socket: " + c.controlPath);
        }
        templateLine(c);
        if (!c.spliceOnly) {
            Log.info("Namespace interface: " + c.nsIfname);
        }
        Log.info("MAC:");
        Log.info("    host: " + mac(c.ourMac));
        if (c.ip4.enabled && c.ip4.address != null) {
            ipv4(c);
        }
        if (c.ip6.enabled && c.ip6.address != null) {
            ipv6(c);
        }
        rules(c);
    }

    private static void templateLine(Configuration c) {
        String v4 = c.ip4.enabled && c.ip4.templateIf != null ? c.ip4.templateIf + " (IPv4)" : "";
        String v6 = c.ip6.enabled && c.ip6.templateIf != null ? c.ip6.templateIf + " (IPv6)" : "";
        if (!v4.isEmpty() || !v6.isEmpty()) {
            Log.info("Template interface: " + v4 + (!v4.isEmpty() && !v6.isEmpty() ? ", " : "") + v6);
        }
    }

    private static void ipv4(Configuration c) {
        if (c.ip4.mapHostLoopback != null) {
            Log.info("    NAT to host 127.0.0.1: " + text(c.ip4.mapHostLoopback));
        }
        if (!c.noDhcp) {
            Log.info("DHCP:");
            Log.info("    assign: " + text(c.ip4.address));
            Log.info("    mask: " + text(mask(c.ip4.prefixLength)));
            Log.info("    router: " + text(c.ip4.gateway));
        }
        dns(c, 4);
    }

    private static void ipv6(Configuration c) {
        if (c.ip6.mapHostLoopback != null) {
            Log.info("    NAT to host ::1: " + text(c.ip6.mapHostLoopback));
        }
        String heading = !c.noNdp && !c.noDhcpv6 ? "NDP/DHCPv6:" : !c.noDhcpv6 ? "DHCPv6:" : !c.noNdp ? "NDP:" : null;
        if (heading != null) {
            Log.info(heading);
            Log.info("    assign: " + text(c.ip6.address));
            Log.info("    router: " + text(c.ip6.gateway));
            Log.info("    our link-local: " + text(c.ip6.ourLinkLocal));
        }
        dns(c, 16);
    }

    private static void dns(Configuration c, int length) {
        boolean first = true;
        for (byte[] a : c.dns) {
            if (a.length == length) {
                if (first) {
                    Log.info("DNS:");
                    first = false;
                }
                Log.info("    " + text(a));
            }
        }
        for (int i = 0; i < c.dnsSearch.size(); i++) {
            if (i == 0) {
                Log.info("DNS search list:");
            }
            Log.info("    " + c.dnsSearch.get(i));
        }
    }

    private static void rules(Configuration c) {
        if (c.forwardRules == null) {
            return;
        }
        for (Direction d : new Direction[] {Direction.INBOUND, Direction.OUTBOUND}) {
            List<ForwardRule> rules = c.forwardRules.rules(d);
            if (rules.isEmpty()) {
                continue;
            }
            Log.info((d == Direction.INBOUND ? "Inbound" : "Outbound") + " forwarding rules (" + d.pifName() + "):");
            for (ForwardRule r : rules) {
                Log.info("    " + r.format());
            }
        }
    }

    private static byte[] mask(int prefix) {
        int m = prefix == 0 ? 0 : -1 << (32 - prefix);
        return new byte[] {(byte) (m >>> 24), (byte) (m >>> 16), (byte) (m >>> 8), (byte) m};
    }

    private static String mac(byte[] m) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < m.length; i++) {
            if (i > 0) {
                b.append(':');
            }
            b.append(Character.forDigit((m[i] >> 4) & 0xf, 16)).append(Character.forDigit(m[i] & 0xf, 16));
        }
        return b.toString();
    }

    private static String text(byte[] a) {
        if (a == null) {
            return "(none)";
        }
        try {
            String s = InetAddress.getByAddress(a).getHostAddress();
            return a.length == 16 ? compress6(s) : s;
        } catch (UnknownHostException e) {
            return "?";
        }
    }

    /** Java prints IPv6 uncompressed ("2001:db8:0:0:0:0:0:1"); pasta (inet_ntop) compresses the longest zero run. */
    static String compress6(String s) {
        String[] g = s.split(":");
        int bestStart = -1, bestLen = 0;
        for (int i = 0; i < g.length; ) {
            if (g[i].equals("0")) {
                int j = i;
                while (j < g.length && g[j].equals("0")) {
                    j++;
                }
                if (j - i > bestLen && j - i > 1) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        if (bestStart < 0) {
            return s;
        }
        String head = String.join(":", java.util.Arrays.copyOfRange(g, 0, bestStart));
        String tail = String.join(":", java.util.Arrays.copyOfRange(g, bestStart + bestLen, g.length));
        return head + "::" + tail;
    }
}
