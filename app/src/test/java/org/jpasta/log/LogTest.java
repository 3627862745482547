package org.jpasta.log;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class LogTest {
    @AfterEach
    void reset() {
        Log.close();
        Log.configure(false, false, false);
        Log.redirectStderr(System.err);
    }

    @Test
    void quietKeepsWarningsAndErrorsOnly() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Log.redirectStderr(new PrintStream(bytes, true));
        Log.configure(true, false, false);
        Log.info("info line");
        Log.warn("warn line");
        Log.debug("debug line");
        assertEquals("warn line\n", bytes.toString());
    }

    @Test
    void logFileHasHeaderAndTimestampedLines(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("log");
        Log.configure(false, true, false);
        Log.redirectStderr(new PrintStream(new ByteArrayOutputStream()));
        Log.openFile(f, 1 << 20, "pasta jpasta-test: /bin/java (42)");
        Log.info("hello");
        List<String> lines = Files.readAllLines(f);
        assertEquals("pasta jpasta-test: /bin/java (42)", lines.get(0));
        assertTrue(lines.get(1).matches("\\d+\\.\\d{4}: hello"), lines.get(1));
    }

    @Test
    void fullLogFileIsCutFromTheStartKeepingTheHeader(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("log");
        Log.configure(false, true, false);
        Log.redirectStderr(new PrintStream(new ByteArrayOutputStream()));
        Log.openFile(f, 20_000, "header");
        for (int i = 0; i < 2000; i++) {
            Log.info("line " + i);
        }
        Log.close();
        long size = Files.size(f);
        assertTrue(size <= 20_000, "size " + size);
        assertTrue(size > 10_000, "size " + size);
        List<String> lines = Files.readAllLines(f);
        assertEquals("header", lines.get(0));
        assertTrue(lines.get(lines.size() - 1).endsWith("line 1999"));
        for (int i = 1; i < lines.size(); i++) {
            assertTrue(lines.get(i).matches("\\d+\\.\\d{4}: line \\d+"), "whole lines only: " + lines.get(i));
        }
    }
}
