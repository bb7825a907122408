package org.seqlab.common.text;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns id sequences into padded ND4J batches. Sequences are left-aligned: padding (id
 * {@link Vocabulary#PAD_ID}, mask 0) goes at the end, and a sequence longer than the batch length
 * keeps its first {@code maxLength} ids.
 */
public final class SequenceEncoder {
    private SequenceEncoder() {
    }

    /**
     * Index features [batch, time] and mask [batch, time]; time is the longest sequence, capped at
     * {@code maxLength} (0 = no cap).
     */
    public static SequenceBatch indices(List<int[]> sequences, int maxLength) {
        int time = batchLength(sequences, maxLength);
        float[][] ids = new float[sequences.size()][time];
        float[][] mask = new float[sequences.size()][time];
        for (int b = 0; b < sequences.size(); b++) {
            int[] seq = sequences.get(b);
            for (int t = 0; t < Math.min(seq.length, time); t++) {
                ids[b][t] = seq[t];
                mask[b][t] = 1f;
            }
        }
        return new SequenceBatch(Nd4j.create(ids), Nd4j.create(mask));
    }

    /**
     * One-hot features [batch, vocabSize, time] (DL4J's recurrent layout) and mask [batch, time]; padded
     * steps are all-zero vectors.
     */
    public static SequenceBatch oneHot(List<int[]> sequences, int vocabSize, int maxLength) {
        int time = batchLength(sequences, maxLength);
        INDArray features = Nd4j.zeros(DataType.FLOAT, sequences.size(), vocabSize, time);
        INDArray mask = Nd4j.zeros(DataType.FLOAT, sequences.size(), time);
        for (int b = 0; b < sequences.size(); b++) {
            int[] seq = sequences.get(b);
            for (int t = 0; t < Math.min(seq.length, time); t++) {
                checkId(seq[t], vocabSize);
                features.putScalar(new long[] {b, seq[t], t}, 1f);
                mask.putScalar(new long[] {b, t}, 1f);
            }
        }
        return new SequenceBatch(features, mask);
    }

    /** A single one-hot row vector [1, vocabSize]. */
    public static INDArray oneHot(int id, int vocabSize) {
        checkId(id, vocabSize);
        INDArray v = Nd4j.zeros(DataType.FLOAT, 1, vocabSize);
        v.putScalar(0, id, 1f);
        return v;
    }

    private static int batchLength(List<int[]> sequences, int maxLength) {
        if (sequences.isEmpty()) {
            throw new IllegalArgumentException("empty batch");
        }
        if (maxLength < 0) {
            throw new IllegalArgumentException("maxLength must not be negative, got " + maxLength);
        }
        int longest = sequences.stream().mapToInt(s -> s.length).max().orElse(0);
        // a batch of empty sequences still needs one (masked) step: ND4J has no zero-length time axis
        int time = Math.max(1, longest);
        return maxLength == 0 ? time : Math.min(time, maxLength);
    }

    private static void checkId(int id, int vocabSize) {
        if (id < 0 || id >= vocabSize) {
            throw new IndexOutOfBoundsException("token id " + id + " outside [0, " + vocabSize + ")");
        }
    }
}
