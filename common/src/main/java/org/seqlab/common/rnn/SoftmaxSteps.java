package org.seqlab.common.rnn;

import java.nio.ByteBuffer;

/**
 * The float loops of {@link SoftmaxOutputLayer}: softmax, cross-entropy and its gradient in one pass per row (the
 * ND4J path needs seven whole-matrix operations, bias, softmax, one-hot labels, pick, log, subtract and mask,
 * over an array that is 22 MB for a translation batch), and the logits of a few rows, a decoding step's. Only the
 * Vector API implementation exists; without it the layer runs ND4J's operations.
 */
interface SoftmaxSteps {
    /**
     * For each row r of {@code logits} (C order [rows, classes], native byte order) with {@code m = mask[r]}
     * (1 when {@code mask} is null): {@code p = softmax(logits[r] + bias)}, then the row becomes
     * {@code m (p - onehot(labels[r]))}, the gradient of the summed loss with respect to the logits.
     *
     * @param bias null for none
     * @param clip  probabilities below it count as it in the loss, as DL4J's cross-entropy clips them
     * @return the summed loss, {@code sum_r -m log(max(p[labels[r]], clip))}
     */
    double lossAndGradient(ByteBuffer logits, int rows, int classes, float[] bias, int[] labels, float[] mask,
                           float clip);

    /**
     * {@code out[r, c] = x[r] . w[:, c]} for a few rows: the weights as DL4J stores them (column-major [inputs,
     * classes], each class's weights contiguous from {@code weightOffset}), read once for all rows. BLAS
     * multiplies a few rows by a column-major matrix three times slower than by a row-major one (a decoding step's
     * 5 x 768 by 768 x 4,300 product), and DL4J's parameters cannot change layout.
     *
     * @param x   rows of inputs, each of length {@code inputs}
     * @param out C order [rows, classes]
     */
    void logits(float[][] x, ByteBuffer weights, int weightOffset, int inputs, int classes, ByteBuffer out);

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
