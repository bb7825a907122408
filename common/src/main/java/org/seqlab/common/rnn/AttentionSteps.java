package org.seqlab.common.rnn;

import java.nio.ByteBuffer;

/**
 * The per-step parts of additive attention in {@link BahdanauGraphVertex} over float buffers (C order, native
 * byte order; offsets count floats). ND4J runs each as a few operations over a [batch, sources, attention]
 * tensor, or a batched product of [features, sources] x [sources, 1] matrices, whose fixed costs dominate at
 * these sizes. Only the Vector API implementation exists; without it the vertex runs its ND4J operations.
 */
interface AttentionSteps {
    /**
     * {@code hidden[b, j] = tanh(keys[b, j] + query[b])} (rows of {@code a}) and {@code scores[b, j] = v . hidden[b, j]}.
     * Layouts: keys and hidden [batch, sources, a], query [batch, a], scores [batch, sources].
     */
    void scores(ByteBuffer keys, ByteBuffer query, float[] v, ByteBuffer hidden, int hiddenOffset, ByteBuffer scores,
                int batch, int sources, int a);

    /** {@code context[b] = sum_j alpha[b, j] memory[b, j]}; memory [batch, sources, k], alpha [batch, sources], context [batch, k]. */
    void context(ByteBuffer memory, ByteBuffer alpha, int alphaOffset, ByteBuffer context, int batch, int sources, int k);

    /** {@code dAlpha[b, j] = dContext[b] . memory[b, j]}, the gradient of the weights from the context's. */
    void contextBackward(ByteBuffer memory, ByteBuffer dContext, ByteBuffer dAlpha, int batch, int sources, int k);

    /**
     * Back through {@link #scores}: with {@code g[b, j] = dScores[b, j] v (1 - hidden[b, j]^2)}, adds g to
     * {@code dKeys[b, j]} (summed over steps), writes {@code dQuery[b] = sum_j g[b, j]} and adds
     * {@code sum_{b, j} dScores[b, j] hidden[b, j]} to {@code dV}.
     */
    void scoresBackward(ByteBuffer hidden, int hiddenOffset, ByteBuffer dScores, float[] v, ByteBuffer dKeys,
                        ByteBuffer dQuery, int queryOffset, float[] dV, int batch, int sources, int a);

    /** The Vector API implementation, or null (see {@link SimdLoops#load}). */
    static AttentionSteps vectorised() {
        return Holder.VECTORISED;
    }

    final class Holder {
        static final AttentionSteps VECTORISED = SimdLoops.load(AttentionSteps.class, "org.seqlab.common.rnn.VectorAttentionSteps");

        private Holder() {
        }
    }
}
