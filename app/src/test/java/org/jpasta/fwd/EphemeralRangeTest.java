package org.jpasta.fwd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EphemeralRangeTest {
    @TempDir
    Path dir;

    private EphemeralRange probe(String content, List<String> warnings) throws IOException {
        Path file = dir.resolve("ip_local_port_range");
        Files.writeString(file, content);
        return EphemeralRange.probe(file, warnings);
    }

    @Test
    void readsTheSysctlFormat() throws IOException {
        List<String> warnings = new ArrayList<>();
        assertEquals(new EphemeralRange(32768, 60999), probe("32768\t60999\n", warnings));
        assertEquals(new EphemeralRange(1024, 2048), probe("1024\t2048", warnings));
        assertEquals(List.of(), warnings);
    }

    @Test
    void unparsableFallsBackToRfc6335() throws IOException {
        List<String> warnings = new ArrayList<>();
        assertEquals(EphemeralRange.RFC_6335, probe("32768 60999\n", warnings));
        assertEquals(EphemeralRange.RFC_6335, probe("", warnings));
        assertEquals(EphemeralRange.RFC_6335, probe("1\t65536\n", warnings));
        Path file = dir.resolve("ip_local_port_range");
        assertEquals(List.of("Unable to parse " + file, "Unable to parse " + file, "Unable to parse " + file), warnings);
    }

    @Test
    void missingFileFallsBackToRfc6335() {
        List<String> warnings = new ArrayList<>();
        Path missing = dir.resolve("missing");
        assertEquals(new EphemeralRange(49152, 65535), EphemeralRange.probe(missing, warnings));
        assertEquals(List.of("Unable to open " + missing + ": No such file or directory"), warnings);
    }

    @Test
    void parse() {
        assertEquals(new EphemeralRange(60999, 32768), EphemeralRange.parse("60999\t32768"), "kept as read");
        assertNull(EphemeralRange.parse("1\t2\t"));
    }
}
