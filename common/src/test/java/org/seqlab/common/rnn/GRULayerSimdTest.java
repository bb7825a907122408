package org.seqlab.common.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.common.primitives.Pair;

/**
 * The GRU layer's float32 SIMD step loops must compute what its ND4J operations compute (those are
 * gradient-checked in double precision by {@link GRULayerTest}).
 */
class GRULayerSimdTest {
    private static final double TOLERANCE = 1e-5;

    /** Two stacked GRUs (the lower one receives the upper one's input gradient) and a softmax output. */
    private static MultiLayerNetwork net(int nIn, int hidden, int classes, RNNFormat format, boolean simd, int tbptt) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(5).dataType(DataType.FLOAT).updater(new Adam(1e-2)).weightInit(WeightInit.XAVIER).list()
                .layer(new GRU.Builder().nOut(hidden).dataFormat(format).build())
                .layer(new GRU.Builder().nOut(hidden).dataFormat(format).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .dataFormat(format).nOut(classes).build())
                .setInputType(InputType.recurrent(nIn, format));
        if (tbptt > 0) {
            list.backpropType(BackpropType.TruncatedBPTT).tBPTTLength(tbptt);
        }
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        for (int i = 0; i < 2; i++) {
            GRULayer layer = (GRULayer) net.getLayer(i);
            if (simd) {
                assertNotNull(layer.simd, "surefire runs with --add-modules jdk.incubator.vector: the SIMD loops must load");
            } else {
                layer.simd = null;
            }
        }
        return net;
    }

    private static DataSet data(int batch, int nIn, int classes, int steps, RNNFormat format) {
        Nd4j.getRandom().setSeed(11);
        INDArray features = Nd4j.rand(DataType.FLOAT, batch, nIn, steps).subi(0.5).muli(2);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, batch, classes, steps);
        java.util.Random random = new java.util.Random(3);
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                labels.putScalar(b, random.nextInt(classes), t, 1.0);
            }
        }
        if (format == RNNFormat.NWC) {
            return new DataSet(features.permute(0, 2, 1).dup(), labels.permute(0, 2, 1).dup());
        }
        return new DataSet(features, labels);
    }

    private static void assertSameGradients(int nIn, int hidden, RNNFormat format) {
        assertSameGradients(3, nIn, hidden, format);
    }

    private static void assertSameGradients(int batch, int nIn, int hidden, RNNFormat format) {
        assertSameGradients(batch, nIn, hidden, 6, format);
    }

    private static void assertSameGradients(int batch, int nIn, int hidden, int steps, RNNFormat format) {
        MultiLayerNetwork simd = net(nIn, hidden, 4, format, true, 0);
        MultiLayerNetwork nd4j = net(nIn, hidden, 4, format, false, 0);
        nd4j.setParams(simd.params().dup());
        DataSet data = data(batch, nIn, 4, steps, format);
        assertTrue(simd.output(data.getFeatures()).equalsWithEps(nd4j.output(data.getFeatures()), TOLERANCE),
                "outputs differ");
        for (MultiLayerNetwork net : new MultiLayerNetwork[] {simd, nd4j}) {
            net.setInput(data.getFeatures());
            net.setLabels(data.getLabels());
            net.computeGradientAndScore();
        }
        assertEquals(nd4j.score(), simd.score(), TOLERANCE);
        Gradient expected = nd4j.gradient();
        Gradient actual = simd.gradient();
        for (String key : expected.gradientForVariable().keySet()) {
            INDArray e = expected.getGradientFor(key);
            INDArray a = actual.getGradientFor(key);
            assertTrue(e.equalsWithEps(a, TOLERANCE), "gradient of " + key + " differs: max abs difference "
                    + e.sub(a).amaxNumber());
        }
    }

    /** From {@link StepProduct#MIN_STEPS} steps on, the loops multiply by weights packed once (on two threads too). */
    @Test
    void sameOutputsAndGradientsWithPackedWeights() {
        int steps = StepProduct.MIN_STEPS + 4;
        assertSameGradients(5, 3, 37, steps, RNNFormat.NCW);
        assertTrue(StepThreads.enable(2));
        try {
            assertSameGradients(17, 3, 37, steps, RNNFormat.NCW);
        } finally {
            StepThreads.disable();
        }
    }

    @Test
    void sameOutputsAndGradientsOnFullRegistersAndTail() {
        // 37 units: two 16-float registers and a scalar tail (AVX-512); 5 units: the tail only
        assertSameGradients(3, 37, RNNFormat.NCW);
        assertSameGradients(4, 5, RNNFormat.NCW);
    }

    /**
     * The float32 network (SIMD loops, feature-major outputs between layers) against the same network in
     * double precision (ND4J operations, time-major outputs), whose gradients {@link GRULayerTest} checks.
     */
    @Test
    void float32PathMatchesDoublePrecisionPath() {
        MultiLayerNetwork simd = net(3, 19, 4, RNNFormat.NCW, true, 0);
        MultiLayerNetwork dbl = simd.convertDataType(DataType.DOUBLE);
        DataSet data = data(3, 3, 4, 6, RNNFormat.NCW);
        INDArray expected = dbl.output(data.getFeatures().castTo(DataType.DOUBLE));
        assertTrue(expected.castTo(DataType.FLOAT).equalsWithEps(simd.output(data.getFeatures()), TOLERANCE),
                "outputs differ");
        simd.setInput(data.getFeatures());
        simd.setLabels(data.getLabels());
        simd.computeGradientAndScore();
        dbl.setInput(data.getFeatures().castTo(DataType.DOUBLE));
        dbl.setLabels(data.getLabels().castTo(DataType.DOUBLE));
        dbl.computeGradientAndScore();
        assertEquals(dbl.score(), simd.score(), 1e-4);
        for (String key : dbl.gradient().gradientForVariable().keySet()) {
            INDArray e = dbl.gradient().getGradientFor(key).castTo(DataType.FLOAT);
            INDArray a = simd.gradient().getGradientFor(key);
            assertTrue(e.equalsWithEps(a, 1e-4), "gradient of " + key + " differs: max abs difference "
                    + e.sub(a).amaxNumber());
        }
    }

    /** Each share of the batch runs its loops over time on a thread of its own: 21 rows are shares of 10 and 11. */
    @Test
    void sameGradientsWithTheBatchSplitAcrossThreads() {
        assertTrue(StepThreads.enable(2), "OpenBLAS on the host: the split must turn on");
        try {
            assertEquals(2, StepThreads.shares(21).size());
            assertSameGradients(21, 5, 37, RNNFormat.NCW);
            assertSameGradients(16, 3, 20, RNNFormat.NWC);
            assertTrainsLikeTheNd4jPath(16);
        } finally {
            StepThreads.disable();
        }
    }

    @Test
    void sameGradientsInNwcFormat() {
        assertSameGradients(3, 20, RNNFormat.NWC);
    }

    @Test
    void trainsLikeTheNd4jPathUnderTruncatedBptt() {
        assertTrainsLikeTheNd4jPath(2);
    }

    private static void assertTrainsLikeTheNd4jPath(int batch) {
        MultiLayerNetwork simd = net(3, 18, 4, RNNFormat.NCW, true, 3);
        MultiLayerNetwork nd4j = net(3, 18, 4, RNNFormat.NCW, false, 3);
        nd4j.setParams(simd.params().dup());
        DataSet data = data(batch, 3, 4, 8, RNNFormat.NCW);
        for (int i = 0; i < 3; i++) {
            simd.fit(data);
            nd4j.fit(data);
        }
        assertTrue(simd.params().equalsWithEps(nd4j.params(), 1e-4), "parameters diverged");
    }

    @Test
    void stepByStepMatchesWholeSequence() {
        MultiLayerNetwork net = net(3, 21, 4, RNNFormat.NCW, true, 0);
        INDArray features = data(2, 3, 4, 5, RNNFormat.NCW).getFeatures();
        INDArray whole = net.output(features);
        net.rnnClearPreviousState();
        for (int t = 0; t < 5; t++) {
            INDArray out = net.rnnTimeStep(features.get(all(), all(), interval(t, t + 1)));
            INDArray expected = whole.get(all(), all(), interval(t, t + 1));
            assertTrue(expected.equalsWithEps(out.reshape(expected.shape()), TOLERANCE), "step " + t);
        }
    }

    @Test
    void aTruncatedBpttSegmentBackpropsFromItsKeptPassAsFromARecomputedOne() {
        for (boolean simd : new boolean[] {true, false}) {
            MultiLayerNetwork net = net(3, 12, 4, RNNFormat.NCW, simd, 0);
            net.initGradientsView();
            GRULayer layer = (GRULayer) net.getLayer(0);
            INDArray x = data(2, 3, 4, 6, RNNFormat.NCW).getFeatures();
            INDArray state = Nd4j.rand(DataType.FLOAT, 2, 12).subi(0.5);
            INDArray epsilon = Nd4j.rand(DataType.FLOAT, 2, 12, 6).subi(0.5);
            LayerWorkspaceMgr ws = LayerWorkspaceMgr.noWorkspaces();

            // the training pass from the stored state is kept, and its backprop uses it
            layer.rnnSetTBPTTState(java.util.Map.of(GRULayer.STATE_KEY, state.dup()));
            INDArray keptOut = layer.rnnActivateUsingStoredState(x, true, true, ws).dup();
            Pair<Gradient, INDArray> kept = layer.tbpttBackpropGradient(epsilon, -1, ws);
            INDArray keptGradient = layer.getGradientsViewArray().dup();
            INDArray keptEpsilon = kept.getSecond().dup();

            // an inference pass keeps nothing: the backprop recomputes the forward pass from the same start
            layer.rnnSetTBPTTState(java.util.Map.of(GRULayer.STATE_KEY, state.dup()));
            INDArray out = layer.rnnActivateUsingStoredState(x, false, false, ws);
            Pair<Gradient, INDArray> recomputed = layer.tbpttBackpropGradient(epsilon, -1, ws);

            assertTrue(keptOut.equalsWithEps(out, TOLERANCE), "outputs, simd " + simd);
            assertTrue(keptGradient.equalsWithEps(layer.getGradientsViewArray(), TOLERANCE), "parameter gradients, simd " + simd);
            assertTrue(keptEpsilon.equalsWithEps(recomputed.getSecond(), TOLERANCE), "input gradients, simd " + simd);
            assertTrue(keptGradient.norm2Number().doubleValue() > 0, "a gradient at all");
        }
    }
}
