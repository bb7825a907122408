package org.seqlab.translation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.common.decode.Decoders;
import org.seqlab.common.decode.GraphStepModel;
import org.seqlab.common.decode.TokenInput;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.rnn.CellType;
import org.seqlab.common.rnn.SoftmaxOutput;
import org.seqlab.common.text.Vocabulary;
import org.seqlab.common.train.EpochRecord;
import org.seqlab.common.train.ScaleOutSettings;
import org.seqlab.common.train.TrainSettings;
import org.seqlab.common.train.Trainables;
import org.seqlab.datasets.TextPair;

/**
 * Every attention kind (and none) builds, learns and decodes step by step exactly as the teacher-forced
 * graph computes; the full reversal task is learned end to end in {@link TranslationAppTest}.
 */
class TranslationToyTaskTest {
    static final List<String> WORDS = List.of("ka", "lo", "mi", "nu", "pe", "ro", "si", "tu");

    /** Sentences of 3-6 made-up words and their reversal in capitals. */
    static List<TextPair> reversals(int count, long seed) {
        Random random = new Random(seed);
        List<TextPair> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<String> words = new ArrayList<>();
            for (int n = 3 + random.nextInt(4); n > 0; n--) {
                words.add(WORDS.get(random.nextInt(WORDS.size())));
            }
            List<String> reversed = new ArrayList<>(words);
            Collections.reverse(reversed);
            out.add(new TextPair(String.join(" ", words), String.join(" ", reversed).toUpperCase()));
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(value = Attention.class, names = {"NONE", "LUONG_GENERAL", "BAHDANAU"})
    void learnsAndStepsLikeTheWholeGraph(Attention attention, @TempDir Path dir) throws Exception {
        TranslationSettings settings = new TranslationSettings("xx", "yy", attention, CellType.GRU, 16, 24, 1, true, 24,
                0.1, 20, false, 1, 50, 50, 0.0, false, 0);
        TranslationTraining.Result result = TranslationTraining.train(reversals(300, 1), reversals(40, 2), settings,
                new TrainSettings(3, 32, 7, 0.01, 1.0, 0, 5.0, 0, 0), dir, false, ScaleOutSettings.LOCAL, 0, 0);
        List<EpochRecord> history = result.training().history();
        assertTrue(history.get(2).validation().get("loss") < 0.8 * history.get(0).validation().get("loss"),
                "validation loss falls: " + history);

        TranslationModel model = result.model();
        ComputationGraph graph = model.graph();
        int[] source = model.sourceCodec().encode("ka lo mi nu");
        INDArray sourceInput = TranslationModel.sourceInput(source);
        int vocabulary = model.targetCodec().vocabulary().size();
        GraphStepModel steps = new GraphStepModel(graph, new INDArray[] {sourceInput}, vocabulary, TokenInput.INDEX);
        List<Integer> decoded = Decoders.greedy(steps, Vocabulary.BOS_ID, Vocabulary.EOS_ID, 10).tokens();
        int[] previous = new int[decoded.size() + 1];
        previous[0] = Vocabulary.BOS_ID;
        for (int t = 0; t < decoded.size(); t++) {
            previous[t + 1] = decoded.get(t);
        }
        INDArray whole = graph.outputSingle(sourceInput, TranslationModel.sourceInput(previous));
        steps.start(1);
        for (int t = 0; t < previous.length; t++) {
            float[] stepped = steps.step(new int[] {previous[t]})[0];
            for (int v = 0; v < vocabulary; v += 3) {
                assertEquals(Math.log(whole.getDouble(0, v, t)), stepped[v], 1e-3, attention + " step " + t + " token " + v);
            }
        }
        assertBatchesTranslateAsOneSentenceAtATime(model);
        if (attention != Attention.NONE) {
            // after a batch, whose masks must not stay in the graph
            String translation = model.translateAll(List.of("ka lo mi", "ka lo mi nu pe")).get(0).text();
            TranslationModel.AttentionMap map = model.attention("ka lo mi", translation);
            for (double[] row : map.weights()) {
                assertEquals(1.0, java.util.Arrays.stream(row).sum(), 1e-4);
            }
        }
    }

    /** The other encoder cells read a padded batch as they read one source alone (their masks reach both directions). */
    @ParameterizedTest
    @EnumSource(value = CellType.class, names = {"LSTM", "RNN"})
    void otherEncoderCellsBatchAsOneSentenceAtATime(CellType cell, @TempDir Path dir) throws Exception {
        Attention attention = cell == CellType.RNN ? Attention.LUONG_GENERAL : Attention.BAHDANAU;
        TranslationSettings settings = new TranslationSettings("xx", "yy", attention, cell, 16, 24, 1, true, 24,
                0.1, 20, false, 1, 50, 50, 0.0, false, 0);
        TranslationTraining.Result result = TranslationTraining.train(reversals(200, 1), reversals(20, 2), settings,
                new TrainSettings(1, 32, 7, 0.01, 1.0, 0, 5.0, 0, 0), dir, false, ScaleOutSettings.LOCAL, 0, 0);
        assertBatchesTranslateAsOneSentenceAtATime(result.model());
    }

    /**
     * Sources of different lengths (and an empty one) decoded together give each the translation, n-best and scores
     * it gets alone: the padded source steps get no attention and no weight in the initial state.
     */
    private static void assertBatchesTranslateAsOneSentenceAtATime(TranslationModel trained) {
        List<String> sources = new ArrayList<>(reversals(11, 3).stream().map(TextPair::source).toList());
        sources.add(4, "");
        sources.add("ka");
        // the repeated-word guard on and off
        for (Decoding decoding : List.of(Decoding.GREEDY, new Decoding(3, false, 3, 1.0, 0, false),
                new Decoding(4, false, 2, 0.0, 2, true))) {
            TranslationModel model = trained.with(decoding).withWorkers(1);
            List<Translation> batched = model.translateAll(sources);
            for (int i = 0; i < sources.size(); i++) {
                Translation alone = model.translate(sources.get(i));
                String what = decoding.describe() + ": " + sources.get(i);
                assertEquals(alone.nBest().size(), batched.get(i).nBest().size(), what);
                for (int k = 0; k < alone.nBest().size(); k++) {
                    assertEquals(alone.nBest().get(k).text(), batched.get(i).nBest().get(k).text(), what);
                    assertEquals(alone.nBest().get(k).score(), batched.get(i).nBest().get(k).score(), 1e-4, what);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Attention.class, names = {"NONE", "BAHDANAU"})
    void labelSmoothingReachesTheOutputLayerAndTheBundle(Attention attention) {
        TranslationSettings settings = new TranslationSettings("xx", "yy", attention, CellType.GRU, 8, 8, 1, true, 8,
                0.1, 20, false, 1, 50, 50, 0.2, false, 0);
        ComputationGraph graph = TranslationNetwork.build(settings, 30, 40, new TrainSettings(1, 4, 7, 0.01, 1.0, 0, 5.0, 0, 0));
        ComputationGraph copy = new ComputationGraph(ComputationGraphConfiguration.fromJson(graph.getConfiguration().toJson()));
        copy.init();
        for (ComputationGraph g : List.of(graph, copy)) {
            List<SoftmaxOutput> outputs = new ArrayList<>();
            for (org.deeplearning4j.nn.api.Layer layer : g.getLayers()) {
                if (layer.conf().getLayer() instanceof SoftmaxOutput output) {
                    outputs.add(output);
                }
            }
            assertEquals(1, outputs.size());
            assertEquals(0.2, outputs.get(0).getLabelSmoothing());
        }
    }

    @Test
    void aCheckpointResumesOnlyOnTheSameTrainingPairs(@TempDir Path dir) throws Exception {
        TranslationSettings settings = new TranslationSettings("xx", "yy", Attention.NONE, CellType.GRU, 8, 8, 1, true, 8,
                0.1, 20, false, 1, 50, 50, 0.0, false, 0);
        TrainSettings options = new TrainSettings(1, 32, 7, 0.01, 1.0, 0, 5.0, 0, 0);
        List<TextPair> pairs = reversals(100, 1);
        TranslationTraining.train(pairs, reversals(10, 2), settings, options, dir, false, ScaleOutSettings.LOCAL, 0, 0);
        List<TextPair> more = new ArrayList<>(pairs);
        more.add(new TextPair("ka", "KA"));
        BadInputException other = assertThrows(BadInputException.class, () -> TranslationTraining.train(more,
                reversals(10, 2), settings, options, dir, true, ScaleOutSettings.LOCAL, 0, 0));
        assertTrue(other.getMessage().contains("other settings"), other.getMessage());
        TranslationTraining.Result same = TranslationTraining.train(pairs, reversals(10, 2), settings, options, dir, true,
                ScaleOutSettings.LOCAL, 0, 0);
        assertEquals(1, same.training().history().size(), "the finished run resumes on its own pairs");
    }

    @ParameterizedTest
    @EnumSource(value = Attention.class, names = {"NONE", "BAHDANAU", "LUONG_GENERAL"})
    void aLoweredLearningRateReachesEveryParameterAndTheSavedGraph(Attention attention, @TempDir Path dir) throws Exception {
        TranslationSettings settings = new TranslationSettings("xx", "yy", attention, CellType.GRU, 8, 8, 1, true, 8,
                0.1, 20, false, 1, 50, 50, 0.0, false, 0.5);
        ComputationGraph graph = TranslationNetwork.build(settings, 30, 40, new TrainSettings(1, 4, 7, 0.01, 1.0, 0, 5.0, 0, 0));
        assertEquals(0.005, Trainables.of(graph).scaleLearningRate(0.5), 1e-12);
        Path file = dir.resolve("graph.zip");
        graph.save(file.toFile(), true);
        for (ComputationGraph g : List.of(graph, ComputationGraph.load(file.toFile(), true))) {
            // every parameter the updater steps (the attention vertex's too) at the lowered rate, by its own configuration
            List<String> params = new ArrayList<>();
            for (UpdaterBlock block : g.getUpdater().getUpdaterBlocks()) {
                assertEquals(0.005, block.getGradientUpdater().getConfig().getLearningRate(0, 0), 1e-12);
                for (UpdaterBlock.ParamState param : block.getLayersAndVariablesInBlock()) {
                    params.add(param.getParamName());
                    assertEquals(0.005, param.getLayer().getConfig().getUpdaterByParam(param.getParamName())
                            .getLearningRate(0, 0), 1e-12, param.getParamName());
                }
            }
            assertTrue(attention == Attention.BAHDANAU ? params.contains("Wq") : params.size() > 5, "params " + params);
        }
    }
}
