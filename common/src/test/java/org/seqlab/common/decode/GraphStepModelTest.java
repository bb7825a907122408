package org.seqlab.common.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.rnn.DuplicateToTimeSeriesVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.seqlab.common.rnn.FusedLstm;
import org.seqlab.common.rnn.SoftmaxOutput;

/**
 * Stepping a captioning-shaped graph (a fixed input through a dense layer, repeated over the steps beside the
 * embedded token, a fused LSTM, a softmax) must give, row by row and step by step, what the whole graph computes
 * over each row's prefix, also after beam reordering; the one-step output layer must compute DL4J's layer.
 */
class GraphStepModelTest {
    private static final int FEATURES = 6;
    private static final int VOCABULARY = 37;

    private static ComputationGraph captioner() {
        return captioner(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                .nIn(20).nOut(VOCABULARY).build());
    }

    private static ComputationGraph captioner(org.deeplearning4j.nn.conf.layers.Layer output) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.FLOAT)
                .graphBuilder()
                .addInputs("image", "tokens")
                .setInputTypes(InputType.feedForward(FEATURES), InputType.recurrent(VOCABULARY))
                .addLayer("feature", new DenseLayer.Builder().nOut(8).activation(Activation.RELU).build(), "image")
                .addVertex("feature_steps", new DuplicateToTimeSeriesVertex("tokens"), "feature")
                .addLayer("embed", new EmbeddingSequenceLayer.Builder().nIn(VOCABULARY).nOut(5).build(), "tokens")
                .addVertex("decoder_in", new MergeVertex(), "embed", "feature_steps")
                .addLayer("decoder", new FusedLstm(13, 20), "decoder_in")
                .addLayer("out", output, "decoder")
                .setOutputs("out")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }

    /** log p(next token | image, prefix) over the whole prefix, from the graph's own output. */
    private static float[] wholePrefix(ComputationGraph graph, INDArray image, int[] prefix) {
        INDArray tokens = Nd4j.create(DataType.FLOAT, 1, 1, prefix.length);
        for (int t = 0; t < prefix.length; t++) {
            tokens.putScalar(0, 0, t, prefix[t]);
        }
        INDArray p = graph.output(false, image, tokens)[0];
        float[] out = new float[VOCABULARY];
        for (int v = 0; v < VOCABULARY; v++) {
            out[v] = (float) Math.log(p.getDouble(0, v, prefix.length - 1));
        }
        return out;
    }

    @Test
    void stepsMatchTheWholeGraphAcrossBeamReordering() {
        Nd4j.getRandom().setSeed(9);
        ComputationGraph graph = captioner();
        INDArray image = Nd4j.rand(DataType.FLOAT, 1, FEATURES);
        GraphStepModel model = new GraphStepModel(graph, new INDArray[] {image}, VOCABULARY, TokenInput.INDEX);
        // twice: the second decoding reuses the fixed activations and the rows repeated for the first
        for (int run = 0; run < 2; run++) {
            model.start(2);
            model.step(new int[] {2, 2});
            model.step(new int[] {7, 30});
            model.select(new int[] {1, 0, 1});
            float[][] third = model.step(new int[] {4, 11, 36});
            int[][] prefixes = {{2, 30, 4}, {2, 7, 11}, {2, 30, 36}};
            for (int row = 0; row < prefixes.length; row++) {
                float[] expected = wholePrefix(graph, image, prefixes[row]);
                for (int v = 0; v < VOCABULARY; v++) {
                    assertEquals(expected[v], third[row][v], 1e-5, "run " + run + " row " + row + " token " + v);
                }
            }
        }
    }

    @Test
    void oneStepOutputLayerComputesDl4jsLayer() {
        Nd4j.getRandom().setSeed(10);
        oneStepOutputComputesTheLayer(captioner());
        oneStepOutputComputesTheLayer(captioner(SoftmaxOutput.sparse(20, VOCABULARY)));
    }

    private static void oneStepOutputComputesTheLayer(ComputationGraph graph) {
        // a bias moved off its initial zeros, so that adding it counts
        INDArray bias = graph.getLayer("out").getParam("b");
        bias.addi(Nd4j.rand(DataType.FLOAT, bias.shape()));
        LayerWorkspaceMgr none = LayerWorkspaceMgr.noWorkspaces();
        // a fused LSTM's output layout ([h][T][rows] viewed as [rows, h, 1]) and a plain row-major one
        INDArray featureMajor = Nd4j.rand(DataType.FLOAT, 20, 1, 3).permute(2, 0, 1);
        INDArray rowMajor = Nd4j.rand(DataType.FLOAT, 3, 20, 1);
        for (INDArray input : new INDArray[] {featureMajor, rowMajor}) {
            assertTrue(OutputStep.applies(graph.getVertex("out"), input));
            INDArray expected = graph.getLayer("out").activate(input, false, none);
            INDArray actual = OutputStep.activate(graph.getVertex("out"), input);
            assertTrue(expected.equalsWithEps(actual, 1e-6), "max difference " + expected.sub(actual).amaxNumber());
        }
        assertFalse(OutputStep.applies(graph.getVertex("out"), Nd4j.rand(DataType.FLOAT, 3, 20, 2)), "two steps");
        assertFalse(OutputStep.applies(graph.getVertex("decoder"), rowMajor), "not an output layer");
    }
}
