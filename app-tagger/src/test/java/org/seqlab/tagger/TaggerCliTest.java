package org.seqlab.tagger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.common.io.Json;
import org.seqlab.common.testing.CommandRun;

/** The tagger's commands end to end on a tiny named-entity corpus in CoNLL-2003 layout with its own splits. */
class TaggerCliTest {
    @TempDir
    static Path dir;
    static Path model;
    static Path report;
    static CommandRun training;

    static final List<String> FIRST = List.of("John", "Mary", "Peter", "Anna", "Luis", "Grace");
    static final List<String> LAST = List.of("Smith", "Jones", "Garcia", "Brown");
    static final List<String> CITIES = List.of("Paris", "Berlin", "Lima", "Oslo", "Cairo");

    /** Sentences such as "Mary Jones visited Oslo ." with BIO tags; each file uses its own random draw. */
    static String corpus(int sentences, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder out = new StringBuilder("-DOCSTART- -X- O\n\n");
        String[] verbs = {"visited", "left", "likes", "saw"};
        for (int i = 0; i < sentences; i++) {
            List<String[]> tokens = new ArrayList<>();
            if (r.nextBoolean()) {
                tokens.add(new String[] {"Yesterday", "O"});
            }
            tokens.add(new String[] {FIRST.get(r.nextInt(FIRST.size())), "B-PER"});
            if (r.nextBoolean()) {
                tokens.add(new String[] {LAST.get(r.nextInt(LAST.size())), "I-PER"});
            }
            tokens.add(new String[] {verbs[r.nextInt(verbs.length)], "O"});
            tokens.add(new String[] {CITIES.get(r.nextInt(CITIES.size())), "B-LOC"});
            tokens.add(new String[] {".", "O"});
            tokens.forEach(t -> out.append(t[0]).append(' ').append(t[1]).append('\n'));
            out.append('\n');
        }
        return out.toString();
    }

    static CommandRun run(String stdin, String... args) {
        return CommandRun.withInput(new TaggerMain(), stdin == null ? "" : stdin, args);
    }

    @BeforeAll
    static void trainTinyModel() throws Exception {
        Path data = Files.createDirectories(dir.resolve("ner"));
        Files.writeString(data.resolve("eng.train"), corpus(240, 1), StandardCharsets.UTF_8);
        Files.writeString(data.resolve("eng.testa"), corpus(40, 2), StandardCharsets.UTF_8);
        Files.writeString(data.resolve("eng.testb"), corpus(40, 3), StandardCharsets.UTF_8);
        model = dir.resolve("model");
        report = dir.resolve("report");
        training = train(model, report, "--parallel-compare");
    }

