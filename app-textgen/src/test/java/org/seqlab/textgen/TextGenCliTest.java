package org.seqlab.textgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.common.app.TaskModels;
import org.seqlab.common.io.Json;
import org.seqlab.common.testing.CommandRun;

/**
 * The commands end to end on a small text file: train writes a bundle and a report, sample and eval read them
 * back, sampling is reproducible and its limits are greedy, and bad corpora give one line and exit code 2.
 */
class TextGenCliTest {
    @TempDir
    static Path dir;
    static Path model;
    static Path report;
    static Path data;

    static CommandRun run(String stdin, String... args) {
        return CommandRun.withInput(new TextgenMain(), stdin == null ? "" : stdin, args);
    }

    @BeforeAll
    static void trainTinyModel() throws Exception {
        System.setProperty("seqlab.quiet", "true");
        data = Files.writeString(dir.resolve("verse.txt"), TextGenLearningTest.VERSE.repeat(40));
        model = dir.resolve("model");
        report = dir.resolve("report");
        CommandRun r = run(null, "train", "--data", data.toString(), "--model", model.toString(), "--out",
                report.toString(), "--epochs", "6", "--hidden", "32", "--layers", "1", "--dropout", "0", "--batch", "4",
                "--tbptt", "24", "--lr", "0.03");
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void trainWritesABundleAndAReport() throws Exception {
        assertTrue(Files.exists(model.resolve("bundle.json")));
        assertFalse(Files.exists(dir.resolve("model.checkpoints").resolve("state.json")), "checkpoints cleaned up");
        String html = Files.readString(report.resolve("report.html"));
        for (String section : List.of("Validation loss", "Samples after each epoch", "Loss by char class",
                "Gradients through time (gru)", "Provenance")) {
            assertTrue(html.contains(section), section);
        }
        JsonNode metrics = Json.MAPPER.readTree(report.resolve("metrics.json").toFile());
        assertTrue(metrics.get("bits_per_char").asDouble() < 1.5, "the verse is easy: " + metrics);
        assertEquals(6, metrics.get("epochs").asInt());
        assertEquals(TextGenModel.TASK, TaskModels.load(model).task(), "found through the service loader");
    }

    @Test
    void samplingWithAFixedSeedIsReproducibleAndOtherSeedsDiffer() {
        String[] args = {"sample", "--model", model.toString(), "--prime", "the ", "--length", "80", "--temperature", "1.5",
                "--json"};
        JsonNode a = sample(args, "--seed", "3");
        assertEquals(a.get("text").asText(), sample(args, "--seed", "3").get("text").asText());
        assertNotEquals(a.get("text").asText(), sample(args, "--seed", "4").get("text").asText());
        assertEquals("the ", a.get("prime").asText());
        assertEquals(80, a.get("text").asText().length());
    }

    @Test
    void temperatureNearZeroAndTopKOneAreGreedy() {
        String[] args = {"sample", "--model", model.toString(), "--prime", "the d", "--length", "60", "--json", "--seed", "9"};
        String greedy = sample(args, "--temperature", "0").get("text").asText();
        assertEquals(greedy, sample(args, "--temperature", "0.0001").get("text").asText());
        assertEquals(greedy, sample(args, "--temperature", "1", "--top-k", "1").get("text").asText());
        assertEquals(greedy, sample(args, "--temperature", "1", "--top-p", "0.0001").get("text").asText());
        assertTrue(greedy.startsWith("og lay on the log!"), "the model learned the verse: " + greedy);
    }

    @Test
    void plainTextStreamsThePrimeAndItsContinuation() {
        CommandRun r = run("the c\nthe d\n", "sample", "--model", model.toString(), "--length", "10", "--temperature", "0");
        assertEquals(0, r.code(), r.err());
        assertEquals("the cat sat on \n\nthe dog lay on \n", r.out().replace("\r", ""));
    }

    @Test
    void evalScoresAnyTextAndDefaultsToTheHeldOutPart() throws Exception {
        CommandRun held = run(null, "eval", "--model", model.toString(), "--out", dir.resolve("eval1").toString());
        assertEquals(0, held.code(), held.err());
        JsonNode m = Json.MAPPER.readTree(held.out());
        assertTrue(m.get("data").asText().endsWith("(last 5 %)"));
        Path other = Files.writeString(dir.resolve("other.txt"), "zzzz qqqq xxxx\n".repeat(20));
        CommandRun strange = run(null, "eval", "--model", model.toString(), "--data", other.toString(), "--out",
                dir.resolve("eval2").toString());
        assertEquals(0, strange.code(), strange.err());
        double strangeBits = Json.MAPPER.readTree(strange.out()).get("bits_per_char").asDouble();
        assertTrue(strangeBits > 3 * m.get("bits_per_char").asDouble(), "unseen text is much harder: " + strangeBits);
        assertTrue(Files.exists(dir.resolve("eval2").resolve("report.html")));
    }

    @Test
    void emptyBinaryAndNonUtf8CorporaGiveOneLineErrors() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.txt"), "  \n\n");
        Path binary = Files.write(dir.resolve("image.bin"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13, 1, 2, 3});
        Path latin1 = Files.write(dir.resolve("latin1.txt"), "caf\u00e9 cr\u00e8me\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        Path emptyFolder = Files.createDirectories(dir.resolve("nothing"));
        for (Path bad : List.of(empty, binary, latin1, emptyFolder, dir.resolve("missing.txt"))) {
            CommandRun r = run(null, "train", "--data", bad.toString(), "--model", dir.resolve("bad-model").toString(),
                    "--out", dir.resolve("bad-report").toString());
            assertEquals(2, r.code(), bad + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(Files.exists(dir.resolve("bad-model")));
        }
        CommandRun options = run(null, "train", "--data", data.toString(), "--bidirectional");
        assertEquals(2, options.code());
        CommandRun twoSchedules = run(null, "train", "--data", data.toString(), "--lr-decay", "0.9");
        assertEquals(2, twoSchedules.code(), twoSchedules.err());
        assertTrue(twoSchedules.err().contains("--no-lr-cosine"), "says how to use --lr-decay: " + twoSchedules.err());
        CommandRun spark = run(null, "train", "--data", data.toString(), "--spark", "local[2]");
        assertEquals(2, spark.code(), spark.err());
        CommandRun sampling = run(null, "sample", "--model", model.toString(), "--top-p", "1.5", "x");
        assertEquals(2, sampling.code());
        assertEquals(1, sampling.err().strip().lines().count(), sampling.err());
    }

    static JsonNode sample(String[] args, String... more) {
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.Arrays.stream(more))
                .toArray(String[]::new);
        CommandRun r = run(null, all);
        assertEquals(0, r.code(), r.err());
        List<JsonNode> lines = r.json();
        assertEquals(1, lines.size(), r.out());
        return lines.get(0);
    }
}
