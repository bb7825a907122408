package org.seqlab.common.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.common.io.Json;
import org.seqlab.common.train.EpochRecord;
import org.seqlab.common.train.Trainer;
import org.seqlab.common.train.TrainingResult;

class ReportTest {
    @TempDir
    Path dir;

    @Test
    void writesSelfContainedHtmlAndFlatMetrics() throws Exception {
        Report report = new Report("Sentiment <test>", dir.resolve("sentiment"));
        Charts.confusionMatrix(report.chartPath("confusion.png"), List.of("neg", "pos"), new long[][] {{40, 10}, {5, 45}});
        Charts.learningCurves(report.chartPath("curves.png"), List.of(1.0, 2.0, 3.0), List.of(0.7, 0.5, 0.4),
                List.of(0.72, 0.6, 0.58), "accuracy", List.of(0.6, 0.7, 0.75));
        report.section("Results").keyMetrics(Map.of("accuracy", 0.85)).image("confusion.png", "Confusion")
                .table(List.of("model", "accuracy"), List.of(List.of("lstm", 0.85), List.of("nb-lr", 0.8)))
                .paragraph("Every prediction: ", "predictions<1>.jsonl", " (one a line).");
        Path html = report.write();

        String page = Files.readString(html);
        assertTrue(page.contains("data:image/png;base64,"), "charts are embedded");
        assertTrue(page.contains("Sentiment &lt;test&gt;"), "title is escaped");
        assertTrue(page.contains("<td>0.8000</td>"));
        assertTrue(page.contains("<p>Every prediction: <a href=\"predictions&lt;1&gt;.jsonl\">predictions&lt;1&gt;.jsonl</a> "
                + "(one a line).</p>"), "a file beside the report is linked, its name escaped");
        Map<?, ?> metrics = Json.read(dir.resolve("sentiment/metrics.json"), Map.class);
        assertEquals(0.85, (Double) metrics.get("accuracy"), 1e-12);
        BufferedImage curves = ImageIO.read(report.chartPath("curves.png").toFile());
        assertEquals(800, curves.getWidth());
        assertTrue(ImageIO.read(report.chartPath("confusion.png").toFile()).getHeight() > 100);
        assertFalse(Files.list(dir.resolve("sentiment")).anyMatch(p -> p.getFileName().toString().endsWith(".tmp")),
                "no temp files left behind");
    }

    @Test
    void longValuesWrapAndTheLearningCurvesSayWhatEndedTraining() throws Exception {
        Report report = new Report("Tagger", dir.resolve("tagger"));
        List<EpochRecord> history = List.of(
                new EpochRecord(1, 0.9, Map.of("loss", 0.8, "accuracy", 0.7), 1000, 30, 0.002, 1),
                new EpochRecord(2, 0.6, Map.of("loss", 0.7, "accuracy", 0.8), 1000, 9, 0.002, 0.3));
        ReportSections.learningCurves(report, new TrainingResult<>(null, history, 2, 61, 1000, false, 0, true), "accuracy");
        String json = "{\"method\":\"random\",\"seed\":42,\"trainFraction\":0.8,\"validationFraction\":0.1,\"train\":4000}";
        report.table(List.of("field", "value"), List.of(List.of("split", json), List.of("seed", 42)));
        String page = Files.readString(report.write());
        assertTrue(page.contains("2 epochs, ended by the --minutes budget 30 % into the last one, which is drawn there; "
                + "the model of epoch 2 is kept; learning rate 0.002 throughout"), page);
        assertEquals(1.3, history.get(1).position(), 1e-12, "a cut epoch sits where it stopped on the epoch axis");
        assertEquals(1.0, history.get(0).position(), 1e-12);
        List<String> log = Files.readAllLines(report.chartPath(Trainer.LOG_FILE));
        assertTrue(log.get(0).endsWith(",learning_rate,share_of_epoch") && log.get(2).endsWith(",0.002000,0.300"), log.toString());
        assertTrue(page.contains("<td class=\"wrap\">{&quot;method"), "a long JSON value may break anywhere");
        assertTrue(page.contains("<td>42</td>"), "short cells stay whole");
    }

    @Test
    void aRecordFromACheckpointWrittenBeforeTheShareWasKeptCountsAsAWholeEpoch() throws Exception {
        EpochRecord old = Json.MAPPER.readValue("{\"epoch\":3,\"trainLoss\":0.5,\"validation\":{\"loss\":0.6},"
                + "\"tokensPerSecond\":1000,\"seconds\":30,\"learningRate\":0.002}", EpochRecord.class);
        assertEquals(0, old.share());
        assertFalse(old.partial());
        assertEquals(3.0, old.position());
    }

