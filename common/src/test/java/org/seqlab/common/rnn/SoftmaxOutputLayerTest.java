package org.seqlab.common.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.function.IntBinaryOperator;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossSparseMCXENT;

/**
 * The fused output layer must give DL4J's gradients and score (an LSTM below it checks the input gradient), on
 * its SIMD and ND4J paths, with and without a label mask.
 */
class SoftmaxOutputLayerTest {
    private static final int FEATURES = 6;
    private static final int HIDDEN = 8;
    private static final int CLASSES = 37;
    private static final int BATCH = 5;
    private static final int STEPS = 7;

    private static MultiLayerNetwork net(Layer output) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.FLOAT)
                .updater(new Adam(1e-2)).weightInit(WeightInit.XAVIER).list()
                .layer(new LSTM.Builder().nOut(HIDDEN).activation(Activation.TANH).build())
                .layer(output)
                .setInputType(InputType.recurrent(FEATURES, RNNFormat.NCW)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static MultiLayerNetwork dl4j() {
        return net(new RnnOutputLayer.Builder(new LossSparseMCXENT()).activation(Activation.SOFTMAX).nOut(CLASSES)
                .dataFormat(RNNFormat.NCW).build());
    }

    private static MultiLayerNetwork fused(boolean simd) {
        return fused(simd, 0);
    }

    private static MultiLayerNetwork fused(boolean simd, double smoothing) {
        SoftmaxOutput output = SoftmaxOutput.sparse(HIDDEN, CLASSES);
        output.setLabelSmoothing(smoothing);
        MultiLayerNetwork net = net(output);
        SoftmaxOutputLayer layer = (SoftmaxOutputLayer) net.getLayer(1);
        if (!simd) {
            layer.simd = null;
        }
        assertTrue(!simd || layer.simd != null, "the Vector API loop should load in the tests' JVM");
        return net;
    }

    /** Class ids [BATCH, 1, STEPS] from (row, step). */
    private static INDArray labels(IntBinaryOperator label) {
        INDArray labels = Nd4j.createUninitialized(DataType.FLOAT, BATCH, 1, STEPS);
        for (int b = 0; b < BATCH; b++) {
            for (int t = 0; t < STEPS; t++) {
                labels.putScalar(b, 0, t, label.applyAsInt(b, t));
            }
        }
        return labels;
    }

    /** Score and flattened gradient of one forward/backward pass. */
    private static double[] pass(MultiLayerNetwork net, INDArray params, INDArray input, INDArray labels, INDArray mask) {
        net.setParams(params.dup());
        net.setInput(input);
        net.setLabels(labels);
        net.setLayerMaskArrays(null, mask);
        net.computeGradientAndScore();
        double[] gradient = net.gradient().gradient().toDoubleVector();
        double[] out = new double[gradient.length + 1];
        out[0] = net.score();
        System.arraycopy(gradient, 0, out, 1, gradient.length);
        net.clearLayerMaskArrays();
        return out;
    }

    private static void assertSame(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        assertEquals(expected[0], actual[0], 1e-5 * Math.abs(expected[0]), what + ": score");
        double scale = 0;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 1; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 2e-6 * scale + 1e-7, what + ": gradient " + (i - 1));
        }
    }

    @Test
    void fusedPassesGiveDl4jsScoreAndGradientsWithAndWithoutAMask() {
        Nd4j.getRandom().setSeed(11);
        INDArray input = Nd4j.randn(DataType.FLOAT, BATCH, FEATURES, STEPS);
        INDArray labels = labels((b, t) -> (7 * b + 3 * t) % CLASSES);
        INDArray mask = Nd4j.ones(DataType.FLOAT, BATCH, STEPS);
        for (int b = 0; b < BATCH; b++) {
            for (int t = STEPS - b; t < STEPS; t++) {
                mask.putScalar(b, t, 0f);
            }
        }
        MultiLayerNetwork reference = dl4j();
        INDArray params = reference.params().dup();
        for (INDArray m : new INDArray[] {null, mask}) {
            double[] expected = pass(reference, params, input, labels, m);
            String masked = m == null ? "unmasked" : "masked";
            assertSame(expected, pass(fused(true), params, input, labels, m), "SIMD, " + masked);
            assertSame(expected, pass(fused(false), params, input, labels, m), "ND4J, " + masked);
        }
    }

    @Test
    void labelSmoothingGivesDl4jsCrossEntropyWithSmoothedTargets() {
        double smoothing = 0.1;
        Nd4j.getRandom().setSeed(12);
        INDArray input = Nd4j.randn(DataType.FLOAT, BATCH, FEATURES, STEPS);
        IntBinaryOperator label = (b, t) -> (5 * b + 2 * t) % CLASSES;
        INDArray labels = labels(label);
        // DL4J's dense cross-entropy reads soft targets: (1 - e) one-hot + e / classes
        INDArray soft = Nd4j.valueArrayOf(new long[] {BATCH, CLASSES, STEPS}, smoothing / CLASSES, DataType.FLOAT);
        for (int b = 0; b < BATCH; b++) {
            for (int t = 0; t < STEPS; t++) {
                soft.putScalar(b, label.applyAsInt(b, t), t, 1 - smoothing + smoothing / CLASSES);
            }
        }
        INDArray mask = Nd4j.ones(DataType.FLOAT, BATCH, STEPS);
        mask.putScalar(1, STEPS - 1, 0f);
        mask.putScalar(3, STEPS - 2, 0f);
        mask.putScalar(3, STEPS - 1, 0f);
        MultiLayerNetwork reference = net(new RnnOutputLayer.Builder(new LossMCXENT()).activation(Activation.SOFTMAX)
                .nOut(CLASSES).dataFormat(RNNFormat.NCW).build());
        INDArray params = reference.params().dup();
        for (INDArray m : new INDArray[] {null, mask}) {
            double[] expected = pass(reference, params, input, soft, m);
            String masked = m == null ? "unmasked" : "masked";
            assertSame(expected, pass(fused(true, smoothing), params, input, labels, m), "SIMD, " + masked);
            assertSame(expected, pass(fused(false, smoothing), params, input, labels, m), "ND4J, " + masked);
            assertTrue(Math.abs(expected[0] - pass(fused(true), params, input, labels, m)[0]) > 1e-3,
                    "smoothing changes the loss");
        }
        assertThrows(IllegalArgumentException.class, () -> SoftmaxOutput.sparse(HIDDEN, CLASSES).setLabelSmoothing(1));
    }

    @Test
    void predictionsEqualDl4jsForAFewRowsAndForMany() {
        Nd4j.getRandom().setSeed(13);
        MultiLayerNetwork reference = dl4j();
        MultiLayerNetwork fused = fused(true);
        fused.setParams(reference.params().dup());
        // 5 rows x 1 step (a beam's decoding step), 3 x 2, and 5 x 7
        for (long[] shape : new long[][] {{5, FEATURES, 1}, {3, FEATURES, 2}, {BATCH, FEATURES, STEPS}}) {
            INDArray input = Nd4j.randn(DataType.FLOAT, shape);
            INDArray expected = reference.output(input);
            INDArray actual = fused.output(input);
            assertEquals(0, expected.sub(actual).amaxNumber().doubleValue(), 1e-6, Arrays.toString(shape));
        }
    }

    @Test
    void trainingLowersTheLossAsDl4jDoes() {
        Nd4j.getRandom().setSeed(12);
        INDArray input = Nd4j.randn(DataType.FLOAT, BATCH, FEATURES, STEPS);
        INDArray labels = labels((b, t) -> (b + t) % 4);
        MultiLayerNetwork reference = dl4j();
        MultiLayerNetwork fused = fused(true);
        fused.setParams(reference.params().dup());
        double first = 0;
        for (int i = 0; i < 30; i++) {
            reference.fit(input, labels);
            fused.fit(input, labels);
            if (i == 0) {
                first = fused.score();
            }
            assertEquals(reference.score(), fused.score(), 1e-4 * Math.abs(reference.score()), "step " + i);
        }
        assertTrue(fused.score() < 0.7 * first, "loss " + first + " -> " + fused.score());
    }

    @Test
    void configurationSurvivesJsonAndLabelsOutsideTheVocabularyAreRejected() {
        MultiLayerNetwork net = fused(true, 0.25);
        MultiLayerConfiguration copy = MultiLayerConfiguration.fromJson(net.getLayerWiseConfigurations().toJson());
        Layer output = copy.getConf(1).getLayer();
        assertInstanceOf(SoftmaxOutput.class, output);
        assertInstanceOf(LossSparseMCXENT.class, ((SoftmaxOutput) output).getLossFn());
        assertEquals(CLASSES, ((SoftmaxOutput) output).getNOut());
        assertEquals(0.25, ((SoftmaxOutput) output).getLabelSmoothing());
        MultiLayerNetwork restored = new MultiLayerNetwork(copy);
        restored.init();
        assertNotNull(restored.getLayer(1));
        assertInstanceOf(SoftmaxOutputLayer.class, restored.getLayer(1));

        INDArray input = Nd4j.randn(DataType.FLOAT, 2, FEATURES, 3);
        INDArray labels = Nd4j.valueArrayOf(new long[] {2, 1, 3}, CLASSES, DataType.FLOAT);
        restored.setInput(input);
        restored.setLabels(labels);
        assertThrows(IllegalArgumentException.class, restored::computeGradientAndScore);
    }
}
