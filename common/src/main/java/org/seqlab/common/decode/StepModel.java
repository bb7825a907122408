package org.seqlab.common.decode;

/**
 * A model that predicts the next token for a batch of partial sequences ("rows"), keeping one
 * recurrent state per row, so that decoders advance one step at a time instead of re-reading the
 * sequence. Translation, captioning and text generation plug in their networks through this.
 */
public interface StepModel {
    /** Size of the output vocabulary. */
    int vocabularySize();

    /** Starts {@code rows} partial sequences from the model's initial state (e.g. after reading a source). */
    void start(int rows);

    /** Feeds one token per row, advances every row's state, returns log-probabilities [rows][vocabulary]. */
    float[][] step(int[] tokens);

    /** Keeps the states of the given rows, in this order (rows may repeat or vanish): beam reordering. */
    void select(int[] rows);
}
