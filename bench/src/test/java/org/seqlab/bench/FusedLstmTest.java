package org.seqlab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.seqlab.common.rnn.CellType;
import org.seqlab.common.rnn.FusedLstm;
import org.seqlab.common.rnn.FusedLstmLayer;

/**
 * The fused LSTM must compute what DL4J's LSTM computes, given the same parameters. It runs in float32
 * only (other types fall back to DL4J's code), so the comparisons allow float rounding.
 */
class FusedLstmTest {
    /** Float32 rounding; a wrong formula or index gives differences of order 1e-2. */
    private static final double TOLERANCE = 1e-5;

    private static MultiLayerNetwork[] twins(int hidden, int layers, int vocab) {
        MultiLayerNetwork reference = BenchNetworks.build(
                new BenchShape(CellType.LSTM, Impl.DL4J, hidden, layers, 1, 1, vocab), 7);
        MultiLayerNetwork fused = BenchNetworks.build(
                new BenchShape(CellType.LSTM, Impl.FUSED, hidden, layers, 1, 1, vocab), 8);
        fused.setParams(reference.params().dup());
        assertTrue(fused.getLayer(0) instanceof FusedLstmLayer, "the fused network must use the fused layer");
        return new MultiLayerNetwork[] {reference, fused};
    }

    private static DataSet batch(int batch, int vocab, int seq) {
        return TrainingBench.languageModelBatch(batch, vocab, seq, new Random(3));
    }

    @Test
    void sameOutputsAndGradientsAsDl4jLstm() {
        sameOutputsAndGradients(6, 5);
    }

    /** 37 units: two full 16-float SIMD registers of the vectorised step loops and a scalar tail. */
    @Test
    void sameOutputsAndGradientsAsDl4jLstmBeyondOneSimdRegister() {
        sameOutputsAndGradients(37, 11);
    }

    private static void sameOutputsAndGradients(int hidden, int vocab) {
        MultiLayerNetwork[] nets = twins(hidden, 2, vocab);
        DataSet data = batch(3, vocab, 7);
        INDArray expected = nets[0].output(data.getFeatures());
        INDArray actual = nets[1].output(data.getFeatures());
        assertTrue(expected.equalsWithEps(actual, TOLERANCE), "outputs differ");

        for (MultiLayerNetwork net : nets) {
            net.setInput(data.getFeatures());
            net.setLabels(data.getLabels());
            net.computeGradientAndScore();
        }
        assertEquals(nets[0].score(), nets[1].score(), TOLERANCE);
        Gradient reference = nets[0].gradient();
        Gradient fused = nets[1].gradient();
        for (String key : reference.gradientForVariable().keySet()) {
            INDArray r = reference.getGradientFor(key);
            INDArray f = fused.getGradientFor(key);
            assertTrue(r.equalsWithEps(f, TOLERANCE), "gradient of " + key + " differs: " + r + " vs " + f);
        }
    }

    /**
     * Padding must not change anything: each row of a masked batch (right padding, and the left padding
     * the backward direction of a bidirectional layer sees) gives the outputs and input gradients of its
     * unpadded sequence run alone through DL4J's LSTM, zeros at padded steps, and the parameter gradients
     * are the sum of the rows' own. (DL4J's LSTM itself fails this: with left padding it returns non-zero
     * input gradients at padded steps, whose outputs it has set to zero.)
     */
    @Test
    void paddedRowsMatchTheirUnpaddedSequences() {
        MultiLayerNetwork[] nets = twins(5, 1, 4);
        INDArray features = batch(3, 4, 6).getFeatures();
        int[][] spans = {{0, 6}, {0, 4}, {3, 6}};
        INDArray mask = Nd4j.zeros(DataType.FLOAT, 3, 6);
        for (int r = 0; r < spans.length; r++) {
            mask.get(point(r), interval(spans[r][0], spans[r][1])).assign(1);
        }
        INDArray epsilon = Nd4j.rand(DataType.FLOAT, 3, 5, 6);
        Nd4j.getExecutioner().exec(new BroadcastMulOp(epsilon, mask, epsilon, 0, 2));

        nets[1].initGradientsView();
        Layer fused = nets[1].getLayer(0);
        // the bench's first layer skips its input gradient; this test compares it
        ((FusedLstm) fused.conf().getLayer()).setInputGradientUnused(false);
        fused.setMaskArray(mask);
        INDArray output = fused.activate(features, true, LayerWorkspaceMgr.noWorkspaces()).dup();
        Pair<Gradient, INDArray> backprop = fused.backpropGradient(epsilon, LayerWorkspaceMgr.noWorkspaces());
        INDArray inputGradient = backprop.getSecond().dup();
        Map<String, INDArray> parameterGradients = new HashMap<>();
        backprop.getFirst().gradientForVariable().forEach((k, v) -> parameterGradients.put(k, v.dup()));

        Map<String, INDArray> summed = new HashMap<>();
        Layer reference = nets[0].getLayer(0);
        nets[0].initGradientsView();
        for (int r = 0; r < spans.length; r++) {
            INDArrayIndex steps = interval(spans[r][0], spans[r][1]);
            INDArray alone = reference.activate(features.get(interval(r, r, true), all(), steps).dup(), true,
                    LayerWorkspaceMgr.noWorkspaces()).dup();
            Pair<Gradient, INDArray> own = reference.backpropGradient(
                    epsilon.get(interval(r, r, true), all(), steps).dup(), LayerWorkspaceMgr.noWorkspaces());
            assertTrue(alone.equalsWithEps(output.get(interval(r, r, true), all(), steps), TOLERANCE), "outputs of row " + r);
            assertTrue(own.getSecond().equalsWithEps(inputGradient.get(interval(r, r, true), all(), steps), TOLERANCE),
                    "input gradients of row " + r);
            own.getFirst().gradientForVariable().forEach((k, v) -> summed.merge(k, v.dup(), INDArray::add));
        }
        INDArray padded = Nd4j.ones(DataType.FLOAT, 3, 6).subi(mask);
        INDArray paddedOutputs = output.dup();
        Nd4j.getExecutioner().exec(new BroadcastMulOp(paddedOutputs, padded, paddedOutputs, 0, 2));
        INDArray paddedGradients = inputGradient.dup();
        Nd4j.getExecutioner().exec(new BroadcastMulOp(paddedGradients, padded, paddedGradients, 0, 2));
        assertEquals(0.0, paddedOutputs.amaxNumber().doubleValue(), 0.0, "outputs at padded steps");
        assertEquals(0.0, paddedGradients.amaxNumber().doubleValue(), 0.0, "input gradients at padded steps");
        for (String key : summed.keySet()) {
            assertTrue(summed.get(key).equalsWithEps(parameterGradients.get(key), TOLERANCE), "gradient of " + key);
        }
    }

