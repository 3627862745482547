package org.jpasta.ndp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.jpasta.wire.Ipv6Address;
import org.junit.jupiter.api.Test;

class DnsSearchListTest {

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void encodesLabelsWithTheRootLabel() {
        assertArrayEquals(ascii("\7example\3com\0\4corp\7example\3org\0"),
                DnsSearchList.encode(List.of("example.com", "corp.example.org")));
        assertArrayEquals(ascii("\3lan\0"), DnsSearchList.encode(List.of("lan.")));
        assertArrayEquals(new byte[0], DnsSearchList.encode(List.of()));
    }

    @Test
    void rejectsBadNames() {
        assertThrows(IllegalArgumentException.class, () -> DnsSearchList.encode(List.of("")));
        assertThrows(IllegalArgumentException.class, () -> DnsSearchList.encode(List.of(".")));
        assertThrows(IllegalArgumentException.class, () -> DnsSearchList.encode(List.of("a..b")));
        assertThrows(IllegalArgumentException.class, () -> DnsSearchList.encode(List.of("a".repeat(64) + ".com")));
        assertThrows(IllegalArgumentException.class, () -> DnsSearchList.encode(List.of("bücher.de")));
        String longName = String.join(".", Collections.nCopies(5, "a".repeat(60)));
        assertThrows(IllegalArgumentException.class, () -> DnsSearchList.encode(List.of(longName)));
    }

    @Test
    void theConfigurationRejectsWhatCannotBeEncoded() {
        Ipv6Address prefix = Ipv6Address.parse("2001:db8::");
        assertThrows(IllegalArgumentException.class,
                () -> new RouterAdvertisementConfig(prefix, 0, List.of(), List.of("a..b")));
        assertThrows(IllegalArgumentException.class,
                () -> new RouterAdvertisementConfig(prefix, 0, Collections.nCopies(128, prefix), List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new RouterAdvertisementConfig(prefix, 0, List.of(), Collections.nCopies(9, "a".repeat(200) + ".com")));
        assertThrows(IllegalArgumentException.class, () -> new RouterAdvertisementConfig(null, 0, List.of(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new RouterAdvertisementConfig(prefix, -1, List.of(), List.of()));
    }
}
