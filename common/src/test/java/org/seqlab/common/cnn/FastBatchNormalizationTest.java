package org.seqlab.common.cnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class FastBatchNormalizationTest {
    private static final int SIZE = 5;

    /** conv -> batch norm (ours, or DL4J's followed by an activation layer) -> average pool -> softmax. */
    private static MultiLayerNetwork network(boolean fast, Activation activation) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(11).dataType(DataType.FLOAT)
                .updater(new Adam(0.05)).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(11).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.IDENTITY).hasBias(false).build());
        if (fast) {
            list.layer(new FastBatchNormalization(activation));
        } else {
            list.layer(new BatchNormalization.Builder().build()).layer(new ActivationLayer(activation));
        }
        MultiLayerNetwork net = new MultiLayerNetwork(list
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(SIZE, SIZE, 2)).build());
        net.init();
        return net;
    }

    private static INDArray labels(int n) {
        INDArray labels = Nd4j.zeros(DataType.FLOAT, n, 3);
        for (int i = 0; i < n; i++) {
            labels.putScalar(i, i % 3, 1);
        }
        return labels;
    }

    /** Same outputs, score, gradients, and parameters (running mean and variance too) after training steps. */
    private static void assertSameAsDl4jWithActivationLayer(Activation activation, boolean expectHostLoops) {
        MultiLayerNetwork reference = network(false, activation);
        MultiLayerNetwork fast = network(true, activation);
        fast.setParams(reference.params().dup());
        assertEquals(expectHostLoops, ((FastBatchNormalizationLayer) fast.getLayer(1)).usesHostLoops(), activation + " loops");
        Nd4j.getRandom().setSeed(3);
        // values far from zero: the variance must not cancel
        INDArray images = Nd4j.rand(DataType.FLOAT, 7, 2, SIZE, SIZE).muli(4).addi(10);
        INDArray labels = labels(7);
        for (MultiLayerNetwork net : new MultiLayerNetwork[] {reference, fast}) {
            net.setInput(images);
            net.setLabels(labels);
            net.computeGradientAndScore();
        }
        assertEquals(reference.score(), fast.score(), 1e-5, activation + " score");
        assertTrue(reference.gradient().gradient().equalsWithEps(fast.gradient().gradient(), 1e-4), activation + " gradients:\n"
                + reference.gradient().gradient() + "\n" + fast.gradient().gradient());
        for (int step = 0; step < 5; step++) {
            reference.fit(images, labels);
            fast.fit(images, labels);
        }
        assertTrue(reference.params().equalsWithEps(fast.params(), 1e-3), activation + " parameters after 5 steps");
        INDArray other = Nd4j.rand(DataType.FLOAT, 4, 2, SIZE, SIZE).muli(4).addi(10);
        assertTrue(reference.output(other).equalsWithEps(fast.output(other), 1e-4), activation + " inference output");
    }

    @Test
    void reluAndIdentityRunInTheFusedLoopsAndMatchDl4jFollowedByAnActivationLayer() {
        assertSameAsDl4jWithActivationLayer(Activation.RELU, BatchNormSteps.vectorised() != null);
        assertSameAsDl4jWithActivationLayer(Activation.IDENTITY, BatchNormSteps.vectorised() != null);
    }

    @Test
    void otherActivationsTakeDl4jsPathAndAnNd4jActivation() {
        // the path on a GPU backend or without the Vector API
        assertSameAsDl4jWithActivationLayer(Activation.TANH, false);
    }

    @Test
    void dl4jsOwnLayerIgnoresItsActivationOursApplies() {
        INDArray images = Nd4j.rand(DataType.FLOAT, 4, 2, SIZE, SIZE).subi(0.5);
        MultiLayerNetwork dl4j = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT)
                .list().layer(new BatchNormalization.Builder().activation(Activation.RELU).build())
                .setInputType(InputType.convolutional(SIZE, SIZE, 2)).build());
        dl4j.init();
        MultiLayerNetwork ours = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT)
                .list().layer(new FastBatchNormalization(Activation.RELU))
                .setInputType(InputType.convolutional(SIZE, SIZE, 2)).build());
        ours.init();
        assertTrue(dl4j.output(images).minNumber().doubleValue() < 0, "DL4J's batch norm has no ReLU (issue 4222)");
        assertEquals(0.0, ours.output(images).minNumber().doubleValue(), 0.0);
        assertFalse(ours.output(images).equalsWithEps(dl4j.output(images), 1e-6));
    }

    @Test
    void configurationSurvivesJson() {
        MultiLayerConfiguration conf = network(true, Activation.RELU).getLayerWiseConfigurations();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        FastBatchNormalization layer = assertInstanceOf(FastBatchNormalization.class, back.getConf(1).getLayer());
        assertEquals(Activation.RELU.getActivationFunction(), layer.getActivationFn());
        assertEquals(11, layer.getNOut());
    }
}
