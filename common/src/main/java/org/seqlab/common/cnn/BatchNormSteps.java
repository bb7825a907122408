package org.seqlab.common.cnn;

import java.nio.ByteBuffer;
import org.seqlab.common.rnn.SimdLoops;

/**
 * The float loops of {@link FastBatchNormalizationLayer} over a C-order [n, channels, hw] array (native byte order),
 * one channel's n blocks of hw floats at a time: DL4J's CPU path spends most of a small CNN's batch-norm time in a
 * variance over dimensions (0, 2, 3) and in a separate ReLU pass, where a channel's values are n contiguous runs.
 * Only the Vector API implementation exists; without it the layer runs DL4J's path.
 */
interface BatchNormSteps {
    /** Each channel's mean and biased variance (over n x hw values), into {@code mean} and {@code variance}. */
    void moments(ByteBuffer x, int n, int channels, int hw, float[] mean, float[] variance);

    /** {@code y = x * scale[c] + shift[c]}, then {@code max(y, 0)} when {@code relu}. */
    void normalise(ByteBuffer x, ByteBuffer y, int n, int channels, int hw, float[] scale, float[] shift, boolean relu);

    /**
     * The gradients of the batch-normalised output (with the batch's own {@code mean} and {@code invStd}, then the
     * ReLU when {@code relu}) given {@code dy}, the gradient with respect to that output: {@code dx} (every element
     * written), {@code dGamma} and {@code dBeta}.
     */
    void backward(ByteBuffer x, ByteBuffer dy, ByteBuffer dx, int n, int channels, int hw, float[] mean, float[] invStd,
                  float[] gamma, float[] beta, boolean relu, float[] dGamma, float[] dBeta);

    /** The Vector API implementation, or null (see {@link SimdLoops#load}). */
    static BatchNormSteps vectorised() {
        return Holder.VECTORISED;
    }

    final class Holder {
        static final BatchNormSteps VECTORISED = SimdLoops.load(BatchNormSteps.class,
                "org.seqlab.common.cnn.VectorBatchNormSteps");

        private Holder() {
        }
    }
}
