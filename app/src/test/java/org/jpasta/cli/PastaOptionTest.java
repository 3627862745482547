package org.jpasta.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.stream.Collectors;

import org.jpasta.cli.Getopt.ArgumentKind;
import org.jpasta.cli.Getopt.LongOption;
import org.junit.jupiter.api.Test;

/** The option table must be pasta's, entry for entry, because prefix matching depends on all of it. */
class PastaOptionTest {
    /** conf.c's options[] at 2026_07_16.090d739, in order; "=" marks required_argument. */
    private static final String PASTA_TABLE = "debug quiet foreground stderr log-file= help socket= fd= ns-ifname="
            + " pcap= pid= mtu= address= netmask= mac-addr= gateway= interface= outbound= dns= search= hostname="
            + " no-tcp no-udp no-icmp no-dhcp no-dhcpv6 no-ndp no-ra no-splice splice-only freebind no-map-gw"
            + " ipv4-only ipv6-only one-off tcp-ports= udp-ports= tcp-ns= udp-ns= userns= netns= ns-mac-addr="
            + " dhcp-dns no-dhcp-dns dhcp-search no-dhcp-search dns-forward= no-netns-quit trace runas= log-size="
            + " version outbound-if4= outbound-if6= config-net no-copy-routes no-copy-addrs netns-only"
            + " map-host-loopback= map-guest-addr= host-lo-to-ns-lo dns-host= vhost-user print-capabilities"
            + " socket-path= fqdn= repair-path= migrate-exit migrate-no-linger stats= conf-path= chroot-fallback";

    @Test
    void longTableIsPastas() {
        String table = PastaOption.longOptions().stream()
                .map(option -> option.name() + (option.argument() == ArgumentKind.REQUIRED ? "=" : ""))
                .collect(Collectors.joining(" "));
        assertEquals(PASTA_TABLE, table);
    }

    @Test
    void socketPathIsAnAliasOfSocket() {
        List<LongOption> table = PastaOption.longOptions();
        LongOption socket = table.stream().filter(o -> o.name().equals("socket")).findFirst().orElseThrow();
        LongOption socketPath = table.stream().filter(o -> o.name().equals("socket-path")).findFirst().orElseThrow();
        assertEquals(socket.code(), socketPath.code());
        assertEquals(PastaOption.SOCKET, PastaOption.ofCode(socketPath.code()));
    }

    @Test
    void codes() {
        assertEquals('t', PastaOption.TCP_PORTS.code());
        assertEquals(PastaOption.TCP_NS, PastaOption.ofCode('T'));
        assertEquals(PastaOption.NETNS, PastaOption.ofCode(PastaOption.NETNS.code()));
        assertNull(PastaOption.ofCode('z'));
        assertEquals("+dqfel:hs:c:F:I:p:P:m:a:n:M:g:i:o:D:S:H:461t:u:T:U:", PastaOption.OPTSTRING);
    }
}
