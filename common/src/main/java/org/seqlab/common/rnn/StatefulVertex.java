package org.seqlab.common.rnn;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A ComputationGraph vertex with a recurrent state that can run a few time steps at a time, carrying its
 * state between calls, as DL4J's {@code RecurrentLayer.rnnTimeStep} does for layers. Step-by-step decoders
 * ({@link org.seqlab.common.decode.GraphStepModel}) recognise it; a state is a map of [rows, units] arrays,
 * so beam search can reorder and repeat its rows. The masks of its inputs for a step (a padded memory's) come
 * through {@code GraphVertex.feedForwardMaskArrays} just before {@link #rnnTimeStep}, null when there are none.
 */
public interface StatefulVertex {
    /** The vertex's output for the given inputs (as for a forward pass, usually one step), advancing the state. */
    INDArray rnnTimeStep(INDArray... inputs);

    /** The state after the latest step; empty before the first. */
    Map<String, INDArray> rnnGetPreviousState();

    void rnnSetPreviousState(Map<String, INDArray> state);

    /**
     * The next step's inputs that stay the same from step to step (a memory, not the token) will be the rows
     * {@code rows} of the current ones, e.g. a batch decoder's rows once it drops the rows of finished sources: what
     * the vertex derived from them may follow them instead of being computed again. Default: nothing kept.
     */
    default void selectFixedRows(int[] rows) {
    }

    /** Forgets the state: the next step starts from the initial state. */
    void rnnClearPreviousState();
}
