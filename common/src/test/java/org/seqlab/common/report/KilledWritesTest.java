package org.seqlab.common.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.common.bundle.ModelBundle;

/** Real processes killed mid-write (SIGTERM, then SIGKILL): nothing half-written is visible or left for long. */
class KilledWritesTest {
    @TempDir
    Path dir;

    Process startAndWait() throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dseqlab.quiet=true", KilledWriterMain.class.getName(),
                dir.resolve("report").toString(), dir.resolve("model").toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("ready", out.readLine());
        return process;
    }

    List<String> names() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void killedWritersLeaveTheOldVersionsAndTheirTemporariesGo() throws Exception {
        ModelBundle.writer("sentiment").network(org.seqlab.common.testing.TinyTask.network(1))
                .json("labels.json", List.of("a")).write(dir.resolve("model"));
        Process terminated = startAndWait();
        terminated.destroy();
        assertTrue(terminated.waitFor(30, TimeUnit.SECONDS));
        assertEquals(List.of("model"), names(), "SIGTERM: the shutdown hook removed every temporary");
        assertEquals("sentiment", ModelBundle.load(dir.resolve("model"), "sentiment").info().task());

        Process killed = startAndWait();
        killed.destroyForcibly();
        assertTrue(killed.waitFor(30, TimeUnit.SECONDS));
        assertTrue(names().stream().anyMatch(n -> n.startsWith(".")), "SIGKILL leaves temporaries: " + names());
        assertFalse(names().contains("report"), "but no report folder with a chart and no page");
        Report.checkTarget(dir.resolve("report"));
        ModelBundle.checkTarget(dir.resolve("model"));
        assertEquals(List.of("model"), names(), "the next run swept them");
        assertFalse(Files.exists(dir.resolve("model").resolve("half.txt")));
    }
}
