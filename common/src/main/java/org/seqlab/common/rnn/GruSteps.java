package org.seqlab.common.rnn;

import java.nio.ByteBuffer;

/**
 * The element-wise parts of one GRU time step (see {@link GRU}) over time-major float buffers, for all
 * rows of the batch at once. Offsets count floats from the start of each buffer; buffers are in native
 * byte order. Layouts: gates {@code [T*batch, 2h]} (update z | reset r), candidates, reset states
 * {@code r * h_prev} and pre-activation gradients of the candidate {@code [T*batch, h]} / {@code [T*batch, 3h]},
 * states {@code [(T+1)*batch, h]}; the bias is {@code [z | r | candidate]}. Between the two halves of each
 * direction the layer does the recurrent products. Only the Vector API implementation exists: without it
 * {@link GRULayer} runs its ND4J operations.
 */
interface GruSteps {

    /** {@code z, r = sigmoid(pre + b)} in place, then {@code resetStates = r * h_prev}. */
    void forwardGates(ByteBuffer gates, int gateOffset, ByteBuffer states, int previousOffset,
                      ByteBuffer resetStates, int rowOffset, float[] bias, int batch, int hidden);

    /** {@code c = tanh(pre + b)} in place, then {@code h = c + z (h_prev - c)}. */
    void forwardState(ByteBuffer gates, int gateOffset, ByteBuffer candidates, int rowOffset, ByteBuffer states,
                      int previousOffset, int nextOffset, float[] bias, int batch, int hidden);

    /**
     * {@code g = dh + eps_t} (into {@code dh}, {@code [batch, h]}), then the pre-activation gradients of the
     * update gate, {@code g (h_prev - c) z (1 - z)}, and of the candidate, {@code g (1 - c^2)(1 - z)}, into
     * {@code dPre} ({@code [T*batch, 3h]}) at {@code dOffset}.
     */
    void backwardCandidate(ByteBuffer epsilon, int rowOffset, ByteBuffer dh, ByteBuffer gates, int gateOffset,
                           ByteBuffer candidates, ByteBuffer states, int previousOffset, ByteBuffer dPre, int dOffset,
                           int batch, int hidden);

    /**
     * From {@code dResetState = dL/d(r h_prev)} ({@code [batch, h]}): the reset gate's pre-activation gradient
     * {@code dResetState h_prev r (1 - r)} into {@code dPre}, and {@code dhPrevious = g z + dResetState r}.
     */
    void backwardReset(ByteBuffer dResetState, ByteBuffer dh, ByteBuffer gates, int gateOffset, ByteBuffer states,
                       int previousOffset, ByteBuffer dPre, int dOffset, ByteBuffer dhPrevious, int batch, int hidden);

    /** The Vector API implementation, or null (see {@link SimdLoops#load}). */
    static GruSteps vectorised() {
        return Holder.VECTORISED;
    }

    final class Holder {
        static final GruSteps VECTORISED = SimdLoops.load(GruSteps.class, "org.seqlab.common.rnn.VectorGruSteps");

        private Holder() {
        }
    }
}
