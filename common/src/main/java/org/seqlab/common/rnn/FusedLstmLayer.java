package org.seqlab.common.rnn;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.LSTM;
import org.deeplearning4j.nn.params.LSTMParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.TimeSeriesUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's LSTM layer with {@link FusedLstmHelper} plugged into its helper slot. In training it also
 * keeps the forward pass of the feed-forward phase for back-propagation: DL4J's own LSTM runs the whole
 * forward pass a second time inside {@code backpropGradient}.
 */
public class FusedLstmLayer extends LSTM {
    private final FusedLstmHelper fused;
    /** The input the cached forward pass was computed from; a different input invalidates it. */
    private INDArray cachedInput;

    public FusedLstmLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
        fused = new FusedLstmHelper();
        // the fused helper works on host memory; on CUDA, DL4J's cuDNN helper stays in the slot
        if (Nd4j.getEnvironment().isCPU()) {
            helper = fused;
        }
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray mask, MaskState state, int minibatchSize) {
        // a MultiLayerNetwork hands the input mask to recurrent layers only through this call, and DL4J's
        // LSTM drops it: padding would then be read as input (first, in a bidirectional backward direction)
        this.maskArray = mask;
        this.maskState = state;
        return new Pair<>(mask, MaskState.Passthrough);
    }

    @Override
    public INDArray activate(INDArray input, boolean training, LayerWorkspaceMgr workspaceMgr) {
        // DL4J's LSTM overrides this one too, bypassing activate(boolean, ...); route both through ours
        setInput(input, workspaceMgr);
        return activate(training, workspaceMgr);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        cachedFwdPass = null;
        cachedInput = null;
        if (!training || helper != fused || !fused.supports(layerConf(), input)
                || TimeSeriesUtils.getFormatFromRnnLayer(layerConf()) != RNNFormat.NCW) {
            return super.activate(training, workspaceMgr);
        }
        assertInputSet(false);
        applyDropOutIfNecessary(true, workspaceMgr);
        INDArray w = getParamWithNoise(LSTMParamInitializer.INPUT_WEIGHT_KEY, true, workspaceMgr);
        INDArray rw = getParamWithNoise(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, true, workspaceMgr);
        INDArray b = getParamWithNoise(LSTMParamInitializer.BIAS_KEY, true, workspaceMgr);
        // ACTIVATIONS outlives the feed-forward phase: it is what back-propagation reads the layer inputs from
        cachedFwdPass = fused.forward(input, maskArray, rw, w, b, null, null, true, ArrayType.ACTIVATIONS, workspaceMgr);
        cachedInput = input;
        return cachedFwdPass.fwdPassOutput;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (cachedInput != input) {
            cachedFwdPass = null;
        }
        cachedInput = null;
        fused.skipInputGradient = layerConf() instanceof FusedLstm f && f.isInputGradientUnused()
                && f.getIDropout() == null && TimeSeriesUtils.getFormatFromRnnLayer(f) == RNNFormat.NCW;
        try {
            return super.backpropGradient(epsilon, workspaceMgr);
        } finally {
            fused.skipInputGradient = false;
        }
    }

    @Override
    public Pair<Gradient, INDArray> tbpttBackpropGradient(INDArray epsilon, int tbpttBackLength,
                                                          LayerWorkspaceMgr workspaceMgr) {
        // truncated BPTT starts from the stored state, which the cached pass did not use
        cachedFwdPass = null;
        cachedInput = null;
        return super.tbpttBackpropGradient(epsilon, tbpttBackLength, workspaceMgr);
    }
}
