package org.seqlab.tagger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.common.app.TaskModels;
import org.seqlab.common.bundle.ModelBundle;
import org.seqlab.common.embed.WordVectors;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.rnn.CellType;
import org.seqlab.common.text.Vocabulary;
import org.seqlab.common.text.TokenizerKind;
import org.seqlab.common.train.TrainSettings;
import org.seqlab.datasets.TaggedSentence;

/** The frozen pretrained table: every word of the vector file, read as an input, stored in half precision. */
class FrozenVectorsTest {
    static TaggerSettings settings(int pretrainedWords) {
        return settings(pretrainedWords, 1);
    }

    static TaggerSettings settings(int pretrainedWords, int minCount) {
        return settings(pretrainedWords, minCount, false);
    }

    static TaggerSettings settings(int pretrainedWords, int minCount, boolean hyphenBackoff) {
        return new TaggerSettings(CellType.LSTM, 16, 1, true, 0.0, "glove", 4, minCount, pretrainedWords, 6, 6, 8, true,
                false, hyphenBackoff, TaggerSettings.CharEncoder.CNN);
    }

    /** {@code n} made-up words {@code w0, w1, ...} with random 4-d vectors. */
    static WordVectors vectors(int n) {
        SplittableRandom random = new SplittableRandom(5);
        List<String> words = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            words.add("w" + i);
            vectors.add(new float[] {(float) random.nextGaussian(), (float) random.nextGaussian(),
                    (float) random.nextGaussian(), (float) random.nextGaussian()});
        }
        return WordVectors.of(words, vectors);
    }

    /** The pretrained input of the one-sentence batch of {@code words}, word by word. */
    static float[][] pretrainedInput(TaggerEncoder encoder, List<String> words) {
        INDArray input = encoder.batch(List.of(words), null).getFeatures(1); // [1, dim, T]
        float[][] out = new float[words.size()][];
        for (int t = 0; t < words.size(); t++) {
            out[t] = input.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.point(t)).toFloatVector();
        }
        return out;
    }

    static float[] halfRounded(float[] v) {
        float[] out = new float[v.length];
        for (int d = 0; d < v.length; d++) {
            out[d] = Float16.toFloat(Float16.fromFloat(v[d]));
        }
        return out;
    }

    @Test
    void aWordBeyondTheOld50000CutGetsItsPretrainedVectorAndTrainedWordsReadZero() {
        WordVectors vectors = vectors(60_000);
        List<TaggedSentence> train = List.of(new TaggedSentence(List.of("w3", "w3", "new"), List.of("A", "A", "B")));
        TaggerEncoder all = TaggerEncoder.fit(train, settings(0), vectors);
        assertEquals(Vocabulary.SPECIALS.size() + 60_000, all.pretrained().words().size(), "every word");
        // W55555 (capitalised: the table is lower case) is far beyond the first 50,000 words
        float[][] input = pretrainedInput(all, List.of("W55555", "w3", "unknown"));
        assertArrayEquals(halfRounded(vectors.vector("w55555")), input[0]);
        assertArrayEquals(new float[4], input[1], "a trained word's vector is the trained table's alone");
        assertArrayEquals(new float[4], input[2], "a word in neither table");
        float[] original = vectors.vector("w55555");
        for (int d = 0; d < 4; d++) {
            assertEquals(original[d], input[0][d], Math.abs(original[d]) * 0x1p-11 + 1e-7, "half precision");
        }

        TaggerEncoder first = TaggerEncoder.fit(train, settings(50_000), vectors);
        assertArrayEquals(new float[4], pretrainedInput(first, List.of("w55555"))[0], "--pretrained-words 50000 cuts it");
        assertArrayEquals(halfRounded(vectors.vector("w49999")), pretrainedInput(first, List.of("w49999"))[0]);
        assertNull(TaggerEncoder.fit(train, settings(0), null).pretrained());
    }

    @Test
    void withHyphenBackoffACompoundMissingFromTheTableReadsItsLastPart() {
        WordVectors vectors = WordVectors.of(List.of("style", "old-style", "day", "seen"),
                List.of(new float[] {1, 0, 0, 0}, new float[] {0, 1, 0, 0}, new float[] {0, 0, 1, 0}, new float[] {0, 0, 0, 1}));
        List<TaggedSentence> train = List.of(new TaggedSentence(List.of("seen", "new-seen"), List.of("A", "B")));
        List<String> words = List.of("New-Style", "old-style", "24-hour-day", "24-hour-nothing", "--", "style-",
                "new-seen");
        float[][] off = pretrainedInput(TaggerEncoder.fit(train, settings(0, 1, false), vectors), words);
        float[][] on = pretrainedInput(TaggerEncoder.fit(train, settings(0, 1, true), vectors), words);
        assertArrayEquals(new float[4], off[0], "off: a compound missing from the table reads zero");
        assertArrayEquals(new float[] {1, 0, 0, 0}, on[0], "new-style reads style");
        assertArrayEquals(new float[] {0, 1, 0, 0}, on[1], "a compound the table holds keeps its own vector");
        assertArrayEquals(new float[] {0, 0, 1, 0}, on[2], "the last part of three");
        assertArrayEquals(new float[4], on[3], "a last part missing too");
        assertArrayEquals(new float[4], on[4], "dashes alone");
        assertArrayEquals(new float[4], on[5], "no last part");
        assertArrayEquals(new float[4], on[6], "a trained word reads the trained table alone");
    }

    @Test
    void aCasedVectorFileGivesEachLowerCaseFormItsFirstVector() {
        WordVectors cased = WordVectors.of(List.of("Paris", "the", "The"),
                List.of(new float[] {1, 0}, new float[] {0, 1}, new float[] {1, 1}));
        FrozenVectors table = FrozenVectors.of(cased.words(), cased);
        float[] paris = new float[2];
        table.copy(table.id("paris"), paris, 0, 1);
        assertArrayEquals(new float[] {1, 0}, paris);
        float[] the = new float[2];
        table.copy(table.id("the"), the, 0, 1);
        assertArrayEquals(new float[] {0, 1}, the, "the file's first 'the' wins");
        assertEquals(Vocabulary.SPECIALS.size() + 2, table.words().size());
    }

    @Test
    void wordDropoutHidesAKnownWordAsAnUnseenOneWithItsPretrainedVector() {
        WordVectors vectors = vectors(10);
        List<String> sentence = java.util.Collections.nCopies(400, "w3");
        TaggedSentence tagged = new TaggedSentence(sentence, java.util.Collections.nCopies(400, "A"));
        TaggerEncoder encoder = TaggerEncoder.fit(List.of(tagged), settings(0), vectors);
        org.nd4j.linalg.dataset.api.MultiDataSet batch = encoder.trainingBatch(List.of(tagged), new SplittableRandom(1), 0.25);
        float[] ids = batch.getFeatures(0).reshape(sentence.size()).toFloatVector();
        INDArray pretrained = batch.getFeatures(1);
        int dropped = 0;
        for (int t = 0; t < sentence.size(); t++) {
            float[] v = pretrained.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                    org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(t)).toFloatVector();
            if (ids[t] == Vocabulary.UNK_ID) {
                dropped++;
                assertArrayEquals(halfRounded(vectors.vector("w3")), v);
            } else {
                assertEquals(encoder.words().id("w3"), (int) ids[t]);
                assertArrayEquals(new float[4], v);
            }
        }
        assertTrue(dropped > 70 && dropped < 130, dropped + " of 400 dropped at 0.25");
        assertEquals(encoder.batch(List.of(tagged)).getFeatures(0),
                encoder.trainingBatch(List.of(tagged), new SplittableRandom(1), 0).getFeatures(0), "no dropout at 0");
    }

    /**
     * Words are of two kinds, which their tag tells and their letters do not; the pretrained vectors point one way
     * per kind. With a --min-count no word reaches, every word reads the unknown word in the trained table (as
     * Brown's singletons do), so the tagger can learn the kinds only through the frozen table; the test's words
     * are never seen in training.
     */
    @Test
    void unseenWordsAreTaggedByTheirPretrainedVectorsAndTheBundleKeepsThem(@TempDir Path dir) throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        int n = 400;
        List<String> words = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            words.add("v" + Integer.toString(random.nextInt(1 << 20), 36));
            float[] v = new float[4];
            v[i % 2] = 1 + (float) random.nextDouble();
            v[2] = (float) random.nextGaussian() * 0.3f;
            vectors.add(v);
        }
        WordVectors table = WordVectors.of(words, vectors);
        List<TaggedSentence> train = sentences(words.subList(0, 300), random, 300);
        List<TaggedSentence> test = sentences(words.subList(300, n), random, 60);
        TaggerEncoder encoder = TaggerEncoder.fit(train, settings(0, 1000), table);
        assertEquals(Vocabulary.SPECIALS.size(), encoder.words().size());
        ComputationGraph net = TaggerNetwork.build(encoder, new TrainSettings(8, 16, 3, 0.02, 1.0, 0, 5.0, 0, 0));
        for (int epoch = 0; epoch < 8; epoch++) {
            for (int from = 0; from < train.size(); from += 16) {
                net.fit(encoder.batch(train.subList(from, Math.min(train.size(), from + 16))));
            }
        }
        TaggerModel model = new TaggerModel(net, encoder, TokenizerKind.SIMPLE, true);
        assertTrue(test.stream().allMatch(s -> s.words().stream().noneMatch(encoder::seenInTraining)));
        double accuracy = TaggerModelTest.accuracy(model, test, null);
        assertTrue(accuracy > 0.9, "unseen words tagged by their vectors: " + accuracy + " (chance 0.5)");

        ModelBundle.Writer writer = ModelBundle.writer(TaggerModel.TASK);
        model.addTo(writer);
        writer.write(dir.resolve("model"));
        assertTrue(Files.isRegularFile(dir.resolve("model").resolve(TaggerModel.PRETRAINED_VECTORS)));
        TaggerModel loaded = ((TaggerModel) TaskModels.load(dir.resolve("model"))).pretokenized(true);
        assertEquals(encoder, loaded.encoder(), "the same words and the same half-precision vectors");
        List<List<String>> sentences = test.stream().map(TaggedSentence::words).toList();
        List<Tagging> before = model.predict(sentences);
        List<Tagging> after = loaded.predict(sentences);
        for (int i = 0; i < sentences.size(); i++) {
            assertEquals(before.get(i).tags(), after.get(i).tags());
            assertArrayEquals(before.get(i).probabilities(), after.get(i).probabilities(), 0.0);
        }
    }

    /** Sentences of 3-8 of {@code words}, tagged N or V by the word's kind (its index's parity in the list). */
    static List<TaggedSentence> sentences(List<String> words, SplittableRandom random, int count) {
        List<TaggedSentence> out = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            List<String> w = new ArrayList<>();
            List<String> t = new ArrayList<>();
            for (int i = 3 + random.nextInt(6); i > 0; i--) {
                int k = random.nextInt(words.size());
                w.add(words.get(k));
                t.add(k % 2 == 0 ? "N" : "V");
            }
            out.add(new TaggedSentence(w, t));
        }
        return out;
    }

    @Test
    void aVectorFileOfTheWrongSizeIsRefused(@TempDir Path dir) throws IOException {
        List<TaggedSentence> train = List.of(new TaggedSentence(List.of("w1"), List.of("A")));
        FrozenVectors table = TaggerEncoder.fit(train, settings(0), vectors(10)).pretrained();
        Path file = dir.resolve("v.f16");
        table.save(file);
        assertEquals(table, FrozenVectors.load(table.words(), file));
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 2));
        assertThrows(BadInputException.class, () -> FrozenVectors.load(table.words(), file));
    }
}
