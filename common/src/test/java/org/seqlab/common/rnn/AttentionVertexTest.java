package org.seqlab.common.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.seqlab.common.testing.DoublePrecision;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

@ExtendWith(DoublePrecision.class)
class AttentionVertexTest {
    static ComputationGraph encoderDecoder(AttentionVertex.Score score) {
        return encoderDecoder(score, 3);
    }

    static ComputationGraph encoderDecoder(AttentionVertex.Score score, int hidden) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(21).dataType(DataType.DOUBLE)
                .updater(new NoOp()).graphBuilder()
                .addInputs("src", "tgt")
                .setInputTypes(InputType.recurrent(2), InputType.recurrent(3))
                .addLayer("enc", new GRU.Builder().nOut(hidden).build(), "src")
                .addLayer("dec", new GRU.Builder().nOut(hidden).build(), "tgt")
                .addVertex("att", new AttentionVertex(score, hidden, hidden, hidden + 1), "dec", "enc")
                .addVertex("merge", new MergeVertex(), "dec", "att")
                .addLayer("out", new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .activation(Activation.SOFTMAX).nOut(2).build(), "merge")
                .setOutputs("out")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }

    private static final INDArray SRC_MASK = Nd4j.create(new double[][] {{1, 1, 1, 1}, {1, 1, 0, 0}});
    private static final INDArray TGT_MASK = Nd4j.create(new double[][] {{1, 1, 1}, {1, 1, 0}});

    @Test
    void everyScorePassesGradientChecksWithMasks() {
        for (AttentionVertex.Score score : AttentionVertex.Score.values()) {
            Nd4j.getRandom().setSeed(8);
            ComputationGraph graph = encoderDecoder(score, 2);
            INDArray src = Nd4j.rand(DataType.DOUBLE, 2, 2, 4).subi(0.5);
            INDArray tgt = Nd4j.rand(DataType.DOUBLE, 2, 3, 3).subi(0.5);
            INDArray labels = GRULayerTest.oneHotLabels(2, 2, 3, 9);
            // every attention parameter and the GRU input weights, whose gradients pass through the attention
            // inputs; the GRUs' other parameters are checked in GRULayerTest
            assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph)
                    .inputs(new INDArray[] {src, tgt}).labels(new INDArray[] {labels})
                    .inputMask(new INDArray[] {SRC_MASK, TGT_MASK}).labelMask(new INDArray[] {TGT_MASK})
                    .excludeParams(Set.of("enc_RW", "enc_b", "dec_RW", "dec_b")).epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)), score.name());
        }
    }

    @Test
    void weightsAreADistributionOverRealStepsThatReproducesTheContext() throws Exception {
        Nd4j.getRandom().setSeed(9);
        ComputationGraph graph = encoderDecoder(AttentionVertex.Score.ADDITIVE);
        INDArray src = Nd4j.rand(DataType.DOUBLE, 2, 2, 4);
        INDArray tgt = Nd4j.rand(DataType.DOUBLE, 2, 3, 3);
        graph.setLayerMaskArrays(new INDArray[] {SRC_MASK, TGT_MASK}, null);
        Map<String, INDArray> acts = graph.feedForward(new INDArray[] {src, tgt}, false, true);
        AttentionVertex vertex = (AttentionVertex) graph.getConfiguration().getVertices().get("att");
        INDArray alpha = vertex.weights(graph.getVertex("att").paramTable(false), acts.get("dec"), acts.get("enc"), SRC_MASK);

        assertEquals(3, alpha.size(1));
        assertEquals(4, alpha.size(2));
        INDArray sums = alpha.sum(2);
        assertTrue(sums.equalsWithEps(Nd4j.ones(DataType.DOUBLE, 2, 3), 1e-9));
        assertEquals(0.0, alpha.get(NDArrayIndex.point(1), NDArrayIndex.all(), NDArrayIndex.interval(2, 4)).sumNumber().doubleValue(), 0.0);
        // context[b, :, i] = sum_j alpha[b, i, j] enc[b, :, j]
        for (int b = 0; b < 2; b++) {
            INDArray enc = acts.get("enc").slice(b);
            INDArray expected = enc.mmul(alpha.slice(b).transpose());
            assertTrue(expected.equalsWithEps(acts.get("att").slice(b), 1e-9));
        }

        // the same context through output() with masks, and no stale mask afterwards
        INDArray[] masks = {SRC_MASK, TGT_MASK};
        INDArray probs = graph.output(false, new INDArray[] {src, tgt}, masks, null)[0];
        graph.setLayerMaskArrays(masks, null);
        assertEquals(probs, graph.feedForward(new INDArray[] {src, tgt}, false, true).get("out"));
        graph.clearLayerMaskArrays();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(graph, bytes, false);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes.toByteArray()), false);
        assertEquals(graph.getConfiguration().toJson(), restored.getConfiguration().toJson());
        assertEquals(graph.outputSingle(src, tgt), restored.outputSingle(src, tgt));
    }
}
