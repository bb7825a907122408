package org.seqlab.common.cnn;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.common.rnn.LayerInstances;

/**
 * DL4J's {@link BatchNormalization} configuration (same parameters and serialised form plus the class name) whose
 * layer applies the activation, which DL4J's batch-norm layer silently ignores (deeplearning4j issue 4222: a
 * {@code BatchNormalization.Builder().activation(RELU)} gives no ReLU at all), and normalises NCHW activations with
 * {@link BatchNormSteps} on the CPU.
 */
public class FastBatchNormalization extends BatchNormalization {
    /** For Jackson, when a saved network is restored; the defaults of DL4J's builder. */
    public FastBatchNormalization() {
    }

    /** Batch normalisation followed by {@code activation}; the channels come from the input type. */
    public FastBatchNormalization(Activation activation) {
        setActivationFn(activation.getActivationFunction());
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNOutSet("FastBatchNormalization", getLayerName(), layerIndex, getNOut());
        return LayerInstances.wire(new FastBatchNormalizationLayer(conf, networkDataType), conf, listeners, layerIndex, layerParamsView, initializeParams,
                initializer());
    }
}
