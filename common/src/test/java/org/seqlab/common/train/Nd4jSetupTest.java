package org.seqlab.common.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class Nd4jSetupTest {

    @Test
    void convolutionGetsTheOneDnnHelperAndComputesWhatTheJavaPathComputes() throws Exception {
        String before = System.getProperty(Nd4jSetup.DISABLE_HELPERS_PROPERTY);
        try {
            System.setProperty(Nd4jSetup.DISABLE_HELPERS_PROPERTY, "true");
            MultiLayerNetwork plain = network();
            System.clearProperty(Nd4jSetup.DISABLE_HELPERS_PROPERTY);
            Nd4jSetup.enableLayerHelpers();
            MultiLayerNetwork helped = network();

            assertNull(helper(plain), "helpers disabled: the Java path");
            assertNotNull(helper(helped), "the build's natives are oneDNN's and DL4J finds them (pom: nd4j.native.classifier)");

            INDArray images = Nd4j.rand(DataType.FLOAT, 8, 3, 16, 16);
            INDArray labels = Nd4j.zeros(DataType.FLOAT, 8, 4);
            for (int i = 0; i < 8; i++) {
                labels.putScalar(i, i % 4, 1);
            }
            assertTrue(plain.output(images).equalsWithEps(helped.output(images), 1e-4), "forward pass");
            plain.setInput(images);
            plain.setLabels(labels);
            helped.setInput(images);
            helped.setLabels(labels);
            plain.computeGradientAndScore();
            helped.computeGradientAndScore();
            assertEquals(plain.score(), helped.score(), 1e-4);
            assertTrue(plain.gradient().gradient().equalsWithEps(helped.gradient().gradient(), 1e-3), "gradients");
        } finally {
            if (before == null) {
                System.clearProperty(Nd4jSetup.DISABLE_HELPERS_PROPERTY);
            } else {
                System.setProperty(Nd4jSetup.DISABLE_HELPERS_PROPERTY, before);
            }
        }
    }

    private static MultiLayerNetwork network() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT)
                .list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(6).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.IDENTITY).hasBias(false).build())
                .layer(new BatchNormalization.Builder().activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(16, 16, 3)).build());
        net.init();
        return net;
    }

    private static Object helper(MultiLayerNetwork net) throws ReflectiveOperationException {
        Field field = org.deeplearning4j.nn.layers.convolution.ConvolutionLayer.class.getDeclaredField("helper");
        field.setAccessible(true);
        return field.get(net.getLayer(0));
    }
}
