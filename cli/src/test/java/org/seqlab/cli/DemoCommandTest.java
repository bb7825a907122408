package org.seqlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.common.cli.Cli;
import org.seqlab.common.io.Json;

/** The demo's quick mode runs every step and links every report from the index. */
class DemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void quickDemoWritesEveryReportAndTheIndex() throws Exception {
        System.setProperty("seqlab.quiet", "true");
        Path reports = dir.resolve("reports");
        int code = Cli.run(new SeqlabMain(), "demo", "--quick", "--reports", reports.toString(), "--models",
                dir.resolve("models").toString());
        assertEquals(0, code);
        String index = Files.readString(reports.resolve("index.html"));
        for (String app : new DemoCommand().steps().stream().filter(s -> s.contains("--out"))
                .map(s -> s.get(s.indexOf("--out") + 1)).map(p -> Path.of(p).getFileName().toString()).toList()) {
            assertTrue(index.contains("href=\"" + app + "/report.html\""), "index links " + app);
            assertTrue(Files.exists(reports.resolve(app).resolve("metrics.json")), app + " metrics");
        }
        Map<?, ?> sentiment = Json.read(reports.resolve("sentiment/metrics.json"), Map.class);
        assertTrue((Double) sentiment.get("accuracy") > 0.5, "even one epoch beats chance: " + sentiment.get("accuracy"));
        assertTrue(Files.exists(dir.resolve("models/sentiment/bundle.json")));
    }
}
