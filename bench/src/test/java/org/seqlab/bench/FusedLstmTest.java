package org.seqlab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

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
import org.nd4j.linalg.factory.Nd4j;
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
     * With a mask the fused layer hands over to DL4J's code (networks in DL4J M2.1 do not pass feature
     * masks to an LSTM layer, not even inside Bidirectional; a mask set on the layer itself is rare), and
     * the result must be DL4J's, layer against layer.
     */
    @Test
    @SuppressWarnings("unchecked")
    void maskedLayerMatchesDl4jLstm() {
        MultiLayerNetwork[] nets = twins(5, 1, 4);
        INDArray features = batch(3, 4, 6).getFeatures();
        // right padding of different lengths, and one gap inside a sequence
        INDArray mask = Nd4j.createFromArray(new float[][] {
                {1, 1, 1, 1, 1, 1}, {1, 1, 1, 1, 0, 0}, {1, 0, 1, 1, 1, 0}});
        INDArray epsilon = Nd4j.rand(DataType.FLOAT, 3, 5, 6);
        INDArray[] outputs = new INDArray[2];
        Pair<Gradient, INDArray>[] backprop = new Pair[2];
        for (int n = 0; n < 2; n++) {
            nets[n].initGradientsView();
            Layer layer = nets[n].getLayer(0);
            layer.setMaskArray(mask);
            outputs[n] = layer.activate(features, true, LayerWorkspaceMgr.noWorkspaces()).dup();
            backprop[n] = layer.backpropGradient(epsilon, LayerWorkspaceMgr.noWorkspaces());
        }
        assertTrue(outputs[0].equalsWithEps(outputs[1], TOLERANCE), "masked outputs differ");
        assertTrue(backprop[0].getSecond().equalsWithEps(backprop[1].getSecond(), TOLERANCE), "input gradients differ");
        for (String key : backprop[0].getFirst().gradientForVariable().keySet()) {
            assertTrue(backprop[0].getFirst().getGradientFor(key).equalsWithEps(backprop[1].getFirst().getGradientFor(key),
                    TOLERANCE), "gradient of " + key + " differs with a mask");
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
