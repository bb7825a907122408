package org.seqlab.sentiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.common.io.Json;
import org.seqlab.common.testing.CommandRun;

/**
 * The commands end to end on a small TSV file: train writes a bundle and a report, predict and eval read
 * them back, and bad input gives one line and exit code 2.
 */
class SentimentCliTest {
    @TempDir
    static Path dir;
    static Path model;
    static Path report;
    static Path data;

    static CommandRun run(String stdin, String... args) {
        return CommandRun.withInput(new SentimentMain(), stdin == null ? "" : stdin, args);
    }

    @BeforeAll
    static void trainTinyModel() throws Exception {
        System.setProperty("seqlab.quiet", "true");
        String[] good = {"great", "lovely", "excellent", "wonderful", "superb", "nice"};
        String[] bad = {"awful", "terrible", "horrible", "poor", "dreadful", "bad"};
        String[] things = {"food", "phone", "movie", "service", "battery", "plot", "staff", "screen"};
        List<String> lines = new ArrayList<>(List.of("text\tlabel"));
        for (int i = 0; i < 160; i++) {
            String thing = things[i % things.length];
            lines.add("the " + thing + " was " + good[i % good.length] + "\tpos");
            lines.add("the " + thing + " was " + bad[(i / 2) % bad.length] + "\tneg");
        }
        data = Files.write(dir.resolve("reviews.tsv"), lines);
        model = dir.resolve("model");
        report = dir.resolve("report");
        CommandRun r = run(null, "train", "--data", data.toString(), "--model", model.toString(), "--out", report.toString(),
                "--epochs", "3", "--hidden", "8", "--embeddings", "random", "--embedding-dim", "8", "--tokenizer", "simple",
                "--lr", "0.02");
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void trainWritesABundleAndACompleteReport() throws Exception {
        assertTrue(Files.exists(model.resolve("bundle.json")));
        assertFalse(Files.exists(dir.resolve("model.checkpoints")), "checkpoints cleaned up, folder and all");
        assertTrue(Files.isRegularFile(report.resolve("training-log.csv")), "the per-epoch log is in the report");
        String html = Files.readString(report.resolve("report.html"));
        for (String section : List.of("Baselines", "nb-lr", "tfidf-lr", "Confusion", "Learning curves",
                "most confident mistakes", "Accuracy by length")) {
            assertTrue(html.contains(section), "report has " + section);
        }
        Map<?, ?> metrics = Json.read(report.resolve("metrics.json"), Map.class);
        for (String key : List.of("accuracy", "macro_f1", "roc_auc", "baseline_nb_lr_accuracy", "epochs", "seconds",
                "train_tokens_per_second")) {
            assertTrue(metrics.containsKey(key), "metrics.json has " + key + ": " + metrics.keySet());
        }
        assertTrue((Double) metrics.get("accuracy") > 0.9, "an easy task is learned: " + metrics.get("accuracy"));
        assertTrue(Files.size(report.resolve("confusion.png")) > 1000);
    }

    @Test
    void aTimeBudgetEndsTrainingLongBeforeTheEpochLimit() throws Exception {
        Path budgeted = dir.resolve("budget-report");
        CommandRun r = run(null, "train", "--data", data.toString(), "--model", dir.resolve("budget-model").toString(),
                "--out", budgeted.toString(), "--epochs", "1000", "--patience", "0", "--minutes", "0.02", "--hidden", "8",
                "--embeddings", "random", "--embedding-dim", "8", "--tokenizer", "simple", "--lr", "0.02");
        assertEquals(0, r.code(), r.err());
        int epochs = ((Number) Json.read(budgeted.resolve("metrics.json"), Map.class).get("epochs")).intValue();
        assertTrue(epochs >= 1 && epochs < 1000, "1.2 s of fitting, not 1000 epochs: " + epochs);
        String html = Files.readString(budgeted.resolve("report.html"));
        assertTrue(html.contains(epochs + (epochs == 1 ? " epoch" : " epochs") + ", ended by the --minutes budget"),
                "the report says why training ended");
    }

    @Test
    void predictGivesOneJsonObjectPerLineAndKeepsEmptyLinesAligned() throws Exception {
        CommandRun r = run("the food was wonderful\n\nthe phone was dreadful\n", "predict", "--model", model.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(3, lines.size());
        JsonNode first = Json.MAPPER.readTree(lines.get(0));
        assertEquals("pos", first.get("label").asText());
        assertEquals(1.0, first.get("probabilities").get("pos").asDouble() + first.get("probabilities").get("neg").asDouble(), 1e-4);
        assertEquals("empty input", Json.MAPPER.readTree(lines.get(1)).get("error").asText());
        assertEquals("neg", Json.MAPPER.readTree(lines.get(2)).get("label").asText());

        CommandRun args = run(null, "predict", "--model", model.toString(), "the " + "very ".repeat(400) + "nice movie");
        assertEquals(0, args.code());
        assertTrue(Json.MAPPER.readTree(args.out().strip()).get("truncated").asBoolean());
        assertTrue(args.err().contains("cut"), args.err());
    }

    /** {@code seqlab bench --model} and any task-agnostic tool load the bundle through the registered loader. */
    @Test
    void bundleLoadsThroughTheTaskModelRegistry() throws Exception {
        var loaded = org.seqlab.common.app.TaskModels.load(model);
        assertEquals(SentimentClassifier.TASK, loaded.task());
        SentimentClassifier classifier = (SentimentClassifier) loaded;
        var input = classifier.parse(classifier.exampleLines().get(0));
        SentimentClassifier.Prediction p = classifier.predict(List.of(input)).get(0);
        assertEquals(1.0, java.util.Arrays.stream(p.probabilities()).sum(), 1e-4);
        assertTrue(classifier.render(input, p).containsKey("label"));
    }

    /** Each fold trains with a validation set of its own (early stopping needs one), tested on its held-out fold. */
    @Test
    void crossValidationKeepsAValidationSetPerFold() throws Exception {
        Path out = dir.resolve("cv-report");
        CommandRun r = run(null, "train", "--data", dir.resolve("reviews.tsv").toString(), "--model",
                dir.resolve("cv-model").toString(), "--out", out.toString(), "--cv", "3", "--epochs", "2", "--hidden", "8",
                "--embeddings", "random", "--embedding-dim", "8", "--tokenizer", "simple", "--lr", "0.02");
        assertEquals(0, r.code(), r.err());
        JsonNode bundle = Json.MAPPER.readTree(dir.resolve("cv-model").resolve("bundle.json").toFile());
        assertTrue(bundle.at("/metrics/validation_accuracy").asDouble() > 0.5, bundle.toString());
        JsonNode metrics = Json.MAPPER.readTree(out.resolve("metrics.json").toFile());
        assertTrue(metrics.get("accuracy_mean").asDouble() > 0.5, metrics.toString());
    }

    /** Cross-domain: train on some sources, test on another; the report says so. */
    @Test
    void crossDomainTestsOnlyOnTheTestSource() throws Exception {
        List<String> lines = new ArrayList<>(List.of("text\tlabel\tsource"));
        String[] good = {"great", "lovely", "superb"};
        String[] bad = {"awful", "poor", "dreadful"};
        for (int i = 0; i < 90; i++) {
            String source = new String[] {"shop", "cinema", "diner"}[i % 3];
            lines.add("the visit was " + good[i % 3] + "\tpos\t" + source);
            lines.add("the visit was " + bad[i % 3] + "\tneg\t" + source);
        }
        Path data = Files.write(dir.resolve("sources.tsv"), lines);
        Path out = dir.resolve("cross-report");
        CommandRun r = run(null, "train", "--data", data.toString(), "--train-sources", "shop,cinema", "--test-sources",
                "diner", "--model", dir.resolve("cross-model").toString(), "--out", out.toString(), "--epochs", "2",
                "--hidden", "8", "--embeddings", "random", "--embedding-dim", "8", "--tokenizer", "simple");
        assertEquals(0, r.code(), r.err());
        JsonNode metrics = Json.MAPPER.readTree(out.resolve("metrics.json").toFile());
        assertEquals(60, metrics.get("n_test").asInt(), "the diner's 60 texts only");
        assertTrue(Files.readString(out.resolve("report.html")).contains("shop+cinema → diner"));
        CommandRun unknown = run(null, "train", "--data", data.toString(), "--train-sources", "shop", "--test-sources",
                "garage", "--model", dir.resolve("x").toString(), "--out", dir.resolve("y").toString());
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("garage"), unknown.err());
    }

    /** The user's own files: --train and --test, validation carved from --train. */
    @Test
    void userFilesReplaceTheSplit() throws Exception {
        List<String> all = Files.readAllLines(dir.resolve("reviews.tsv"));
        Path train = Files.write(dir.resolve("mine-train.tsv"), all.subList(0, 241));
        List<String> test = new ArrayList<>(List.of(all.get(0)));
        test.addAll(all.subList(241, all.size()));
        Path testFile = Files.write(dir.resolve("mine-test.tsv"), test);
        Path out = dir.resolve("files-report");
        CommandRun r = run(null, "train", "--train", train.toString(), "--test", testFile.toString(), "--model",
                dir.resolve("files-model").toString(), "--out", out.toString(), "--epochs", "2", "--hidden", "8",
                "--embeddings", "random", "--embedding-dim", "8", "--tokenizer", "simple");
        assertEquals(0, r.code(), r.err());
        JsonNode metrics = Json.MAPPER.readTree(out.resolve("metrics.json").toFile());
        assertEquals(all.size() - 241, metrics.get("n_test").asInt());
        JsonNode provenance = Json.MAPPER.readTree(dir.resolve("files-model").resolve("bundle.json").toFile())
                .get("provenance");
        assertTrue(provenance.at("/split/method").asText().startsWith("user files"), provenance.toString());
        assertEquals(64, provenance.get("dataSha256").asText().length());
    }

    /** A folder that is not a bundle, or a file, is never overwritten: refused before training. */
    @Test
    void trainRefusesToReplaceWhatIsNotABundle() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("holiday"));
        Files.writeString(folder.resolve("photo.jpg"), "precious");
        CommandRun r = run(null, "train", "--data", dir.resolve("reviews.tsv").toString(), "--model", folder.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("not a SeqLab model bundle"), r.err());
        assertEquals("precious", Files.readString(folder.resolve("photo.jpg")));
    }

    @Test
    void bundleRoundTripGivesIdenticalProbabilities() throws Exception {
        SentimentClassifier loaded = SentimentClassifier.load(model);
        Path copy = dir.resolve("copy");
        var writer = org.seqlab.common.bundle.ModelBundle.writer(SentimentClassifier.TASK);
        loaded.addTo(writer);
        writer.write(copy);
        SentimentClassifier reloaded = SentimentClassifier.load(copy);
        List<String> texts = List.of("the plot was superb", "the staff was poor", "");
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(java.util.Arrays.toString(loaded.classify(texts).get(i).probabilities()),
                    java.util.Arrays.toString(reloaded.classify(texts).get(i).probabilities()));
        }
    }

    @Test
    void evalWritesAReport() throws Exception {
        Path out = dir.resolve("eval");
        CommandRun r = run(null, "eval", "--model", model.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readString(out.resolve("report.html")).contains("held-out test split"));
    }

    @Test
    void badInputIsOneLineWithExitCodeTwo() throws Exception {
        Path corrupt = dir.resolve("corrupt");
        copyDir(model, corrupt);
        Path net = corrupt.resolve("network.zip");
        Files.write(net, java.util.Arrays.copyOf(Files.readAllBytes(net), 100));
        byte[] garbage = {(byte) 0xff, (byte) 0xfe, 0, 1, (byte) 0xc3, 0x28, '\n'};
        List<CommandRun> runs = List.of(
                run("hello\n", "predict", "--model", dir.resolve("missing").toString()),
                run("hello\n", "predict", "--model", corrupt.toString()),
                run("", "predict", "--model", model.toString()),
                run(null, "train", "--data", dir.resolve("nope.csv").toString()),
                run(null, "train", "--cell", "transformer"),
                run(null, "train", "--tbptt", "5"));
        for (CommandRun r : runs) {
            assertEquals(2, r.code(), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(r.err().contains("\tat "), r.err());
        }
        assertTrue(runs.get(1).err().contains("corrupt"), runs.get(1).err());
        assertTrue(runs.get(2).err().contains("no input"), runs.get(2).err());

        // a line that is not UTF-8 is answered in its place, and the lines after it still are
        CommandRun mixed = CommandRun.withInput(new SentimentMain(), concat(garbage, "the plot was superb\n"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)), "predict", "--model", model.toString());
        assertEquals(0, mixed.code(), mixed.err());
        List<String> answers = mixed.out().strip().lines().toList();
        assertEquals(2, answers.size(), mixed.out());
        assertEquals("line 1 is not UTF-8 text", Json.MAPPER.readTree(answers.get(0)).get("error").asText());
        assertTrue(Json.MAPPER.readTree(answers.get(1)).has("label"), answers.get(1));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** picocli gives a negatable option that is true by default the opposite meaning unless told otherwise. */
    @Test
    void negatableOptionsMeanWhatTheySay() {
        TrainCommand defaults = new TrainCommand();
        new picocli.CommandLine(defaults).parseArgs();
        assertTrue(defaults.freezeEmbeddings && defaults.network.bidirectional && !defaults.stopwords);
        TrainCommand negated = new TrainCommand();
        new picocli.CommandLine(negated).parseArgs("--no-freeze-embeddings", "--no-bidirectional", "--no-stopwords");
        assertFalse(negated.freezeEmbeddings || negated.network.bidirectional || negated.stopwords);
        TrainCommand positive = new TrainCommand();
        new picocli.CommandLine(positive).parseArgs("--freeze-embeddings", "--bidirectional", "--stopwords");
        assertTrue(positive.freezeEmbeddings && positive.network.bidirectional && positive.stopwords);
    }

    @Test
    void helpExplainsEveryOption() {
        for (String command : List.of("train", "eval", "predict")) {
            var spec = new picocli.CommandLine(new SentimentMain()).getSubcommands().get(command).getCommandSpec();
            spec.options().forEach(o -> assertTrue(o.description().length > 0 && !o.description()[0].isBlank(),
                    command + " " + o.longestName()));
        }
    }

    static void copyDir(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }
}
