package org.seqlab.common.report;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.common.error.BadInputException;

/** A report folder is replaced whole or not at all, and what a killed run left is gone on the next. */
class AtomicReportTest {
    /** Above Linux's largest pid (2^22), so never a running process. */
    static final long DEAD_PID = 4_194_305;

    @TempDir
    Path dir;

    static Path writeReport(Path out, String title, String chart) throws Exception {
        Report report = new Report(title, out);
        Charts.bar(report.chartPath(chart), title, "model", "accuracy", List.of("lstm"), Map.of("test", new double[] {0.8}));
        return report.section("Results").keyMetrics(Map.of("accuracy", 0.8)).image(chart, title).write();
    }

    static List<String> names(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aRunKilledBeforeWritingLeavesThePreviousReportAsItWas() throws Exception {
        Path out = dir.resolve("report");
        writeReport(out, "first", "baselines.png");
        String html = Files.readString(out.resolve("report.html"));
        String metrics = Files.readString(out.resolve("metrics.json"));

        Report interrupted = new Report("second", out);
        Charts.bar(interrupted.chartPath("confusion.png"), "x", "model", "accuracy", List.of("lstm"), Map.of("test", new double[] {0.5}));
        // killed here: the folder still holds exactly the first report
        assertEquals(List.of("baselines.png", "metrics.json", "report.html"), names(out));
        assertEquals(html, Files.readString(out.resolve("report.html")));
        assertEquals(metrics, Files.readString(out.resolve("metrics.json")));

        writeReport(out, "third", "curves.png");
        assertEquals(List.of("curves.png", "metrics.json", "report.html"), names(out), "nothing of the first run stays");
        assertTrue(Files.readString(out.resolve("report.html")).contains("third"));
    }

    @Test
    void aFirstRunKilledLeavesNothingVisibleAndTheNextRunSweepsItsTemporaries() throws Exception {
        Path out = dir.resolve("report");
        // what a SIGKILL during a first run leaves: a staging folder of a process that is gone, and a chart's temp file
        Path staged = Files.createDirectories(dir.resolve(".report.seqlab-" + DEAD_PID + "-42"));
        Files.writeString(staged.resolve("confusion.png"), "half a chart");
        Files.writeString(dir.resolve(".metrics.json.seqlab-" + DEAD_PID + "-43.tmp"), "{");
        assertFalse(Files.exists(out));
        Report.checkTarget(out);
        writeReport(out, "next", "curves.png");
        assertEquals(List.of("report"), names(dir), "only the report folder: " + names(dir));
        assertEquals(List.of("curves.png", "metrics.json", "report.html"), names(out));
    }

    @Test
    void aReportWrittenTwiceKeepsItsCharts() throws Exception {
        Path out = dir.resolve("report");
        Report report = new Report("twice", out);
        Charts.bar(report.chartPath("a.png"), "a", "model", "accuracy", List.of("lstm"), Map.of("test", new double[] {0.8}));
        report.image("a.png", "a").write();
        report.metrics(Map.of("accuracy", 0.9)).write();
        assertEquals(List.of("a.png", "metrics.json", "report.html"), names(out));
        assertTrue(Files.readString(out.resolve("metrics.json")).contains("0.9"));
    }

    @Test
    void outMustBeAReportFolderOrNew() throws Exception {
        Path file = Files.writeString(dir.resolve("results.txt"), "keep");
        assertTrue(assertThrows(BadInputException.class, () -> Report.checkTarget(file)).getMessage().contains("is a file"));
        assertTrue(assertThrows(BadInputException.class, () -> Report.checkTarget(file.resolve("report"))).getMessage()
                .contains("which is a file"));
        Path photos = Files.createDirectories(dir.resolve("photos"));
        Files.writeString(photos.resolve("cat.jpg"), "meow");
        assertTrue(assertThrows(BadInputException.class, () -> Report.checkTarget(photos)).getMessage()
                .contains("holds no SeqLab report"));
        assertThrows(BadInputException.class, () -> new Report("r", photos), "a report never replaces other files");
        assertEquals(List.of("cat.jpg"), names(photos));
        Path out = dir.resolve("report");
        assertDoesNotThrow(() -> Report.checkTarget(out));
        writeReport(out, "r", "c.png");
        assertDoesNotThrow(() -> Report.checkTarget(out));
    }
}
