package org.seqlab.common.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.seqlab.common.decode.BeamSearch;
import org.seqlab.common.decode.Decoders;
import org.seqlab.common.decode.GraphStepModel;
import org.seqlab.common.decode.Hypothesis;

/** A GRU encoder-decoder with attention, in either arrangement, learns to reverse 5 symbols and decodes step by step. */
class CopyTaskTest {
    static final int EOS = 0;
    static final int BOS = 1;
    static final int SYMBOLS = 6;
    static final int VOCAB = SYMBOLS + 2;
    static final int LENGTH = 5;

    private static int[][] sequences(Random random, int n) {
        int[][] out = new int[n][LENGTH];
        for (int[] s : out) {
            for (int t = 0; t < LENGTH; t++) {
                s[t] = 2 + random.nextInt(SYMBOLS);
            }
        }
        return out;
    }

    static INDArray oneHot(int[][] tokens) {
        INDArray a = Nd4j.zeros(DataType.FLOAT, tokens.length, VOCAB, tokens[0].length);
        for (int b = 0; b < tokens.length; b++) {
            for (int t = 0; t < tokens[b].length; t++) {
                a.putScalar(b, tokens[b][t], t, 1.0);
            }
        }
        return a;
    }

    /** Token ids as sparse labels [batch, 1, steps]. */
    static INDArray ids(int[][] tokens) {
        INDArray a = Nd4j.zeros(DataType.FLOAT, tokens.length, 1, tokens[0].length);
        for (int b = 0; b < tokens.length; b++) {
            for (int t = 0; t < tokens[b].length; t++) {
                a.putScalar(b, 0, t, tokens[b][t]);
            }
        }
        return a;
    }

    /** Source, teacher-forced decoder input (BOS + reversed) and labels (reversed + EOS). */
    private static MultiDataSet batch(int[][] src) {
        int[][] in = new int[src.length][LENGTH + 1];
        int[][] out = new int[src.length][LENGTH + 1];
        for (int b = 0; b < src.length; b++) {
            in[b][0] = BOS;
            for (int t = 0; t < LENGTH; t++) {
                out[b][t] = src[b][LENGTH - 1 - t];
                in[b][t + 1] = out[b][t];
            }
            out[b][LENGTH] = EOS;
        }
        return new MultiDataSet(new INDArray[] {oneHot(src), oneHot(in)}, new INDArray[] {ids(out)});
    }

    @ParameterizedTest
    @EnumSource(AttentionDecoder.Arrangement.class)
    void reversesSequencesWithGreedyAndBeamDecoding(AttentionDecoder.Arrangement arrangement) {
        ComputationGraphConfiguration.GraphBuilder builder = new NeuralNetConfiguration.Builder().seed(123)
                .dataType(DataType.FLOAT).updater(new Adam(0.01)).graphBuilder()
                .addInputs("src", "tgt")
                .setInputTypes(InputType.recurrent(VOCAB), InputType.recurrent(VOCAB))
                .addLayer("enc", new GRU.Builder().nIn(VOCAB).nOut(32).build(), "src");
        RecurrentStack.Spec decoder = new RecurrentStack.Spec(CellType.GRU, 32, 1, 0, false, Bidirectional.Mode.CONCAT);
        String out = AttentionDecoder.addTo(builder, "dec_", "tgt", VOCAB, "enc", 32, decoder,
                arrangement, AttentionVertex.Score.ADDITIVE, 32, VOCAB);
        ComputationGraphConfiguration conf = builder.setOutputs(out).build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        Random random = new Random(7);
        for (int i = 0; i < 250; i++) {
            graph.fit(batch(sequences(random, 32)));
        }

        int[][] test = sequences(new Random(99), 20);
        int correct = 0;
        int beamCorrect = 0;
        for (int[] src : test) {
            GraphStepModel model = new GraphStepModel(graph, new INDArray[] {oneHot(new int[][] {src})}, VOCAB);
            Hypothesis greedy = Decoders.greedy(model, BOS, EOS, LENGTH + 2);
            List<Hypothesis> beam = new BeamSearch(3, 0, LENGTH + 2, 1).decode(model, BOS, EOS);
            correct += matches(src, greedy.tokens());
            beamCorrect += matches(src, beam.get(0).tokens());
        }
        // stepping reproduces the teacher-forced graph output over the whole decoded prefix
        int[] src = test[0];
        GraphStepModel model = new GraphStepModel(graph, new INDArray[] {oneHot(new int[][] {src})}, VOCAB);
        List<Integer> decoded = Decoders.greedy(model, BOS, EOS, LENGTH + 2).tokens();
        int[][] prefix = new int[1][decoded.size() + 1];
        prefix[0][0] = BOS;
        for (int t = 0; t < decoded.size(); t++) {
            prefix[0][t + 1] = decoded.get(t);
        }
        INDArray whole = graph.outputSingle(oneHot(new int[][] {src}), oneHot(prefix));
        model.start(1);
        for (int t = 0; t < prefix[0].length; t++) {
            float[] stepped = model.step(new int[] {prefix[0][t]})[0];
            for (int v = 0; v < VOCAB; v++) {
                assertEquals(Math.log(whole.getDouble(0, v, t)), stepped[v], 1e-4, "step " + t + " token " + v);
            }
        }

        // reversing: output step t attends to source step LENGTH - 1 - t
        INDArray alpha = AttentionDecoder.weights(graph, "dec_", new INDArray[] {oneHot(new int[][] {src}), oneHot(prefix)}, null, null);
        for (int t = 0; t < LENGTH; t++) {
            assertTrue(alpha.getDouble(0, t, LENGTH - 1 - t) > 0.5, "step " + t + " attends " + alpha.slice(0).getRow(t));
        }
        double accuracy = correct / (double) (test.length * LENGTH);
        double beamAccuracy = beamCorrect / (double) (test.length * LENGTH);
        assertTrue(accuracy > 0.9, "greedy token accuracy " + accuracy);
        assertTrue(beamAccuracy >= accuracy - 0.05, "beam " + beamAccuracy + " vs greedy " + accuracy);
    }

    private static int matches(int[] src, List<Integer> decoded) {
        List<Integer> expected = new ArrayList<>();
        for (int t = LENGTH - 1; t >= 0; t--) {
            expected.add(src[t]);
        }
        int ok = 0;
        for (int t = 0; t < LENGTH && t < decoded.size(); t++) {
            ok += expected.get(t).equals(decoded.get(t)) ? 1 : 0;
        }
        return ok;
    }
}
