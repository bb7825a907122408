package org.seqlab.common.rnn;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.FwdPassReturn;
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
        if (!fusedApplies()) {
            return super.activate(training, workspaceMgr);
        }
        if (!training) {
            return inference(null, null, workspaceMgr).fwdPassOutput;
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

    /**
     * One step (or several) from the stored state, as DL4J's {@code rnnTimeStep}, without the detour through
     * {@code LSTMHelpers.activateHelper}: before it hands over to the helper, that copies the recurrent weights
     * (1 MB for 256 units), the cell state and a zero state at every call, which the helper never reads. In a
     * decoder's step that copy was a third of the layer's time.
     */
    @Override
    public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        if (!fusedApplies()) {
            return super.rnnTimeStep(input, workspaceMgr);
        }
        FwdPassReturn pass = inference(stateMap.get(STATE_KEY_PREV_ACTIVATION), stateMap.get(STATE_KEY_PREV_MEMCELL),
                workspaceMgr);
        stateMap.put(STATE_KEY_PREV_ACTIVATION, pass.lastAct.detach());
        stateMap.put(STATE_KEY_PREV_MEMCELL, pass.lastMemCell.detach());
        return pass.fwdPassOutput;
    }

    /** Whether the fused helper computes this layer's pass for the current input (else DL4J's code does). */
    private boolean fusedApplies() {
        return helper == fused && fused.supports(layerConf(), input)
                && TimeSeriesUtils.getFormatFromRnnLayer(layerConf()) == RNNFormat.NCW;
    }

    /** The inference pass straight through the helper, with the same arguments as DL4J's route to it. */
    private FwdPassReturn inference(INDArray prevHidden, INDArray prevCell, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(false, workspaceMgr);
        INDArray w = getParamWithNoise(LSTMParamInitializer.INPUT_WEIGHT_KEY, false, workspaceMgr);
        INDArray rw = getParamWithNoise(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, false, workspaceMgr);
        INDArray b = getParamWithNoise(LSTMParamInitializer.BIAS_KEY, false, workspaceMgr);
        return fused.forward(input, maskArray, rw, w, b, prevHidden, prevCell, false, ArrayType.FF_WORKING_MEM,
                workspaceMgr);
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
