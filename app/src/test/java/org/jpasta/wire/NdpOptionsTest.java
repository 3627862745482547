package org.jpasta.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NdpOptionsTest {
    /** The option area of the router advertisement pasta's tests expect (see NdpResponderTest). */
    private static final String RA_OPTIONS = "030440c0ffffffffffffffff0000000020010db8000100000000000000000000"
            + "01019a559a559a55" + "050100000000fff0"
            + "19050000ffffffff20010db800000000000000000000005320010db8000000000000000000000054"
            + "1f050000ffffffff076578616d706c6503636f6d0004636f7270076578616d706c65036f72670000";

    private final NdpOptions options = new NdpOptions();

    private boolean wrap(String hex) {
        return options.wrap(Frames.direct(hex), Frames.OFFSET, hex.length() / 2);
    }

    @Test
    void iteratesTheSourceLinkLayerAddressOfASolicitation() {
        ByteBuffer buf = Frames.direct(Frames.NEIGHBOR_SOLICITATION);
        Icmpv6Packet icmp = new Icmpv6Packet();
        assertTrue(icmp.wrap(buf, Frames.l3() + 40, 32));
        assertTrue(options.wrap(icmp));
        assertTrue(options.next());
        assertEquals(NdpOptions.TYPE_SOURCE_LINK_LAYER_ADDRESS, options.type());
        assertEquals(8, options.length());
        assertTrue(options.hasExpectedLength());
        assertEquals(0x46e07a3b1c01L, options.linkLayerAddress());
        assertFalse(options.next());
        assertEquals(0x46e07a3b1c01L, options.findLinkLayerAddress(NdpOptions.TYPE_SOURCE_LINK_LAYER_ADDRESS));
        assertEquals(-1, options.findLinkLayerAddress(NdpOptions.TYPE_TARGET_LINK_LAYER_ADDRESS));
    }

    @Test
    void readsEveryRouterAdvertisementOption() {
        ByteBuffer buf = Frames.direct(RA_OPTIONS);
        assertTrue(options.wrap(buf, Frames.OFFSET, RA_OPTIONS.length() / 2));

        assertTrue(options.next());
        assertEquals(NdpOptions.TYPE_PREFIX_INFORMATION, options.type());
        assertTrue(options.hasExpectedLength());
        assertEquals(64, options.prefixLength());
        assertEquals(NdpOptions.PREFIX_FLAG_ON_LINK | NdpOptions.PREFIX_FLAG_AUTONOMOUS, options.prefixFlags());
        assertEquals(NdpOptions.INFINITE_LIFETIME, options.validLifetime());
        assertEquals(NdpOptions.INFINITE_LIFETIME, options.preferredLifetime());
        assertEquals(0x20010db800010000L, options.prefixHi());
        assertEquals(0L, options.prefixLo());

        assertTrue(options.next());
        assertEquals(NdpOptions.TYPE_SOURCE_LINK_LAYER_ADDRESS, options.type());
        assertEquals(MacAddress.PASTA_DEFAULT, options.linkLayerAddress());

        assertTrue(options.next());
        assertEquals(NdpOptions.TYPE_MTU, options.type());
        assertTrue(options.hasExpectedLength());
        assertEquals(65520, options.mtu());

        assertTrue(options.next());
        assertEquals(NdpOptions.TYPE_RDNSS, options.type());
        assertTrue(options.hasExpectedLength());
        assertEquals(NdpOptions.INFINITE_LIFETIME, options.dnsLifetime());
        assertEquals(2, options.rdnssAddressCount());
        assertEquals("2001:db8::54", Ipv6Address.format(options.rdnssAddressHi(1), options.rdnssAddressLo(1)));

        assertTrue(options.next());
        assertEquals(NdpOptions.TYPE_DNSSL, options.type());
        assertTrue(options.hasExpectedLength());
        byte[] names = new byte[options.dnsslNamesLength()];
        buf.get(options.dnsslNamesOffset(), names);
        assertEquals("\7example\3com\0\4corp\7example\3org\0\0", new String(names, StandardCharsets.US_ASCII));

        assertFalse(options.next());
        assertFalse(options.next());
        options.rewind();
        assertTrue(options.next());
        assertEquals(NdpOptions.TYPE_PREFIX_INFORMATION, options.type());
    }

    @Test
    void anEmptyOptionAreaIsValid() {
        assertTrue(wrap(""));
        assertFalse(options.next());
    }

    @Test
    void rejectsAnOptionOfLengthZero() {
        // RFC 4861 4.6: "Nodes MUST silently discard an ND packet that contains an option with length zero."
        assertFalse(wrap("0100" + "46e07a3b1c01"));
        assertEquals(DropReason.BAD_OPTION, options.dropReason());
        assertFalse(options.next());
        assertFalse(wrap("010146e07a3b1c01" + "0500000000000000"));
        assertEquals(DropReason.BAD_OPTION, options.dropReason());
    }

    @Test
    void rejectsAnOptionRunningOffTheEnd() {
        assertFalse(wrap("0102" + "46e07a3b1c01"));
        assertEquals(DropReason.BAD_OPTION, options.dropReason());
        assertFalse(wrap("010146e07a3b1c01" + "05"));
        assertEquals(DropReason.BAD_OPTION, options.dropReason());
    }

    @Test
    void rejectsEveryTruncationOfAValidArea() {
        for (int length = 1; length < RA_OPTIONS.length() / 2; length++) {
            boolean boundary = length == 32 || length == 40 || length == 48 || length == 88;
            assertEquals(boundary, options.wrap(Frames.direct(RA_OPTIONS), Frames.OFFSET, length), "length " + length);
        }
    }

    @Test
    void flagsOptionsOfTheWrongSize() {
        assertTrue(wrap("0102" + "46e07a3b1c01" + "00".repeat(8)));
        assertTrue(options.next());
        assertFalse(options.hasExpectedLength());
        assertTrue(wrap("0302" + "00".repeat(14)));
        assertTrue(options.next());
        assertFalse(options.hasExpectedLength());
        assertTrue(wrap("1902" + "00".repeat(14)));
        assertTrue(options.next());
        assertFalse(options.hasExpectedLength());
        assertTrue(wrap("fe01" + "00".repeat(6)));
        assertTrue(options.next());
        assertTrue(options.hasExpectedLength());
    }

    @Test
    void emittersRoundTrip() {
        ByteBuffer out = Frames.output(200);
        int at = 0;
        at += NdpOptions.emitPrefixInformation(out, at, 64, 0xc0, NdpOptions.INFINITE_LIFETIME,
                NdpOptions.INFINITE_LIFETIME, 0x20010db800010000L, 0);
        at += NdpOptions.emitLinkLayerAddress(out, at, NdpOptions.TYPE_SOURCE_LINK_LAYER_ADDRESS,
                MacAddress.PASTA_DEFAULT);
        at += NdpOptions.emitMtu(out, at, 65520);
        at += NdpOptions.emitRdnssHeader(out, at, NdpOptions.INFINITE_LIFETIME, 2);
        Ipv6Address.parse("2001:db8::53").write(out, at);
        Ipv6Address.parse("2001:db8::54").write(out, at + 16);
        at += 32;
        at += NdpOptions.emitDnssl(out, at, NdpOptions.INFINITE_LIFETIME,
                "\7example\3com\0\4corp\7example\3org\0".getBytes(StandardCharsets.US_ASCII));
        assertEquals(RA_OPTIONS, Frames.hex(out, 0, at));
    }

    @Test
    void refusesAMessageWithoutItsFixedPart() {
        ByteBuffer buf = Frames.direct(Frames.NEIGHBOR_SOLICITATION);
        Icmpv6Packet icmp = new Icmpv6Packet();
        assertTrue(icmp.wrap(buf, Frames.l3() + 40, 20));
        assertFalse(options.wrap(icmp));
        assertEquals(DropReason.TRUNCATED, options.dropReason());
        assertFalse(options.next());
    }
}
