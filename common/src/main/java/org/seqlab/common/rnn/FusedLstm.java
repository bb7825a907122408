package org.seqlab.common.rnn;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@link LSTM} layer configuration (same parameters, same serialised form plus the class name)
 * whose layer runs {@link FusedLstmHelper}: batched input projections and weight gradients instead of
 * DL4J's per-time-step ones, and one forward pass per training step instead of two.
 */
public class FusedLstm extends LSTM {
    /**
     * Whether this layer may skip computing the gradient with respect to its input (one product per
     * training step). Only for a layer whose input is the network's input in a plain {@code fit}: a
     * {@code MultiLayerNetwork} drops layer 0's input gradient there, but {@code calculateGradients} and
     * {@code backpropGradient(epsilon, ...)} return it (they get null instead with this set). Off by default.
     */
    private boolean inputGradientUnused;

    /** For Jackson, when a saved network is restored. */
    public FusedLstm() {
        setRnnDataFormat(RNNFormat.NCW);
        setActivationFn(Activation.TANH.getActivationFunction());
        setGateActivationFn(Activation.SIGMOID.getActivationFunction());
        setForgetGateBiasInit(1.0);
        // a failure in the fused path must surface, not silently fall back to the slow one
        setHelperAllowFallback(false);
    }

    public FusedLstm(long nIn, long nOut) {
        this();
        setNIn(nIn);
        setNOut(nOut);
    }

    public boolean isInputGradientUnused() {
        return inputGradientUnused;
    }

    public void setInputGradientUnused(boolean inputGradientUnused) {
        this.inputGradientUnused = inputGradientUnused;
    }

    /** Fluent {@link #setInputGradientUnused}, for the first layer of a network over raw (one-hot) input. */
    public FusedLstm inputGradientUnused(boolean unused) {
        setInputGradientUnused(unused);
        return this;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        return LayerInstances.wire(new FusedLstmLayer(conf, networkDataType), conf, listeners, layerIndex, layerParamsView, initializeParams,
                initializer());
    }
}
