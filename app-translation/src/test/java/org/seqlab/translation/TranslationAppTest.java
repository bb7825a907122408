package org.seqlab.translation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.common.bundle.ModelBundle;
import org.seqlab.common.io.Json;
import org.seqlab.common.testing.CommandRun;
import org.seqlab.datasets.TextPair;

/**
 * The app end to end on a toy task, through its commands: train on a TSV of word reversals, translate the
 * held-out pairs, evaluate, reload the bundle, and survive awkward input.
 */
class TranslationAppTest {
    @TempDir
    static Path dir;
    static Path model;
    static Path report;
    static List<TextPair> pairs;
    static final int DICTIONARY_ENTRIES = 40;

    @BeforeAll
    static void trainToyModel() throws Exception {
        System.setProperty("seqlab.quiet", "true");
        pairs = TranslationToyTaskTest.reversals(1000, 11);
        StringBuilder tsv = new StringBuilder("source\ttarget\n");
        pairs.forEach(p -> tsv.append(p.source()).append('\t').append(p.target()).append('\n'));
        Path data = dir.resolve("reverse.tsv");
        Files.writeString(data, tsv);
        StringBuilder dictionary = new StringBuilder();
        TranslationToyTaskTest.reversals(DICTIONARY_ENTRIES, 99)
                .forEach(p -> dictionary.append(p.source()).append('\t').append(p.target()).append('\n'));
        Files.writeString(dir.resolve("reverse-dictionary.tsv"), dictionary);
        model = dir.resolve("model");
        report = dir.resolve("report");
        CommandRun run = CommandRun.of(new TranslationMain(), "train", "--data", data.toString(), "--direction", "xx-yy",
                "--dictionary", dir.resolve("reverse-dictionary.tsv").toString(), "--model", model.toString(), "--out",
                report.toString(), "--embedding-dim", "16", "--hidden", "32",
                "--attention-size", "32", "--dropout", "0", "--bpe-merges", "20", "--epochs", "14", "--batch", "32",
                "--lr", "0.01", "--patience", "0", "--bleu-pairs", "20", "--beam", "3", "--seed", "7");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.err().contains("translate: test bleu_lowercase ") && run.err().contains("; model in " + model)
                && run.out().isEmpty(), "one summary line on stderr, as every app: " + run.err());
    }

    /** The held-out test pairs: the same seeded split the command made (the first tenth after shuffling). */
    static List<TextPair> test() {
        return new TranslationData(dir.resolve("reverse.tsv").toString(), null, "xx-yy", 13, 1000, 500, 0).split().test();
    }

    @Test
    void learnsTheToyTaskAndTranslatesHeldOutPairsExactly() {
        List<TextPair> test = test();
        assertEquals(100, test.size());
        StringBuilder stdin = new StringBuilder();
        test.forEach(p -> stdin.append(p.source()).append('\n'));
        CommandRun run = CommandRun.withInput(new TranslationMain(), stdin.toString(), "translate", "--model", model.toString());
        assertEquals(0, run.code(), run.err());
        List<JsonNode> out = run.json();
        assertEquals(test.size(), out.size());
        int exact = 0;
        for (int i = 0; i < test.size(); i++) {
            assertEquals(test.get(i).source(), out.get(i).get("source").asText());
            exact += out.get(i).get("translation").asText().equals(test.get(i).target()) ? 1 : 0;
        }
        assertTrue(exact >= 95, "exact matches " + exact + "/100");
    }

    @Test
    void reportsBleuOfTheToyModelsOutput() throws Exception {
        JsonNode metrics = Json.MAPPER.readTree(report.resolve("metrics.json").toFile());
        assertTrue(metrics.get("bleu_lowercase").asDouble() > 90, metrics.toString());
        assertTrue(metrics.get("greedy_bleu_lowercase").asDouble() > 90, metrics.toString());
        assertTrue(metrics.get("chrf").asDouble() > 90, metrics.toString());
        assertTrue(Files.exists(report.resolve("learning-curves.png")));
        assertTrue(Files.exists(report.resolve("attention-1.png")));
        String html = Files.readString(report.resolve("report.html"));
        assertTrue(html.contains("Example translations"));
        var split = new TranslationData(dir.resolve("reverse.tsv").toString(), null, "xx-yy", 13, 1000, 500, 0).split();
        java.util.Set<String> heldOut = new java.util.HashSet<>();
        split.test().forEach(p -> heldOut.add(p.source()));
        split.validation().forEach(p -> heldOut.add(p.source()));
        long trainable = TranslationToyTaskTest.reversals(DICTIONARY_ENTRIES, 99).stream()
                .filter(p -> !heldOut.contains(p.source())).count();
        assertEquals(trainable, metrics.get("dictionary_entries").asLong(), "--dictionary reached the training pairs");
        assertTrue(html.contains(trainable + " dictionary entries"), "the report says what was trained on");
        assertTrue(html.contains("the training loss also counts the dictionary entries"), "and why its training loss is low");

        Path evalOut = dir.resolve("eval");
        CommandRun eval = CommandRun.of(new TranslationMain(), "eval", "--model", model.toString(), "--out",
                evalOut.toString(), "--beam", "2", "--limit", "40");
        assertEquals(0, eval.code(), eval.err());
        assertTrue(eval.err().contains("translate eval: bleu_lowercase ") && eval.out().isEmpty(), eval.err());
        JsonNode evalMetrics = Json.MAPPER.readTree(evalOut.resolve("metrics.json").toFile());
        assertEquals(40, evalMetrics.get("sentences").asInt());
        assertTrue(evalMetrics.get("bleu_lowercase").asDouble() > 90, evalMetrics.toString());
        List<String> lines = Files.readAllLines(evalOut.resolve(TranslationReport.TRANSLATIONS_FILE));
        assertEquals(40, lines.size());
        JsonNode first = Json.MAPPER.readTree(lines.get(0));
        assertEquals(test().get(0).source(), first.get("source").asText());
        assertEquals(test().get(0).target(), first.get("reference").asText());
        assertTrue(first.has("greedy") && first.has("beam"), first.toString());
    }

    @Test
    void aReloadedBundleTranslatesIdentically() throws Exception {
        TranslationModel first = TranslationModel.load(ModelBundle.load(model, TranslationModel.TASK));
        TranslationModel second = TranslationModel.load(ModelBundle.load(model, TranslationModel.TASK));
        List<TextPair> test = test().subList(0, 20);
        for (TextPair p : test) {
            Translation a = first.translate(p.source());
            Translation b = second.translate(p.source());
            assertEquals(a.text(), b.text());
            assertEquals(a.score(), b.score(), 1e-9);
        }
        // a nonsense mix reloaded twice still gives the same answer
        assertEquals(first.translate("ka ka ka tu").text(), second.translate("ka ka ka tu").text());
    }

    @Test
    void aBatchOnThreeThreadsTranslatesAsOneSentenceAtATime() throws Exception {
        TranslationModel one = TranslationModel.load(ModelBundle.load(model, TranslationModel.TASK)).withWorkers(1);
        TranslationModel three = one.withWorkers(3);
        List<String> sources = test().subList(0, 30).stream().map(TextPair::source).toList();
        // three parts of 10 sentences, each decoded together on its thread; and all 30 together on one
        List<Translation> batched = three.predict(sources);
        List<Translation> together = one.predict(sources);
        assertEquals(sources.size(), batched.size());
        for (int i = 0; i < sources.size(); i++) {
            Translation alone = one.translate(sources.get(i));
            assertEquals(alone.text(), batched.get(i).text(), sources.get(i));
            assertEquals(alone.text(), together.get(i).text(), sources.get(i));
            // a batch's products round differently from one sentence's
            assertEquals(alone.score(), batched.get(i).score(), 1e-5);
            assertEquals(alone.score(), together.get(i).score(), 1e-5);
        }
        // the workers' copies are reused by the next batch and still agree
        assertEquals(batched.get(7).text(), three.predict(sources.subList(5, 12)).get(2).text());
    }

    @Test
    void handlesUnknownCharactersEmptyLinesAndVeryLongLines() {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            words.add(TranslationToyTaskTest.WORDS.get(i % TranslationToyTaskTest.WORDS.size()));
        }
        String longLine = String.join(" ", words);
        // the model learned reversals of 3 to 6 words; the lines around the odd ones are of that kind
        String stdin = "ka lo mi\n\nka Ж日本 lo 😀\n" + longLine + "\n   \nnu pe ka\n";
        CommandRun run = CommandRun.withInput(new TranslationMain(), stdin, "translate", "--model", model.toString(),
                "--nbest", "2");
        assertEquals(0, run.code(), run.err());
        List<JsonNode> out = run.json();
        assertEquals(6, out.size(), run.out());
        assertEquals("MI LO KA", out.get(0).get("translation").asText());
        assertEquals(2, out.get(0).get("nbest").size());
        assertTrue(out.get(1).has("error"));
        assertTrue(out.get(2).has("translation"));
        assertTrue(out.get(2).get("unknown").toString().contains("Ж"), out.get(2).toString());
        assertTrue(out.get(3).get("truncated").asBoolean(), out.get(3).toString());
        assertFalse(out.get(3).get("translation").asText().isEmpty());
        assertTrue(out.get(4).has("error"));
        assertEquals("KA PE NU", out.get(5).get("translation").asText());

        CommandRun greedy = CommandRun.of(new TranslationMain(), "translate", "--model", model.toString(), "--greedy",
                "mi nu ka");
        assertEquals(0, greedy.code(), greedy.err());
        assertEquals("KA NU MI", greedy.json().get(0).get("translation").asText());
    }

    @Test
    void badOptionsAndDataAreOneLineErrors() throws Exception {
        CommandRun nbest = CommandRun.of(new TranslationMain(), "translate", "--model", model.toString(), "--beam", "2",
                "--nbest", "3", "x");
        assertEquals(2, nbest.code());
        assertEquals(1, nbest.err().strip().lines().count(), nbest.err());
        CommandRun penalty = CommandRun.of(new TranslationMain(), "eval", "--model", model.toString(), "--out",
                dir.resolve("e2").toString(), "--length-penalty", "6");
        assertEquals(2, penalty.code());
        assertTrue(penalty.err().contains("--length-penalty"), penalty.err());
        CommandRun missing = CommandRun.of(new TranslationMain(), "train", "--data", dir.resolve("nope.tsv").toString(),
                "--model", dir.resolve("m2").toString(), "--out", dir.resolve("r2").toString());
        assertEquals(2, missing.code());
        Path tiny = dir.resolve("tiny.tsv");
        Files.writeString(tiny, "a\tb\nc\td\n");
        CommandRun small = CommandRun.of(new TranslationMain(), "train", "--data", tiny.toString(),
                "--model", dir.resolve("m3").toString(), "--out", dir.resolve("r3").toString());
        assertEquals(2, small.code());
        assertTrue(small.err().contains("at least 20"), small.err());
        CommandRun threads = CommandRun.of(new TranslationMain(), "translate", "--model", model.toString(), "--threads",
                "0", "x");
        assertEquals(2, threads.code());
        assertEquals(1, threads.err().strip().lines().count(), threads.err());
        CommandRun notAModel = CommandRun.of(new TranslationMain(), "translate", "--model", report.toString(), "x");
        assertEquals(2, notAModel.code());
        CommandRun twoDecays = CommandRun.of(new TranslationMain(), "train", "--data", pairs(40).toString(),
                "--lr-decay", "0.9", "--lr-plateau", "0.5", "--model", dir.resolve("m4").toString(), "--out",
                dir.resolve("r4").toString());
        assertEquals(2, twoDecays.code());
        assertTrue(twoDecays.err().contains("choose one"), twoDecays.err());
    }

    @Test
    void dictionaryEntriesTrainBesideThePairsButNeverWithAHeldOutSource() throws Exception {
        String data = dir.resolve("reverse.tsv").toString();
        var split = new TranslationData(data, null, "xx-yy", 13, 1000, 500, 0).split();
        StringBuilder tsv = new StringBuilder();
        List<String> fresh = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            fresh.add("entry" + i);
            tsv.append("entry").append(i).append('\t').append("ENTRY").append(i).append('\n');
        }
        // held-out sources with other targets: training on them would leak the held-out pairs
        split.test().subList(0, 5).forEach(p -> tsv.append(p.source()).append("\tWRONG\n"));
        split.validation().subList(0, 5).forEach(p -> tsv.append(p.source()).append("\tWRONG\n"));
        Path dictionary = dir.resolve("dictionary.tsv");
        Files.writeString(dictionary, tsv);

        List<TextPair> all = new TranslationData(data, null, "xx-yy", 13, 1000, 500, 0, dictionary.toString(), 0)
                .dictionaryEntries(split);
        assertEquals(fresh, all.stream().map(TextPair::source).toList());
        TranslationData sampled = new TranslationData(data, null, "xx-yy", 13, 1000, 500, 0, dictionary.toString(), 10);
        List<TextPair> ten = sampled.dictionaryEntries(split);
        assertEquals(10, ten.size());
        assertTrue(all.containsAll(ten), ten.toString());
        assertEquals(ten, sampled.dictionaryEntries(split), "the sample is seeded");
        assertEquals(split.test(), sampled.split().test(), "the dictionary never changes the held-out pairs");
        assertTrue(new TranslationData(data, null, "xx-yy", 13, 1000, 500, 0, TranslationData.NONE, 0)
                .dictionaryEntries(split).isEmpty());
        assertTrue(new TranslationData(data, null, "xx-yy", 13, 1000, 500, 0, TranslationData.AUTO, 0)
                .dictionaryEntries(split).isEmpty(), "a file of the user's has no dictionary of its own");

        CommandRun missing = CommandRun.of(new TranslationMain(), "train", "--data", data, "--direction", "xx-yy",
                "--dictionary", dir.resolve("nope.tsv").toString(), "--model", dir.resolve("m5").toString(), "--out",
                dir.resolve("r5").toString());
        assertEquals(2, missing.code());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());
        assertTrue(missing.err().contains("nope.tsv"), missing.err());
        CommandRun negative = CommandRun.of(new TranslationMain(), "train", "--data", data, "--direction", "xx-yy",
                "--dictionary-pairs", "-1", "--model", dir.resolve("m6").toString(), "--out", dir.resolve("r6").toString());
        assertEquals(2, negative.code());
        assertTrue(negative.err().contains("--dictionary-pairs"), negative.err());
    }

    @Test
    void thePlateauDecayIsOnByDefaultAndOffWithAPerEpochDecay() throws Exception {
        TranslationData data = new TranslationData(pairs(40).toString(), null, "de-en", 13, 4, 2, 0);
        TrainCommand plain = new TrainCommand();
        assertEquals(TrainCommand.DEFAULT_PLATEAU_DECAY, plain.settings(data).plateauDecay());
        TrainCommand perEpoch = new TrainCommand();
        perEpoch.train.learningRateDecay = 0.9;
        assertEquals(0, perEpoch.settings(data).plateauDecay());
        TrainCommand chosen = new TrainCommand();
        chosen.plateauDecay = 0.25;
        assertEquals(0.25, chosen.settings(data).plateauDecay());
    }

    private static Path pairs(int count) throws java.io.IOException {
        Path file = dir.resolve("pairs-" + count + ".tsv");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append("wort ").append(i).append('\t').append("word ").append(i).append('\n');
        }
        Files.writeString(file, text);
        return file;
    }
}
