package org.seqlab.common.rnn;

import java.nio.ByteBuffer;

/**
 * The element-wise part of one LSTM time step over time-major float buffers, for all rows of the batch
 * at once. Offsets count floats from the start of each buffer; buffers are in native byte order. The
 * gate layout is DL4J's: columns [0,h) cell candidate, [h,2h) forget, [2h,3h) output, [3h,4h) input.
 * {@link #vectorised()} returns the SIMD implementation when the JVM has it; otherwise the fused helper
 * runs its scalar loops.
 */
interface LstmSteps {

    /**
     * Forward: adds the bias to the pre-activations {@code z}, activates them in place
     * ({@code [tanh | sigmoid | sigmoid | sigmoid]}), then writes {@code c = f c_prev + i g},
     * {@code tanh(c)} and {@code h = o tanh(c)}.
     */
    void forward(ByteBuffer gates, int gateOffset, ByteBuffer previousCells, int previousOffset, ByteBuffer cells,
                 ByteBuffer cellsTanh, int cellOffset, ByteBuffer states, int stateOffset, float[] bias,
                 int batch, int hidden);

    /**
     * Backward: from the activated gates, {@code tanh(c)}, the previous cell state, {@code dL/dh}
     * ({@code dh}, plus {@code dhRecurrent} at offset {@code b * hidden} per row when not null) and the
     * cell gradient flowing back from the next step ({@code dCellNext}, {@code [batch * hidden]}, updated in
     * place), writes the pre-activation gradients {@code dz} at {@code gateOffset}.
     */
    void backward(ByteBuffer gates, int gateOffset, ByteBuffer previousCells, int previousOffset,
                  ByteBuffer cellsTanh, int cellOffset, ByteBuffer dh, int dhOffset, ByteBuffer dhRecurrent,
                  ByteBuffer dz, float[] dCellNext, int batch, int hidden);

    /** The Vector API implementation, or null (see {@link SimdLoops#load}). */
    static LstmSteps vectorised() {
        return Holder.VECTORISED;
    }

    final class Holder {
        static final LstmSteps VECTORISED = SimdLoops.load(LstmSteps.class, "org.seqlab.common.rnn.VectorLstmSteps");

        private Holder() {
        }
    }
}