    @Test
    void trainsLikeDl4jLstmOverSeveralSteps() {
        MultiLayerNetwork[] nets = twins(4, 1, 3);
        DataSet data = batch(2, 3, 5);
        for (int i = 0; i < 5; i++) {
            nets[0].fit(data);
            nets[1].fit(data);
        }
        assertTrue(nets[0].params().equalsWithEps(nets[1].params(), TOLERANCE), "parameters diverged");
    }

    @Test
    void truncatedBpttTrainsLikeDl4jLstm() {
        MultiLayerNetwork[] nets = new MultiLayerNetwork[2];
        for (int n = 0; n < 2; n++) {
            MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                    .seed(7).dataType(DataType.FLOAT).updater(new Sgd(0.1)).list()
                    .layer(BenchNetworks.recurrent(CellType.LSTM, n == 0 ? Impl.DL4J : Impl.FUSED, 3, 4))
                    .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                            .activation(Activation.SOFTMAX).nIn(4).nOut(3).build())
                    .backpropType(BackpropType.TruncatedBPTT).tBPTTLength(3)
                    .build();
            nets[n] = new MultiLayerNetwork(conf);
            nets[n].init();
        }
        nets[1].setParams(nets[0].params().dup());
        DataSet data = batch(2, 3, 8);
        for (int i = 0; i < 3; i++) {
            nets[0].fit(data);
            nets[1].fit(data);
        }
        assertTrue(nets[0].params().equalsWithEps(nets[1].params(), TOLERANCE), "parameters diverged under truncated BPTT");
    }

    @Test
    void stepByStepStateMatchesWholeSequence() {
        MultiLayerNetwork[] nets = twins(5, 2, 4);
        INDArray features = batch(2, 4, 6).getFeatures();
        INDArray whole = nets[1].output(features);
        nets[1].rnnClearPreviousState();
        for (int t = 0; t < 6; t++) {
            INDArray out = nets[1].rnnTimeStep(features.get(all(), all(), interval(t, t + 1)));
            INDArray expected = whole.get(all(), all(), interval(t, t + 1));
            assertTrue(expected.equalsWithEps(out.reshape(expected.shape()), TOLERANCE), "step " + t);
        }
    }

    /**
     * The benchmark's first layer skips its input gradient (the one-hot input needs none): the parameter
     * gradients must be exactly those of the same network computing it, and asking the network for its input
     * gradient gives null rather than a wrong value.
     */
    @Test
    void skippedInputGradientLeavesParameterGradientsIdentical() {
        MultiLayerNetwork flagged = BenchNetworks.build(new BenchShape(CellType.LSTM, Impl.FUSED, 6, 2, 1, 1, 5), 8);
        assertTrue(((FusedLstm) flagged.getLayer(0).conf().getLayer()).isInputGradientUnused());
        assertTrue(!((FusedLstm) flagged.getLayer(1).conf().getLayer()).isInputGradientUnused());
        MultiLayerConfiguration conf = flagged.getLayerWiseConfigurations().clone();
        ((FusedLstm) conf.getConf(0).getLayer()).setInputGradientUnused(false);
        MultiLayerNetwork plain = new MultiLayerNetwork(conf);
        plain.init();
        plain.setParams(flagged.params().dup());

        DataSet data = batch(3, 5, 7);
        for (MultiLayerNetwork net : new MultiLayerNetwork[] {flagged, plain}) {
            net.setInput(data.getFeatures());
            net.setLabels(data.getLabels());
            net.computeGradientAndScore();
        }
        assertEquals(plain.score(), flagged.score(), 0.0);
        for (String key : plain.gradient().gradientForVariable().keySet()) {
            INDArray expected = plain.gradient().getGradientFor(key);
            INDArray actual = flagged.gradient().getGradientFor(key);
            assertEquals(0.0, expected.sub(actual).amaxNumber().doubleValue(), 0.0, "gradient of " + key);
        }
        assertNotNull(plain.calculateGradients(data.getFeatures(), data.getLabels(), null, null).getSecond());
        assertNull(flagged.calculateGradients(data.getFeatures(), data.getLabels(), null, null).getSecond());

        MultiLayerConfiguration restored = MultiLayerConfiguration.fromJson(flagged.getLayerWiseConfigurations().toJson());
        assertTrue(((FusedLstm) restored.getConf(0).getLayer()).isInputGradientUnused(), "the flag survives JSON");
    }
}
