package org.seqlab.tagger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.seqlab.common.app.TaskModels;
import org.seqlab.common.bundle.ModelBundle;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.rnn.CellType;
import org.seqlab.common.text.TokenizerKind;
import org.seqlab.common.train.TrainSettings;
import org.seqlab.datasets.TaggedSentence;

/**
 * A toy task that needs the right-hand context: "x" is tagged A when the next word is "p" and B otherwise, the
 * other words by themselves. A bidirectional tagger learns it; the left-to-right one cannot see the next word.
 */
class TaggerModelTest {
    static final List<String> WORDS = List.of("p", "q", "r", "x", "Q");
    static List<TaggedSentence> train;
    static List<TaggedSentence> test;
    static TaggerModel bidirectional;

    static List<TaggedSentence> toy(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<TaggedSentence> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int length = 2 + random.nextInt(7);
            List<String> words = new ArrayList<>();
            for (int t = 0; t < length; t++) {
                words.add(WORDS.get(random.nextInt(WORDS.size())));
            }
            List<String> tags = new ArrayList<>();
            for (int t = 0; t < length; t++) {
                String w = words.get(t);
                tags.add(w.equals("x") ? (t + 1 < length && words.get(t + 1).equals("p") ? "A" : "B") : w.toUpperCase());
            }
            out.add(new TaggedSentence(words, tags));
        }
        return out;
    }

    static TaggerSettings settings(boolean bidirectional) {
        return settings(bidirectional, false);
    }

    static TaggerSettings settings(boolean bidirectional, boolean crf) {
        return new TaggerSettings(CellType.LSTM, 16, 1, bidirectional, 0.0, "random", 8, 1, 0, 6, 6, 4, true, crf, false,
                TaggerSettings.CharEncoder.CNN);
    }

    static TaggerModel trained(TaggerSettings settings, int epochs) {
        return trained(settings, epochs, train);
    }

    static TaggerModel trained(TaggerSettings settings, int epochs, List<TaggedSentence> train) {
        TaggerEncoder encoder = TaggerEncoder.fit(train, settings, null);
        ComputationGraph net = TaggerNetwork.build(encoder, new TrainSettings(epochs, 16, 7, 0.02, 1.0, 0, 5.0, 0, 0));
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (int from = 0; from < train.size(); from += 16) {
                net.fit(encoder.batch(train.subList(from, Math.min(train.size(), from + 16))));
            }
        }
        return new TaggerModel(net, encoder, TokenizerKind.SIMPLE, true);
    }

    /** Accuracy over the tokens {@code word} (all tokens when null). */
    static double accuracy(TaggerModel model, List<TaggedSentence> sentences, String word) {
        List<Tagging> tagged = model.tagAll(sentences.stream().map(TaggedSentence::words).toList(), 32);
        long right = 0;
        long all = 0;
        for (int i = 0; i < sentences.size(); i++) {
            for (int t = 0; t < sentences.get(i).tags().size(); t++) {
                if (word != null && !word.equals(sentences.get(i).words().get(t))) {
                    continue;
                }
                right += sentences.get(i).tags().get(t).equals(tagged.get(i).tags().get(t)) ? 1 : 0;
                all++;
            }
        }
        return (double) right / all;
    }

    @BeforeAll
    static void trainBidirectional() {
        train = toy(320, 1);
        test = toy(100, 2);
        bidirectional = trained(settings(true), 12);
    }

    @Test
    void bidirectionalTaggerLearnsTheRightContextThatLeftToRightCannotSee() {
        assertTrue(accuracy(bidirectional, test, null) > 0.97, "bidirectional accuracy " + accuracy(bidirectional, test, null));
        double bi = accuracy(bidirectional, test, "x");
        double left = accuracy(trained(settings(false), 12), test, "x");
        // left to right, "x" is at best the more frequent B (about 80 %): the next word is not read yet
        assertTrue(bi > 0.95, "bidirectional accuracy on x " + bi);
        assertTrue(left < 0.9, "left-to-right accuracy on x " + left);
    }

    @Test
    void sameTagsAndProbabilitiesAloneAndInAPaddedBatch() {
        List<String> shortOne = List.of("x", "p");
        List<String> longOne = List.of("q", "x", "r", "p", "x", "q", "p", "r");
        Tagging alone = bidirectional.predict(List.of(shortOne)).get(0);
        Tagging inBatch = bidirectional.predict(List.of(longOne, shortOne)).get(1);
        assertEquals(alone.tags(), inBatch.tags());
        assertArrayEquals(alone.probabilities(), inBatch.probabilities(), 1e-5);
        assertEquals(List.of("A", "P"), alone.tags());
    }

    @Test
    void paddingNeverCountsInTheLoss() {
        ComputationGraph net = bidirectional.network();
        TaggerEncoder encoder = bidirectional.encoder();
        TaggedSentence shortOne = new TaggedSentence(List.of("x", "q"), List.of("B", "Q"));
        TaggedSentence longOne = test.stream().filter(s -> s.words().size() == 8).findFirst().orElseThrow();
        double shortLoss = net.score(encoder.batch(List.of(shortOne)));
        double longLoss = net.score(encoder.batch(List.of(longOne)));
        MultiDataSet both = encoder.batch(List.of(shortOne, longOne));
        // the score is the summed masked loss over the batch's sentences: padding would add to the short one's
        assertEquals((shortLoss + longLoss) / 2, net.score(both), 1e-4);
    }

    /**
     * Read left to right, "x" cannot see the next word, but a CRF scores the pair of tags: "p" is always P, and
     * only A is followed by P after an "x". Alone and in a padded batch, and through a bundle, it tags the same.
     */
    @Test
    void aLeftToRightCrfTaggerLearnsFromTheTagThatFollows(@TempDir Path dir) throws IOException {
        TaggerModel crf = trained(settings(false, true), 12);
        double onX = accuracy(crf, test, "x");
        assertTrue(onX > 0.95, "left-to-right CRF accuracy on x " + onX);
        List<String> shortOne = List.of("x", "p");
        List<String> longOne = List.of("q", "x", "r", "p", "x", "q", "p", "r");
        Tagging alone = crf.predict(List.of(shortOne)).get(0);
        Tagging inBatch = crf.predict(List.of(longOne, shortOne)).get(1);
        assertEquals(List.of("A", "P"), alone.tags());
        assertArrayEquals(alone.probabilities(), inBatch.probabilities(), 1e-5);
        TaggerModel loaded = roundTrip(crf, dir);
        assertTrue(loaded.encoder().settings().crf());
        assertArrayEquals(alone.probabilities(), loaded.predict(List.of(shortOne)).get(0).probabilities(), 1e-6);

        assertEquals(TaggerModel.Decoding.POSTERIOR, crf.decoding(), "tags that are not BIO: posterior by default");
        TaggerModel viterbi = crf.decoding(TaggerModel.Decoding.VITERBI);
        assertEquals(List.of("A", "P"), viterbi.predict(List.of(shortOne)).get(0).tags());
        assertEquals(viterbi.predict(List.of(shortOne)).get(0).tags(), viterbi.predict(List.of(longOne, shortOne)).get(1).tags());
        Tagging viterbiLong = viterbi.predict(List.of(longOne, shortOne)).get(0);
        assertEquals(viterbi.predict(List.of(longOne)).get(0).tags(), viterbiLong.tags(), "alone and in a batch");
        double viterbiOnX = accuracy(viterbi, test, "x");
        assertTrue(viterbiOnX > 0.95, "left-to-right CRF accuracy on x, Viterbi " + viterbiOnX);
        // p is the chosen tag's marginal under either decoding
        assertArrayEquals(alone.probabilities(), viterbi.predict(List.of(shortOne)).get(0).probabilities(), 1e-6);
    }

    @Test
    void viterbiNeedsACrf() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> bidirectional.decoding(TaggerModel.Decoding.VITERBI));
        assertTrue(e.getMessage().contains("--no-crf"), e.getMessage());
        assertEquals(TaggerModel.Decoding.POSTERIOR, bidirectional.decoding(TaggerModel.Decoding.AUTO).decoding());
    }

    /**
     * Words never seen in training, tagged by their spelling alone: S when a word ends in "q", P when it starts with
     * "z" (and not S), O otherwise. The trained table reads every test word as the unknown word, so the characters
     * must carry the tag: the character BiLSTM's forward end reads the last letter, its backward end the first.
     */
    @Test
    void aCharacterBiLstmTagsUnseenWordsByTheirSpelling(@TempDir Path dir) throws IOException {
        List<TaggedSentence> spelled = spelled(400, 3);
        TaggerSettings chars = new TaggerSettings(CellType.LSTM, 16, 1, true, 0.0, "random", 8, 1, 0, 8, 16, 10,
                false, false, false, TaggerSettings.CharEncoder.BILSTM);
        TaggerModel model = trained(chars, 8, spelled);
        List<TaggedSentence> test = spelled(150, 5);
        List<Tagging> tagged = model.tagAll(test.stream().map(TaggedSentence::words).toList(), 32);
        long right = 0;
        long unseen = 0;
        for (int i = 0; i < test.size(); i++) {
            for (int t = 0; t < test.get(i).words().size(); t++) {
                if (!model.encoder().seenInTraining(test.get(i).words().get(t))) {
                    unseen++;
                    right += test.get(i).tags().get(t).equals(tagged.get(i).tags().get(t)) ? 1 : 0;
                }
            }
        }
        assertTrue(unseen > 300, "unseen test words " + unseen);
        assertTrue((double) right / unseen > 0.95, "character BiLSTM accuracy on unseen words " + (double) right / unseen);

        List<String> shortOne = List.of("zab", "cdq");
        List<String> longOne = List.of("abc", "zzzzzzzzzzzzzzzzzzzzzzzzz", "q", "ab", "zq", "ba", "hhq");
        Tagging alone = model.predict(List.of(shortOne)).get(0);
        assertEquals(List.of("P", "S"), alone.tags());
        assertArrayEquals(alone.probabilities(), model.predict(List.of(longOne, shortOne)).get(1).probabilities(), 1e-5);
        assertArrayEquals(model.predict(List.of(longOne)).get(0).probabilities(),
                model.predict(List.of(longOne, shortOne)).get(0).probabilities(), 1e-5);
        TaggerModel loaded = roundTrip(model, dir);
        assertEquals(TaggerSettings.CharEncoder.BILSTM, loaded.encoder().settings().charEncoder());
        assertArrayEquals(alone.probabilities(), loaded.predict(List.of(shortOne)).get(0).probabilities(), 1e-6);
    }

    /** Random words over a-h, one in three given a leading "z" and one in three a trailing "q". */
    static List<TaggedSentence> spelled(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<TaggedSentence> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int length = 2 + random.nextInt(6);
            List<String> words = new ArrayList<>();
            List<String> tags = new ArrayList<>();
            for (int t = 0; t < length; t++) {
                StringBuilder w = new StringBuilder();
                int letters = 1 + random.nextInt(6);
                for (int c = 0; c < letters; c++) {
                    w.append((char) ('a' + random.nextInt(8)));
                }
                boolean starts = random.nextInt(3) == 0;
                boolean ends = random.nextInt(3) == 0;
                words.add((starts ? "z" : "") + w + (ends ? "q" : ""));
                tags.add(ends ? "S" : starts ? "P" : "O");
            }
            out.add(new TaggedSentence(words, tags));
        }
        return out;
    }

    @Test
    void settingsFromBeforeTheCharacterEncoderReadAsTheCnn() {
        assertEquals(TaggerSettings.CharEncoder.CNN, new TaggerSettings(CellType.LSTM, 16, 1, true, 0.0, "random", 8, 1, 0,
                6, 6, 4, true, false, false, null).charEncoder());
        BadInputException odd = assertThrows(BadInputException.class, () -> new TaggerSettings(CellType.LSTM, 16, 1,
                true, 0.0, "random", 8, 1, 0, 6, 7, 4, true, false, false, TaggerSettings.CharEncoder.BILSTM));
        assertTrue(odd.getMessage().contains("--char-filters"), odd.getMessage());
    }

    private static TaggerModel roundTrip(TaggerModel model, Path dir) throws IOException {
        ModelBundle.Writer writer = ModelBundle.writer(TaggerModel.TASK);
        model.addTo(writer);
        writer.write(dir.resolve("model"));
        return ((TaggerModel) TaskModels.load(dir.resolve("model"))).pretokenized(true);
    }

    @Test
    void bundleRoundTripTagsTheSame(@TempDir Path dir) throws IOException {
        TaggerModel loaded = roundTrip(bidirectional, dir);
        List<List<String>> sentences = test.stream().limit(20).map(TaggedSentence::words).toList();
        List<Tagging> before = bidirectional.predict(sentences);
        List<Tagging> after = loaded.predict(sentences);
        for (int i = 0; i < sentences.size(); i++) {
            assertEquals(before.get(i).tags(), after.get(i).tags());
            assertArrayEquals(before.get(i).probabilities(), after.get(i).probabilities(), 1e-6);
        }
        assertEquals(bidirectional.encoder(), loaded.encoder());
        assertEquals(TokenizerKind.SIMPLE, loaded.tokenizer());
    }
}
