package org.seqlab.common.rnn;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.RnnOutputLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.TimeSeriesUtils;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An output layer whose backprop computes the loss as it goes, so that the score DL4J asks for right after the
 * same pass reuses that loss instead of computing the output again. Subclasses compute the loss and the gradient
 * with respect to their tag scores ({@code delta}); this class turns {@code delta} into the input gradient and
 * remembers which input, labels and mask the loss belongs to.
 */
abstract class LossCachingOutputLayer extends RnnOutputLayer {
    private INDArray lossInput;
    private INDArray lossLabels;
    private INDArray lossMask;

    LossCachingOutputLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** Called first in backprop: whatever loss is kept belongs to an earlier pass. */
    void forgetLoss() {
        lossInput = null;
    }

    /**
     * Ends a backprop whose loss the subclass has kept: the input gradient {@code delta · wᵀ} {@code [batch, size, T]}
     * (dropout's backprop applied), with {@code input} restored to the 3-d {@code input3d} it was reshaped from.
     */
    INDArray finishBackprop(Gradient gradient, INDArray delta, INDArray w, INDArray input3d,
                            LayerWorkspaceMgr workspaceMgr) {
        INDArray epsilon2d = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, delta.dataType(),
                new long[] {delta.size(0), w.size(0)}, 'f');
        DirectGemm.gemm(delta, w, epsilon2d, false, true, 1.0, 0.0);
        backpropDropOutIfPresent(epsilon2d);
        input = input3d;
        weightNoiseParams.clear();
        this.gradient = gradient;
        lossInput = input3d;
        lossLabels = labels;
        lossMask = maskArray;
        return TimeSeriesUtils.reshape2dTo3d(epsilon2d, input3d.size(0), workspaceMgr, ArrayType.ACTIVATION_GRAD);
    }

    /** Whether the kept loss is of the current input, labels and mask. */
    boolean lossIsCurrent() {
        // the graph sets the label mask again before scoring, as a new array: compared by value
        boolean sameMask = lossMask == null ? maskArray == null : lossMask.equals(maskArray);
        return lossInput != null && lossInput == input && lossLabels == labels && sameMask;
    }

    @Override
    public void clear() {
        super.clear();
        lossInput = null;
        lossLabels = null;
        lossMask = null;
    }
}
