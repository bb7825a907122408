package org.seqlab.sentiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.common.cli.TrainOptions;
import org.seqlab.common.train.TrainSettings;
import org.seqlab.common.rnn.CellType;
import org.seqlab.common.rnn.Pooling;
import org.seqlab.common.text.Stemming;
import org.seqlab.common.text.TextPipeline;
import org.seqlab.common.text.TokenizerKind;
import org.seqlab.datasets.Datasets;
import org.seqlab.datasets.LabeledText;
import org.seqlab.datasets.Split;
import org.seqlab.datasets.Splits;
import org.seqlab.sentiment.baseline.Baselines;

/**
 * Learning for real: a small bidirectional recurrent model on a 600-sentence slice of uci-sentences.
 * One test, since training is the expensive part.
 */
class SentimentLearningIT {
    @TempDir
    static Path dir;

    @BeforeAll
    static void quiet() {
        System.setProperty("seqlab.quiet", "true");
    }

    @Test
    void smallModelOnSixHundredSentencesBeatsMajorityClassClearly() throws Exception {
        List<LabeledText> all = Datasets.labeledTexts("uci-sentences", null);
        // 600 to train, 150 to validate, 300 to test, all stratified and disjoint
        Split<LabeledText> slice = Splits.stratified(all, LabeledText::label, 0.2, 0.05, 11);
        List<LabeledText> test = Splits.stratified(slice.test(), LabeledText::label, 0.1334, 0, 12).train();
        SentimentExperiment.Data data = new SentimentExperiment.Data(slice.train(), slice.validation(), test,
                slice.info(), "slice");
        TrainOptions options = new TrainOptions();
        options.epochs = 6;
        options.patience = 0;
        options.learningRate = 5e-3;
        options.seed = 7;
        TrainSettings training = options.settings();
        SentimentSettings settings = new SentimentSettings(
                new TextPipeline(TokenizerKind.SIMPLE, true, true, Stemming.NONE, false, 0), 1, 0, 60,
                CellType.LSTM, 1, 32, true, 0.0, Pooling.MAX, "random", 32, false, 0);

        SentimentExperiment.Outcome outcome = SentimentExperiment.run(data, List.of("0", "1"), settings, training,
                dir.resolve("ckpt"), false, options.scaleOut(), 0, EmbeddingSource.RANDOM);

        double accuracy = outcome.test().metrics().accuracy();
        double majority = outcome.baselines().stream().filter(b -> b.name().equals("majority")).findFirst()
                .map(Baselines.Result::metrics).orElseThrow().accuracy();
        var history = outcome.training().history();
        assertTrue(history.get(history.size() - 1).trainLoss() < history.get(0).trainLoss() * 0.7,
                "training loss falls: " + history);
        assertTrue(accuracy >= majority + 0.12, "accuracy " + accuracy + " vs majority " + majority);
        assertTrue(test.size() >= 290 && slice.train().size() == 600, test.size() + " / " + slice.train().size());

        // padding must not leak in: a sentence predicted alone and beside a longer one gets the same answer
        // (the backward direction reads a padded sentence's padding first)
        String sentence = "The battery died after a day.";
        String longer = "This one goes on for much longer, about nothing in particular, with many more words than the first.";
        double[] alone = outcome.model().classify(sentence).probabilities();
        double[] beside = outcome.model().classify(List.of(sentence, longer)).get(0).probabilities();
        assertArrayEquals(alone, beside, 1e-5, "prediction depends on the batch");
    }
}
