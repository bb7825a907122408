package org.seqlab.common.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
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
class GRULayerTest {
    static MultiLayerNetwork net(org.deeplearning4j.nn.conf.layers.Layer recurrent, int nIn, int nOut, RNNFormat format) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(12345).dataType(DataType.DOUBLE).updater(new NoOp()).weightInit(WeightInit.XAVIER)
                .list()
                .layer(recurrent)
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .dataFormat(format).nOut(nOut).build())
                .setInputType(InputType.recurrent(nIn, format))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    static INDArray oneHotLabels(int batch, int classes, int steps, long seed) {
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, batch, classes, steps);
        java.util.Random random = new java.util.Random(seed);
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                labels.putScalar(b, random.nextInt(classes), t, 1.0);
            }
        }
        return labels;
    }

    private static boolean check(MultiLayerNetwork net, INDArray in, INDArray labels, INDArray mask) {
        return GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(in).labels(labels)
                .inputMask(mask).labelMask(mask).epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
    }

    @Test
    void gradientsMatchFiniteDifferencesWithMask() {
        Nd4j.getRandom().setSeed(1);
        MultiLayerNetwork net = net(new GRU.Builder().nOut(4).build(), 3, 2, RNNFormat.NCW);
        INDArray in = Nd4j.rand(DataType.DOUBLE, 2, 3, 5).subi(0.5);
        INDArray mask = Nd4j.create(new double[][] {{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}});
        assertTrue(check(net, in, oneHotLabels(2, 2, 5, 3), mask));
    }

    @Test
    void gradientsMatchInTimeMajorFormatAndBidirectional() {
        Nd4j.getRandom().setSeed(2);
        MultiLayerNetwork nwc = net(new GRU.Builder().nOut(3).dataFormat(RNNFormat.NWC).build(), 2, 2, RNNFormat.NWC);
        INDArray in = Nd4j.rand(DataType.DOUBLE, 2, 4, 2).subi(0.5);
        assertTrue(check(nwc, in, oneHotLabels(2, 2, 4, 5).permute(0, 2, 1).dup(), null));

        MultiLayerNetwork bi = net(new Bidirectional(Bidirectional.Mode.CONCAT, new GRU.Builder().nOut(3).build()), 2, 2, RNNFormat.NCW);
        INDArray mask = Nd4j.create(new double[][] {{1, 1, 1, 1}, {1, 1, 0, 0}});
        assertTrue(check(bi, Nd4j.rand(DataType.DOUBLE, 2, 2, 4).subi(0.5), oneHotLabels(2, 2, 4, 6), mask));
    }

    @Test
    void maskedStepsCarryTheStateAndOutputZeros() {
        Nd4j.getRandom().setSeed(3);
        MultiLayerNetwork net = net(new GRU.Builder().nOut(4).build(), 3, 2, RNNFormat.NCW);
        INDArray full = Nd4j.rand(DataType.DOUBLE, 1, 3, 5);
        INDArray shortSeq = full.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 3)).dup();
        INDArray gru = net.getLayer(0).activate(shortSeq, false, org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces()).dup();

        // through the network's own mask plumbing, as fit/output use it
        net.setLayerMaskArrays(Nd4j.create(new double[][] {{1, 1, 1, 0, 0}}), null);
        INDArray padded = net.feedForward(full, false).get(1);
        net.clearLayerMaskArrays();
        assertEquals(gru, padded.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 3)));
        assertEquals(0.0, padded.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(3, 5)).norm2Number().doubleValue());

        // the state after the padded sequence is its last real state
        net.rnnClearPreviousState();
        net.getLayer(0).setMaskArray(Nd4j.create(new double[][] {{1, 1, 1, 0, 0}}));
        ((GRULayer) net.getLayer(0)).rnnTimeStep(full, org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces());
        INDArray state = net.rnnGetPreviousState(0).get(GRULayer.STATE_KEY);
        assertEquals(gru.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(2)), state);
    }

    @Test
    void stepByStepEqualsWholeSequence() {
        Nd4j.getRandom().setSeed(4);
        MultiLayerNetwork net = net(new GRU.Builder().nOut(5).build(), 3, 4, RNNFormat.NCW);
        INDArray in = Nd4j.rand(DataType.DOUBLE, 2, 3, 6);
        INDArray whole = net.output(in);
        net.rnnClearPreviousState();
        for (int t = 0; t < 6; t++) {
            INDArray step = net.rnnTimeStep(in.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t)));
            INDArray expected = whole.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t));
            assertTrue(expected.equalsWithEps(step.reshape(expected.shape()), 1e-12), "step " + t);
        }
    }

    @Test
    void serialisationRoundTripGivesIdenticalOutput() throws Exception {
        Nd4j.getRandom().setSeed(5);
        MultiLayerNetwork net = net(new GRU.Builder().nOut(4).build(), 3, 2, RNNFormat.NCW);
        INDArray in = Nd4j.rand(DataType.DOUBLE, 2, 3, 4);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, bytes, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes.toByteArray()), true);
        assertEquals(net.getLayerWiseConfigurations(), restored.getLayerWiseConfigurations());
        assertEquals(net.output(in), restored.output(in));

        // wrapped: bidirectional GRUs under a last-step reduction, as many-to-one classifiers stack them
        MultiLayerNetwork wrapped = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(6).dataType(DataType.DOUBLE)
                .list()
                .layer(new Bidirectional(Bidirectional.Mode.ADD, new GRU.Builder().nIn(3).nOut(4).build()))
                .layer(new org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep(new GRU.Builder().nIn(4).nOut(4).build()))
                .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder().nIn(4).nOut(2).activation(Activation.SOFTMAX).build())
                .build());
        wrapped.init();
        bytes.reset();
        ModelSerializer.writeModel(wrapped, bytes, false);
        MultiLayerNetwork wrappedBack = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes.toByteArray()), false);
        assertEquals(wrapped.output(in), wrappedBack.output(in));
        assertEquals(wrapped.getLayerWiseConfigurations().toJson(), wrappedBack.getLayerWiseConfigurations().toJson());
    }
}