    @Test
    void theLearningCurvesCaptionSaysWhenTheRateChanged() {
        java.util.function.Function<double[], List<EpochRecord>> epochsAt = rates -> java.util.stream.IntStream
                .range(0, rates.length).mapToObj(i -> new EpochRecord(i + 1, 1, Map.of(), 1, 1, rates[i], 1)).toList();
        assertEquals("; learning rate 0.002 (epochs 1-3), 0.001 (4), 0.0005 (5-6)",
                ReportSections.learningRates(epochsAt.apply(new double[] {2e-3, 2e-3, 2e-3, 1e-3, 5e-4, 5e-4})));
        assertEquals("; learning rate 0.003 (epoch 1), 0.0015 (2)",
                ReportSections.learningRates(epochsAt.apply(new double[] {3e-3, 1.5e-3})));
        assertEquals("; learning rate 0.003 at epoch 1, 0.0018 at epoch 6", ReportSections.learningRates(
                epochsAt.apply(new double[] {3e-3, 2.7e-3, 2.43e-3, 2.187e-3, 1.968e-3, 1.771e-3})), "a per-epoch decay");
        assertEquals("; learning rate 0.005 at epoch 1, 9.1e-7 at epoch 6", ReportSections.learningRates(
                epochsAt.apply(new double[] {5e-3, 4.5e-3, 3e-3, 1.2e-3, 2e-4, 9.1e-7})),
                "a cosine's last, tiny rate reads in scientific notation");
        assertEquals("", ReportSections.learningRates(epochsAt.apply(new double[] {2e-3, 0})),
                "an epoch resumed from an old checkpoint has no rate: none is claimed");
    }

    @Test
    void lineChartOnLogAxisDropsNonPositiveValues() throws Exception {
        Map<String, double[][]> series = new LinkedHashMap<>();
        series.put("rnn", new double[][] {{1, 2, 3, 4}, {1, 0.1, 0.0, 0.001}});
        series.put("lstm", new double[][] {{1, 2, 3, 4}, {1, 0.8, 0.7, 0.6}});
        Path png = dir.resolve("grad.png");
        Charts.line(png, "gradient norm", "t - k", "norm", true, series);
        assertTrue(ImageIO.read(png.toFile()).getWidth() > 0);
    }

    @Test
    void captionsWrapBetweenWordsWithinTheirTile() {
        java.awt.FontMetrics metrics = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics()
                .getFontMetrics(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 11));
        // cut at 26 characters, this one read "10. woman: medium-dark sk" / "n tone", into the next tile
        List<String> lines = Charts.wrap("10. woman: medium-dark skin tone", metrics, 152, 2);
        assertEquals(2, lines.size(), lines.toString());
        assertEquals("10. woman: medium-dark skin tone", String.join(" ", lines), "broken between words only");
        List<String> cut = Charts.wrap("a person in a motorized wheelchair with a medium-light skin tone, facing right",
                metrics, 152, 2);
        assertEquals(2, cut.size());
        assertTrue(cut.get(1).endsWith("\u2026"), "what does not fit ends in an ellipsis: " + cut);
        for (String line : cut) {
            assertTrue(metrics.stringWidth(line) <= 152, line);
        }
        assertEquals(List.of("short"), Charts.wrap("short", metrics, 152, 2));
    }

    @Test
    void imageGridAndHeatMapHaveTheExpectedLayout() throws Exception {
        BufferedImage red = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        red.setRGB(10, 10, 0xff0000);
        Path grid = dir.resolve("grid.png");
        Charts.imageGrid(grid, List.of(red, red, red), List.of("a red square", "another one with a long caption "
                + "that wraps", "third"), 2);
        BufferedImage drawn = ImageIO.read(grid.toFile());
        assertEquals(2 * 160, drawn.getWidth(), "two columns");
        assertEquals(2 * (160 + 36), drawn.getHeight(), "two rows for three images");

        Path heat = dir.resolve("attention.png");
        Charts.heatMap(heat, "Attention", "source", "target", List.of("ich", "bin", "da"), List.of("i", "am", "here"),
                new double[][] {{0.9, 0.05, 0.05}, {0.1, 0.8, 0.1}, {0.0, 0.1, 0.9}}, null);
        BufferedImage map = ImageIO.read(heat.toFile());
        assertTrue(map.getWidth() >= 3 * 18 && map.getHeight() >= 3 * 18);
    }

    @Test
    void indexLinksEveryReportWithHeadlineNumbers() throws Exception {
        Report a = new Report("A", dir.resolve("sentiment"));
        a.metrics(Map.of("accuracy", 0.9)).write();
        Report b = new Report("B", dir.resolve("textgen"));
        b.metrics(Map.of("perplexity", 3.5)).write();
        String index = Files.readString(Report.writeIndex(dir));
        assertTrue(index.contains("href=\"sentiment/report.html\""));
        assertTrue(index.contains("href=\"textgen/report.html\""));
        assertTrue(index.contains("accuracy 0.9000"));
        assertTrue(index.contains("perplexity 3.5000"));
    }
}