    /** The tiny network on the corpus written by {@link #trainTinyModel}, with the comparisons. */
    static CommandRun train(Path model, Path report, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--data", dir.resolve("ner").toString(), "--model",
                model.toString(), "--out", report.toString(), "--embeddings", "random", "--embedding-dim", "16",
                "--hidden", "16", "--char-dim", "8", "--char-filters", "8", "--epochs", "6", "--batch", "16", "--lr",
                "0.02", "--min-count", "1"));
        args.addAll(List.of(more));
        return run(null, args.toArray(String[]::new));
    }

    @Test
    void trainWritesABundleAndAReportWithSpansAndComparisons() throws Exception {
        assertEquals(0, training.code(), training.err());
        assertTrue(training.err().contains("240 training, 40 validation, 40 test sentences (the data's own split)"), training.err());
        assertTrue(training.err().contains("tagger: test token accuracy "), training.err());
        JsonNode metrics = Json.MAPPER.readTree(report.resolve("metrics.json").toFile());
        assertTrue(metrics.get("token_accuracy").asDouble() > 0.9, metrics.toString());
        assertTrue(metrics.get("span_f1").asDouble() > 0.8, metrics.toString());
        assertTrue(metrics.get("token_accuracy").asDouble() > metrics.get("baseline_accuracy").asDouble() - 1e-9);
        assertTrue(metrics.has("left_to_right_accuracy") && metrics.has("span_f1_PER"));
        assertFalse(metrics.has("opennlp_accuracy"), "OpenNLP's POS tags are no comparison for entity tags");
        String html = Files.readString(report.resolve("report.html"));
        for (String part : List.of("Comparison on the same test sentences", "most frequent tag", "left to right",
                "Spans (exact match", "Confusion matrix", "Most frequent errors", "Learning curves", "Provenance")) {
            assertTrue(html.contains(part), "report has " + part);
        }
        assertFalse(metrics.has("unseen_accuracy") || html.contains("on words unseen in training"),
                "every test word of the toy corpus occurs in training: no unseen-word figures");
        assertTrue(Files.isRegularFile(report.resolve("confusion.png")));
        assertTrue(Files.isRegularFile(model.resolve("bundle.json")));
        assertFalse(Files.exists(dir.resolve("model.checkpoints")), "checkpoints are discarded, folder and all");
        assertTrue(Files.isRegularFile(report.resolve("training-log.csv")), "the kept run's log is in the report");
        assertEquals("viterbi", metrics.get("decoding").asText(), "a CRF on BIO tags decodes the best sequence");
        assertTrue(html.contains("CRF output, viterbi decoding"), "the report says how tags were chosen");
    }

    @Test
    void theLeftToRightNetworkTrainsTheSameBesideTheMainOneAsAfterIt() throws Exception {
        assertTrue(training.err().contains("[left to right] epoch 2/6"), training.err());
        Path sequentialReport = dir.resolve("sequential-report");
        CommandRun sequential = train(dir.resolve("sequential-model"), sequentialReport, "--no-parallel-compare");
        assertEquals(0, sequential.code(), sequential.err());
        assertFalse(sequential.err().contains("[left to right]"), sequential.err());
        assertTrue(sequential.err().contains("run 2/2: left to right"), sequential.err());
        JsonNode parallel = Json.MAPPER.readTree(report.resolve("metrics.json").toFile());
        JsonNode oneAfterTheOther = Json.MAPPER.readTree(sequentialReport.resolve("metrics.json").toFile());
        for (String metric : List.of("token_accuracy", "left_to_right_accuracy", "left_to_right_span_f1")) {
            assertTrue(parallel.has(metric), metric);
            assertEquals(parallel.get(metric).asDouble(), oneAfterTheOther.get(metric).asDouble(), 0.0, metric);
        }
    }

    @Test
    void aSoftmaxOutputAndACharacterBiLstmInsteadOfTheCrfAndTheCnnTrainAndTheReportSaysWhich() throws Exception {
        String defaults = Files.readString(report.resolve("report.html"));
        assertTrue(defaults.contains("CRF output") && defaults.contains("character CNN 8"), "the defaults");
        Path softmaxModel = dir.resolve("softmax-model");
        Path softmaxReport = dir.resolve("softmax-report");
        CommandRun softmax = train(softmaxModel, softmaxReport, "--no-crf", "--no-compare", "--char-encoder", "bilstm");
        assertEquals(0, softmax.code(), softmax.err());
        JsonNode metrics = Json.MAPPER.readTree(softmaxReport.resolve("metrics.json").toFile());
        assertTrue(metrics.get("span_f1").asDouble() > 0.8, metrics.toString());
        String html = Files.readString(softmaxReport.resolve("report.html"));
        assertTrue(html.contains("softmax output") && html.contains("character BiLSTM 8"), "the report names both");
        CommandRun tagged = run(null, "tag", "--model", softmaxModel.toString(), "--pretokenized", "Mary Smith visited Oslo .");
        assertEquals(0, tagged.code(), tagged.err());
        assertTrue(tagged.out().contains("\"tag\":\"B-PER\"") && tagged.out().contains("\"tag\":\"B-LOC\""), tagged.out());
        CommandRun viterbi = run(null, "tag", "--model", softmaxModel.toString(), "--decode", "viterbi", "Mary visited Oslo .");
        assertEquals(2, viterbi.code());
        assertEquals(1, viterbi.err().strip().lines().count(), viterbi.err());
        assertTrue(viterbi.err().contains("Viterbi decoding needs a CRF output layer"), viterbi.err());
    }

    @Test
    void tagAnswersEachLineInOrderAsJsonOrConll() {
        CommandRun r = run("Mary Smith visited Paris .\n\nJohn left Oslo .\n", "tag", "--model", model.toString());
        assertEquals(0, r.code(), r.err());
        List<JsonNode> lines = r.json();
        assertEquals(3, lines.size());
        JsonNode first = lines.get(0).get("tokens");
        assertEquals("Mary", first.get(0).get("token").asText());
        assertEquals("B-PER", first.get(0).get("tag").asText());
        assertEquals("B-LOC", first.get(3).get("tag").asText());
        assertTrue(first.get(3).get("p").asDouble() > 0.5 && first.get(3).get("p").asDouble() <= 1);
        assertEquals("empty input", lines.get(1).get("error").asText());
        assertEquals("John left Oslo .", lines.get(2).get("text").asText());

        CommandRun conll = run(null, "tag", "--model", model.toString(), "--pretokenized", "--format", "conll",
                "Anna Garcia saw Lima .");
        assertEquals(0, conll.code(), conll.err());
        assertTrue(conll.out().endsWith("\n\n"), "a blank line ends each sentence");
        String[] rows = conll.out().split("\n");
        assertEquals(5, rows.length, conll.out());
        assertTrue(rows[0].startsWith("Anna\tB-PER\t"), rows[0]);
        assertTrue(rows[3].startsWith("Lima\tB-LOC\t"), rows[3]);
    }

    @Test
    void evalRebuildsTheTestSplitAndWritesAReport() throws Exception {
        Path out = dir.resolve("eval");
        CommandRun r = run(null, "eval", "--model", model.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("40 sentences"), r.err());
        JsonNode metrics = Json.MAPPER.readTree(out.resolve("metrics.json").toFile());
        JsonNode trained = Json.MAPPER.readTree(report.resolve("metrics.json").toFile());
        assertEquals(trained.get("token_accuracy").asDouble(), metrics.get("token_accuracy").asDouble(), 1e-9);
        assertEquals("viterbi", metrics.get("decoding").asText());

        Path posteriorOut = dir.resolve("eval-posterior");
        CommandRun posterior = run(null, "eval", "--model", model.toString(), "--decode", "posterior", "--out",
                posteriorOut.toString());
        assertEquals(0, posterior.code(), posterior.err());
        JsonNode posteriorMetrics = Json.MAPPER.readTree(posteriorOut.resolve("metrics.json").toFile());
        assertEquals("posterior", posteriorMetrics.get("decoding").asText());
        assertTrue(posteriorMetrics.get("span_f1").asDouble() > 0.8, posteriorMetrics.toString());
    }

    @Test
    void badInputIsOneLineWithExitCodeTwo() throws Exception {
        Path ragged = Files.writeString(dir.resolve("ragged.txt"), "EU NNP B-ORG\n\nrejects O\n");
        Path conllu = Files.writeString(dir.resolve("bad.conllu"), "1\tword\tNOUN\n");
        List<CommandRun> runs = List.of(
                run(null, "train", "--data", ragged.toString(), "--model", dir.resolve("m1").toString(), "--out",
                        dir.resolve("r1").toString(), "--embeddings", "random"),
                run(null, "train", "--data", conllu.toString(), "--model", dir.resolve("m2").toString(), "--out",
                        dir.resolve("r2").toString(), "--embeddings", "random"),
                run(null, "train", "--data", "no-such-data", "--embeddings", "random", "--model", dir.resolve("m3").toString()),
                run(null, "train", "--tagset", "penn"),
                run(null, "train", "--average-decay", "1", "--embeddings", "random", "--model", dir.resolve("m4").toString()),
                run(null, "tag", "--model", dir.resolve("missing").toString(), "hello"),
                run("", "tag", "--model", model.toString()));
        for (CommandRun r : runs) {
            assertEquals(2, r.code(), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
        assertTrue(runs.get(0).err().contains("ragged.txt:3:"), runs.get(0).err());
        assertTrue(runs.get(1).err().contains("bad.conllu:1:"), runs.get(1).err());
        assertTrue(runs.get(4).err().contains("--average-decay must be in [0, 1)"), runs.get(4).err());
    }
}
