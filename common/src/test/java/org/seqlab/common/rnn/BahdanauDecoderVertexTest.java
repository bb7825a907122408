package org.seqlab.common.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.seqlab.common.decode.GraphStepModel;
import org.seqlab.common.testing.DoublePrecision;

@ExtendWith(DoublePrecision.class)
class BahdanauDecoderVertexTest {
    private static final INDArray SRC_MASK = Nd4j.create(new double[][] {{1, 1, 1, 1}, {1, 1, 0, 0}});
    private static final INDArray TGT_MASK = Nd4j.create(new double[][] {{1, 1, 1}, {1, 1, 0}});

    /** src [2, 2, 4] -> GRU encoder (memory, K = 3); tgt [2, 3, 3] -> GRU (tokens, E = 2) -> decoder -> softmax. */
    private static ComputationGraph encoderDecoder() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(31).dataType(DataType.DOUBLE)
                .updater(new NoOp()).graphBuilder()
                .addInputs("src", "tgt")
                .setInputTypes(InputType.recurrent(2), InputType.recurrent(3))
                .addLayer("enc", new GRU.Builder().nOut(3).build(), "src")
                .addLayer("emb", new GRU.Builder().nOut(2).build(), "tgt")
                .addVertex("dec", new BahdanauDecoderVertex(2, 3, 3, 4), "emb", "enc")
                .addLayer("out", new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .activation(Activation.SOFTMAX).nOut(2).build(), "dec")
                .setOutputs("out")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }

    @Test
    void passesGradientChecksWithAndWithoutMasks() {
        Nd4j.getRandom().setSeed(12);
        ComputationGraph graph = encoderDecoder();
        INDArray src = Nd4j.rand(DataType.DOUBLE, 2, 2, 4).subi(0.5);
        INDArray tgt = Nd4j.rand(DataType.DOUBLE, 2, 3, 3).subi(0.5);
        INDArray labels = GRULayerTest.oneHotLabels(2, 2, 3, 13);
        // every decoder parameter, and the GRUs' input weights, whose gradients come through the decoder's
        // input gradients; the GRUs' other parameters are checked in GRULayerTest
        Set<String> excluded = Set.of("enc_RW", "enc_b", "emb_RW", "emb_b");
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph)
                .inputs(new INDArray[] {src, tgt}).labels(new INDArray[] {labels})
                .inputMask(new INDArray[] {SRC_MASK, TGT_MASK}).labelMask(new INDArray[] {TGT_MASK})
                .excludeParams(excluded).epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)), "masked");
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph)
                .inputs(new INDArray[] {src, tgt}).labels(new INDArray[] {labels})
                .excludeParams(excluded).epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)), "unmasked");
    }

    @Test
    void weightsIgnoreMaskedMemoryAndTheModelSurvivesSerialisation() throws Exception {
        Nd4j.getRandom().setSeed(14);
        ComputationGraph graph = encoderDecoder();
        INDArray src = Nd4j.rand(DataType.DOUBLE, 2, 2, 4);
        INDArray tgt = Nd4j.rand(DataType.DOUBLE, 2, 3, 3);
        INDArray[] masks = {SRC_MASK, TGT_MASK};
        graph.setLayerMaskArrays(masks, null);
        Map<String, INDArray> acts = graph.feedForward(new INDArray[] {src, tgt}, false, true);
        graph.clearLayerMaskArrays();
        BahdanauDecoderVertex conf = (BahdanauDecoderVertex) graph.getConfiguration().getVertices().get("dec");
        INDArray alpha = conf.weights(graph.getVertex("dec").paramTable(false), acts.get("emb"), acts.get("enc"), SRC_MASK, TGT_MASK);

        assertEquals(3, alpha.size(1));
        assertEquals(4, alpha.size(2));
        assertTrue(alpha.sum(2).equalsWithEps(Nd4j.ones(DataType.DOUBLE, 2, 3), 1e-9));
        assertEquals(0.0, alpha.get(NDArrayIndex.point(1), NDArrayIndex.all(), NDArrayIndex.interval(2, 4)).sumNumber().doubleValue(), 0.0);
        // the context half of the output is the alpha-weighted memory; the masked target step is zero
        INDArray dec = acts.get("dec");
        for (int b = 0; b < 2; b++) {
            long realSteps = TGT_MASK.getRow(b).sumNumber().longValue();
            INDArray expected = acts.get("enc").slice(b).mmul(alpha.slice(b).transpose());
            INDArray context = dec.slice(b).get(NDArrayIndex.interval(3, 6), NDArrayIndex.all());
            assertTrue(expected.get(NDArrayIndex.all(), NDArrayIndex.interval(0, realSteps))
                    .equalsWithEps(context.get(NDArrayIndex.all(), NDArrayIndex.interval(0, realSteps)), 1e-9));
        }
        assertEquals(0.0, dec.get(NDArrayIndex.point(1), NDArrayIndex.all(), NDArrayIndex.point(2)).sumNumber().doubleValue(), 0.0);

        // masked memory steps change nothing; the stale masks do not leak into an unmasked call
        INDArray probs = graph.output(false, new INDArray[] {src, tgt}, masks, null)[0];
        INDArray noise = src.dup();
        noise.get(NDArrayIndex.point(1), NDArrayIndex.all(), NDArrayIndex.interval(2, 4)).assign(5.0);
        assertTrue(probs.equalsWithEps(graph.output(false, new INDArray[] {noise, tgt}, masks, null)[0], 1e-12));
        assertTrue(!graph.outputSingle(src, tgt).equalsWithEps(graph.outputSingle(noise, tgt), 1e-6));

        ComputationGraphConfiguration fromJson = ComputationGraphConfiguration.fromJson(graph.getConfiguration().toJson());
        assertEquals(graph.getConfiguration(), fromJson);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(graph, bytes, false);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes.toByteArray()), false);
        assertEquals(graph.getConfiguration().toJson(), restored.getConfiguration().toJson());
        assertEquals(graph.outputSingle(src, tgt), restored.outputSingle(src, tgt));
        assertEquals(probs, restored.output(false, new INDArray[] {src, tgt}, masks, null)[0]);
    }

    @Test
    void steppingCarriesTheStateAndFollowsBeamReordering() {
        Nd4j.getRandom().setSeed(16);
        ComputationGraph graph = oneHotDecoder();
        INDArray src = Nd4j.rand(DataType.DOUBLE, 1, 2, 4);
        GraphStepModel model = new GraphStepModel(graph, new INDArray[] {src}, 3);
        model.start(2);
        model.step(new int[] {0, 2});
        // beam search keeps row 1 twice and row 0 once, then extends each
        model.select(new int[] {1, 0, 1});
        float[][] stepped = model.step(new int[] {1, 0, 2});
        int[][] prefixes = {{2, 1}, {0, 0}, {2, 2}};
        for (int row = 0; row < prefixes.length; row++) {
            INDArray whole = graph.outputSingle(src, oneHot(prefixes[row]));
            for (int v = 0; v < 3; v++) {
                assertEquals(Math.log(whole.getDouble(0, v, 1)), stepped[row][v], 1e-6, "row " + row + " token " + v);
            }
        }
    }

    @Test
    void additiveScoreDefaultsToBahdanauWhichNeedsOneGruLayer() {
        RecurrentStack.Spec gru = new RecurrentStack.Spec(CellType.GRU, 4, 1, 0, false, Bidirectional.Mode.CONCAT);
        ComputationGraphConfiguration.GraphBuilder builder = new NeuralNetConfiguration.Builder().graphBuilder()
                .addInputs("src", "tgt");
        AttentionDecoder.addTo(builder, "a_", "tgt", 3, "src", 2, gru, AttentionVertex.Score.ADDITIVE, 4, 3);
        AttentionDecoder.addTo(builder, "g_", "tgt", 3, "src", 2, gru, AttentionVertex.Score.GENERAL, 4, 3);
        assertTrue(builder.getVertices().get("a_att") instanceof BahdanauDecoderVertex);
        assertTrue(builder.getVertices().get("g_att") instanceof AttentionVertex);
        assertTrue(builder.getVertices().containsKey("g_rnn0"));

        RecurrentStack.Spec lstm = new RecurrentStack.Spec(CellType.LSTM, 4, 1, 0, false, Bidirectional.Mode.CONCAT);
        RecurrentStack.Spec twoLayers = new RecurrentStack.Spec(CellType.GRU, 4, 2, 0, false, Bidirectional.Mode.CONCAT);
        for (RecurrentStack.Spec spec : new RecurrentStack.Spec[] {lstm, twoLayers}) {
            assertThrows(IllegalArgumentException.class, () -> AttentionDecoder.addTo(builder, "x_", "tgt", 3, "src", 2,
                    spec, AttentionDecoder.Arrangement.BAHDANAU, AttentionVertex.Score.ADDITIVE, 4, 3));
        }
        assertThrows(IllegalArgumentException.class, () -> AttentionDecoder.addTo(builder, "x_", "tgt", 3, "src", 2,
                gru, AttentionDecoder.Arrangement.BAHDANAU, AttentionVertex.Score.DOT, 4, 3));
    }

    /** Token one-hots (3 symbols) straight into the decoder, as {@link GraphStepModel} feeds them. */
    private static ComputationGraph oneHotDecoder() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(33).dataType(DataType.DOUBLE)
                .updater(new NoOp()).graphBuilder()
                .addInputs("src", "tgt")
                .setInputTypes(InputType.recurrent(2), InputType.recurrent(3))
                .addLayer("enc", new GRU.Builder().nOut(3).build(), "src")
                .addVertex("dec", new BahdanauDecoderVertex(3, 3, 4, 4), "tgt", "enc")
                .addLayer("out", new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .activation(Activation.SOFTMAX).nOut(3).build(), "dec")
                .setOutputs("out")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }

    private static INDArray oneHot(int[] tokens) {
        INDArray a = Nd4j.zeros(DataType.DOUBLE, 1, 3, tokens.length);
        for (int t = 0; t < tokens.length; t++) {
            a.putScalar(0, tokens[t], t, 1.0);
        }
        return a;
    }
}
