package org.seqlab.common.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void failedWriteKeepsTheOldFileAndLeavesNoTemp() throws Exception {
        Path target = dir.resolve("model.json");
        AtomicFiles.writeString(target, "old");
        assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write("half".getBytes());
            throw new IOException("disk full");
        }));
        assertEquals("old", Files.readString(target));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void directoryIsReplacedWholeOrNotAtAll() throws Exception {
        Path bundle = dir.resolve("bundle");
        AtomicFiles.writeDirectory(bundle, tmp -> Files.writeString(tmp.resolve("a.txt"), "v1"));
        assertThrows(IOException.class, () -> AtomicFiles.writeDirectory(bundle, tmp -> {
            Files.writeString(tmp.resolve("a.txt"), "v2");
            throw new IOException("interrupted");
        }));
        assertEquals("v1", Files.readString(bundle.resolve("a.txt")));
        AtomicFiles.writeDirectory(bundle, tmp -> Files.writeString(tmp.resolve("b.txt"), "v3"));
        assertFalse(Files.exists(bundle.resolve("a.txt")));
        assertEquals("v3", Files.readString(bundle.resolve("b.txt")));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "only the bundle folder remains");
        }
    }
}
