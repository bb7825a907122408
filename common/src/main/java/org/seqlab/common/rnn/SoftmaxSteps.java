package org.seqlab.common.rnn;

import java.nio.ByteBuffer;

/**
 * The float loop of {@link SoftmaxOutputLayer}: softmax, cross-entropy and its gradient in one pass per row (the
 * ND4J path needs seven whole-matrix operations, bias, softmax, one-hot labels, pick, log, subtract and mask,
 * over an array that is 22 MB for a translation batch). Only the Vector API implementation exists; without it
 * the layer runs ND4J's operations.
 */
interface SoftmaxSteps {
    /**
     * For each row r of {@code logits} (C order [rows, classes], native byte order) with {@code m = mask[r]}
     * (1 when {@code mask} is null): {@code p = softmax(logits[r] + bias)}, then the row becomes
     * {@code m (p - q)}, the gradient of the summed loss with respect to the logits, where the target distribution
     * {@code q} is {@code (1 - smoothing) onehot(labels[r]) + smoothing / classes} (label smoothing; 0 = one-hot).
     *
     * @param bias      null for none
     * @param clip      probabilities below it count as it in the label's loss, as DL4J's cross-entropy clips them
     * @param smoothing the share of the target spread evenly over all classes
     * @return the summed loss, {@code sum_r -m ((1 - smoothing) log(max(p[labels[r]], clip))
     *         + smoothing / classes * sum_j log p[j])}
     */
    double lossAndGradient(ByteBuffer logits, int rows, int classes, float[] bias, int[] labels, float[] mask,
                           float clip, float smoothing);

    /** The Vector API implementation, or null (see {@link SimdLoops#load}). */
    static SoftmaxSteps vectorised() {
        return Holder.VECTORISED;
    }

    final class Holder {
        static final SoftmaxSteps VECTORISED = SimdLoops.load(SoftmaxSteps.class,
                "org.seqlab.common.rnn.VectorSoftmaxSteps");

        private Holder() {
        }
    }
}
