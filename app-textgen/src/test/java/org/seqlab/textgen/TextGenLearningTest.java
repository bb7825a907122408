package org.seqlab.textgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Iterator;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.seqlab.common.rnn.CellType;
import org.seqlab.common.train.TrainSettings;

class TextGenLearningTest {
    static final String VERSE = "the cat sat on the mat.\nthe dog lay on the log!\n";

    static TextGenSettings settings(CellType cell, int hidden, int batch, int window, double lr) {
        return new TextGenSettings(Level.CHAR, 10_000, cell, 1, hidden, 0.0, 16,
                new TrainSettings(1, batch, 7, lr, 1.0, 0, 5.0, 0, window), 0, 0, false);
    }

    @ParameterizedTest
    @EnumSource(value = CellType.class, names = {"LSTM", "GRU"})
    void aRepetitiveTextIsLearnedToNearZeroLoss(CellType cell) {
        String text = VERSE.repeat(30);
        Codec codec = Codec.characters(text);
        int[] tokens = codec.encode(text);
        TextGenSettings settings = settings(cell, 64, 4, 24, 0.03);
        CarriedStateModel model = new CarriedStateModel(TextGenNetwork.build(settings, codec.size()));
        TextStreams streams = new TextStreams(tokens, 4, 24, codec.size(), true);
        double first = Scoring.score(model.network(), codec, tokens).natsPerToken();
        for (int epoch = 0; epoch < 40; epoch++) {
            model.setEpoch(epoch);
            for (Iterator<MultiDataSet> it = streams.epoch(epoch); it.hasNext(); ) {
                model.fit(it.next());
            }
        }
        double last = Scoring.score(model.network(), codec, tokens).natsPerToken();
        assertTrue(first > 2.0, "starts near ln(vocabulary): " + first);
        assertTrue(last < 0.1, cell + " learns the verse: " + first + " -> " + last);
    }

    @ParameterizedTest
    @EnumSource(value = CellType.class, names = {"RNN", "LSTM", "GRU"})
    void carriedStateAcrossWindowsScoresLikeOneLongForwardPass(CellType cell) {
        Random random = new Random(5);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 301; i++) {
            text.append("abcde \n".charAt(random.nextInt(7)));
        }
        Codec codec = Codec.characters(text.toString());
        int[] tokens = codec.encode(text.toString());
        MultiLayerNetwork net = TextGenNetwork.build(settings(cell, 16, 2, 10, 0.01), codec.size());
        int streams = 2;
        int streamLength = (tokens.length - 1) / streams;
        double windowed = Scoring.score(net, codec, tokens, streams, 7).natsPerToken();
        INDArray[] whole = TextStreams.arrays(tokens, streams, streamLength, 0, streamLength, codec.size(), true);
        float[] p = net.output(whole[0]).dup('c').data().asFloat();
        double nats = 0;
        for (int s = 0; s < streams; s++) {
            for (int t = 0; t < streamLength; t++) {
                nats -= Math.log(p[(s * codec.size() + tokens[s * streamLength + t + 1]) * streamLength + t]);
            }
        }
        assertEquals(nats / (streams * streamLength), windowed, 1e-5);
        double reset = Scoring.score(net, codec, tokens, streams, streamLength).natsPerToken();
        assertEquals(windowed, reset, 1e-5, "the window length does not change the score");
    }

    @ParameterizedTest
    @EnumSource(value = CellType.class, names = {"LSTM", "GRU"})
    void windowByWindowTrainingEqualsDl4jTruncatedBpttOverTheWholeSequence(CellType cell) {
        // DL4J carries the state between the segments of one long sequence fitted at once: our windows, fitted one
        // call at a time, must give the same weights
        String text = VERSE.repeat(3);
        Codec codec = Codec.characters(text);
        int[] tokens = codec.encode(text);
        TextGenSettings settings = settings(cell, 16, 2, 6, 0.01);
        CarriedStateModel windows = new CarriedStateModel(TextGenNetwork.build(settings, codec.size()));
        MultiLayerNetwork whole = TextGenNetwork.build(settings, codec.size());
        assertEquals(whole.params(), windows.network().params());
        TextStreams streams = new TextStreams(tokens, 2, 6, codec.size(), true);
        windows.setEpoch(0);
        for (Iterator<MultiDataSet> it = streams.epoch(0); it.hasNext(); ) {
            windows.fit(it.next());
        }
        MultiDataSet all = streams.window(0, streams.streamLength());
        whole.fit(all.getFeatures(0), all.getLabels(0));
        float[] a = windows.network().params().toFloatVector();
        float[] b = whole.params().toFloatVector();
        double maxDiff = 0;
        for (int i = 0; i < a.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
        }
        assertTrue(maxDiff < 1e-5, "max difference " + maxDiff);
        assertNotEquals(0.0, whole.params().sub(TextGenNetwork.build(settings, codec.size()).params()).norm2Number().doubleValue(),
                "training changed the weights");
    }

    @Test
    void wordLevelEncodesWordsAndLineEndsAndLearns() {
        String text = VERSE.repeat(20);
        Codec codec = Codec.words(text, 100);
        assertEquals("the cat sat on the mat.\nthe dog", codec.decode(java.util.Arrays.copyOf(codec.encode(text), 10)),
                "words, a line-end token, spaces restored");
        assertEquals(0, codec.encode("zebra")[0], "unknown words map to id 0");
        assertEquals("newline", codec.tokenClass(codec.encode("\n")[0]));
        int[] tokens = codec.encode(text);
        TextGenSettings settings = new TextGenSettings(Level.WORD, 100, CellType.GRU, 1, 32, 0.0, 16,
                new TrainSettings(1, 2, 7, 0.03, 1.0, 0, 5.0, 0, 12), 0, 0, false);
        CarriedStateModel model = new CarriedStateModel(TextGenNetwork.build(settings, codec.size()));
        TextStreams streams = new TextStreams(tokens, 2, 12, codec.size(), false);
        double first = Scoring.score(model.network(), codec, tokens).natsPerToken();
        for (int epoch = 0; epoch < 15; epoch++) {
            model.setEpoch(epoch);
            for (Iterator<MultiDataSet> it = streams.epoch(epoch); it.hasNext(); ) {
                model.fit(it.next());
            }
        }
        double last = Scoring.score(model.network(), codec, tokens).natsPerToken();
        assertTrue(last < first / 4, "word loss falls: " + first + " -> " + last);
        String sample = new TextGenModel(model.network(), codec, settings, new Sampling(8, 0, 0, 1.0, 1))
                .generate("the dog", piece -> { }).text();
        assertTrue(sample.startsWith(" lay on the ") && sample.contains("\nthe "), "verse words and lines: " + sample);
    }
}
