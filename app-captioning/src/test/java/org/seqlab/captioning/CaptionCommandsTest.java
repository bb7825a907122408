package org.seqlab.captioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.common.io.Json;
import org.seqlab.common.testing.CommandRun;

/**
 * The commands end to end on the toy shapes as a JSON-lines dataset: train writes a bundle and a report,
 * eval re-scores it on the same split, describe answers every line and reports bad images line by line.
 */
class CaptionCommandsTest {
    @TempDir
    static Path dir;
    static Path model;
    static CommandRun trained;

    @BeforeAll
    static void train() throws IOException {
        System.setProperty("seqlab.quiet", "true");
        ToyShapes.Sets sets = ToyShapes.write(dir.resolve("shapes"));
        StringBuilder jsonl = new StringBuilder();
        for (CaptionExample e : sets.train()) {
            jsonl.append(Json.line(Map.of("image", "shapes/" + e.image().getFileName(), "caption", e.references().get(0))))
                    .append('\n');
        }
        Files.writeString(dir.resolve("toy.jsonl"), jsonl);
        model = dir.resolve("model");
        trained = CommandRun.of(new CaptionMain(), "train", "--data", dir.resolve("toy.jsonl").toString(),
                "--model", model.toString(), "--out", dir.resolve("report").toString(), "--epochs", "2",
                "--image-size", "24", "--channels", "8,16", "--feature-size", "16", "--hidden", "16",
                "--embedding-dim", "8", "--batch", "16", "--attention", "soft", "--cell", "gru");
    }

    @Test
    void trainWritesABundleAndAReportWithBaselines() throws IOException {
        assertEquals(0, trained.code(), trained.err());
        assertTrue(Files.isRegularFile(model.resolve("bundle.json")));
        Map<?, ?> metrics = Json.read(dir.resolve("report/metrics.json"), Map.class);
        for (String key : List.of("bleu", "bleu1", "bleu4", "chrf", "nn_pixels_bleu1", "nn_feature_bleu1",
                "frequent_words_bleu1", "train_seconds")) {
            assertTrue(metrics.containsKey(key), key + " in " + metrics.keySet());
        }
        String html = Files.readString(dir.resolve("report/report.html"));
        assertTrue(html.contains("nearest training image by pixels"));
        assertTrue(Files.isRegularFile(dir.resolve("report/test-captions.png")));
        assertTrue(Files.isRegularFile(dir.resolve("report/attention.png")));
        assertTrue(Files.isRegularFile(dir.resolve("report/learning-curves.png")));
        assertFalse(Files.exists(dir.resolve("model.checkpoints/best.zip")), "checkpoints discarded");
        assertFalse(Files.exists(dir.resolve("model.checkpoints/state.json")), "checkpoints discarded");
    }

    @Test
    void evalScoresTheBundleOnItsOwnSplit() throws IOException {
        CommandRun eval = CommandRun.of(new CaptionMain(), "eval", "--model", model.toString(), "--out",
                dir.resolve("eval").toString());
        assertEquals(0, eval.code(), eval.err());
        Map<?, ?> trainMetrics = Json.read(dir.resolve("report/metrics.json"), Map.class);
        Map<?, ?> evalMetrics = Json.read(dir.resolve("eval/metrics.json"), Map.class);
        assertEquals((Double) trainMetrics.get("bleu1"), (Double) evalMetrics.get("bleu1"), 1e-9);
        assertEquals((Double) trainMetrics.get("nn_pixels_bleu1"), (Double) evalMetrics.get("nn_pixels_bleu1"), 1e-9);
    }

    @Test
    void describeAnswersEveryLineAndReportsBadImagesOnTheirOwnLine() throws IOException {
        Path good = dir.resolve("shapes/red-circle-0.png");
        Path text = Files.writeString(dir.resolve("notes.png"), "not a picture");
        byte[] png = Files.readAllBytes(good);
        Path truncated = Files.write(dir.resolve("cut.png"), Arrays.copyOf(png, png.length / 2));
        Path huge = Files.write(dir.resolve("huge.png"), org.seqlab.common.testing.TestImages.pngHeaderOnly(20_000, 20_000));
        String stdin = String.join("\n", good.toString(), text.toString(), dir.resolve("missing.png").toString(),
                truncated.toString(), huge.toString(), good.toString()) + "\n";
        CommandRun run = CommandRun.withInput(new CaptionMain(), stdin, "describe", "--model", model.toString(),
                "--beam", "3", "--nbest", "2");
        assertEquals(0, run.code(), run.err());
        List<JsonNode> lines = run.json();
        assertEquals(6, lines.size());
        assertTrue(lines.get(0).hasNonNull("caption") && lines.get(0).get("nbest").size() == 2, lines.get(0).toString());
        assertTrue(lines.get(1).get("error").asText().contains("not an image"), lines.get(1).toString());
        assertTrue(lines.get(2).get("error").asText().contains("not found"), lines.get(2).toString());
        assertTrue(lines.get(3).get("error").asText().contains("corrupt or truncated"), lines.get(3).toString());
        assertTrue(lines.get(4).get("error").asText().contains("20000 x 20000"), lines.get(4).toString());
        assertEquals(lines.get(0).get("caption"), lines.get(5).get("caption"));
    }

    @Test
    void badOptionsAreOneLineErrors() {
        CommandRun run = CommandRun.of(new CaptionMain(), "describe", "--model", model.toString(), "--beam", "2",
                "--nbest", "3", dir.resolve("shapes/red-circle-0.png").toString());
        assertEquals(2, run.code());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        CommandRun noModel = CommandRun.of(new CaptionMain(), "describe", "--model", dir.resolve("none").toString(), "x.png");
        assertEquals(2, noModel.code());
        CommandRun badAttention = CommandRun.of(new CaptionMain(), "train", "--attention", "hard", "--model",
                dir.resolve("m2").toString(), "--out", dir.resolve("r2").toString());
        assertEquals(2, badAttention.code());
        assertTrue(badAttention.err().contains("--attention"), badAttention.err());
    }
}
