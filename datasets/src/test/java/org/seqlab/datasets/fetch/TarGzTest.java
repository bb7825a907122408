package org.seqlab.datasets.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.common.error.BadInputException;

class TarGzTest {
    @TempDir
    Path dir;

    /** Packs package/ like npm does, with the system tar (GNU tar writes long names as 'L' entries). */
    private Path archive() throws IOException, InterruptedException {
        String longName = "d".repeat(60) + "/" + "f".repeat(70) + ".json";
        Files.createDirectories(dir.resolve("src/package/data").resolve(longName).getParent());
        Files.writeString(dir.resolve("src/package/data/a.json"), "{\"a\":1}");
        Files.writeString(dir.resolve("src/package/data/b.txt"), "b".repeat(5000));
        Files.writeString(dir.resolve("src/package/data").resolve(longName), "long");
        Files.writeString(dir.resolve("src/package/LICENSE"), "MIT");
        Path tgz = dir.resolve("p.tgz");
        Process p = new ProcessBuilder("tar", "czf", tgz.toString(), "-C", dir.resolve("src").toString(), "package")
                .inheritIO().start();
        assertEquals(0, p.waitFor());
        return tgz;
    }

    @Test
    void extractsOnlyWantedFilesWithoutThePackagePrefix() throws Exception {
        Path tgz = archive();
        Source source = new Source.Npm("x", "1", "", 0, List.of("data/**.json", "LICENSE"));
        Path out = Files.createDirectories(dir.resolve("out"));
        assertEquals(3, TarGz.extract(tgz, "package/", source.wanted(), out));
        assertEquals("{\"a\":1}", Files.readString(out.resolve("data/a.json")));
        assertEquals("MIT", Files.readString(out.resolve("LICENSE")));
        assertTrue(Files.exists(out.resolve("data/" + "d".repeat(60) + "/" + "f".repeat(70) + ".json")));
        assertFalse(Files.exists(out.resolve("data/b.txt")));
    }

    @Test
    void truncatedArchiveIsAnError() throws Exception {
        Path tgz = archive();
        byte[] whole = Files.readAllBytes(tgz);
        Path half = Files.write(dir.resolve("half.tgz"), Arrays.copyOf(whole, whole.length / 2));
        Path out = Files.createDirectories(dir.resolve("out"));
        BadInputException e = assertThrows(BadInputException.class, () -> TarGz.extract(half, "package/", p -> true, out));
        assertTrue(e.getMessage().contains("half.tgz") && e.getMessage().contains("truncated"), e.getMessage());
        Path empty = Files.write(dir.resolve("empty.tgz"), new byte[0]);
        assertThrows(BadInputException.class, () -> TarGz.extract(empty, "package/", p -> true, out));
    }
}
