package org.seqlab.common.text;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A padded mini-batch of sequences and its mask (1 = real step, 0 = padding), both float.
 *
 * @param features [batch, time] token ids for an embedding layer, or [batch, vocab, time] one-hot
 *                 vectors for a recurrent layer that reads them directly
 * @param mask     [batch, time]
 */
public record SequenceBatch(INDArray features, INDArray mask) {
}
