package org.seqlab.textgen;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.train.BatchSource;

/**
 * The char-rnn layout: the token sequence cut into {@code streams} contiguous parts read side by side, one per
 * row of a batch, in windows of {@code window} steps. Window w+1 of a row continues where window w ended, so a
 * model that carries its recurrent state from one window to the next ({@link CarriedStateModel}) reads every
 * row as one long text. Every epoch reads the same windows in the same order (only the state is reset), so a
 * resumed run sees what an uninterrupted one would have.
 *
 * <p>Features are one-hot ([streams, vocabulary, steps]) or token ids ([streams, 1, steps]) for a network that
 * embeds them; labels are always the ids of the next tokens ([streams, 1, steps], for a sparse cross-entropy).
 */
public final class TextStreams implements BatchSource {
    /** Truncated-BPTT windows in one batch of {@link #forDataParallel()}. */
    static final int DATA_PARALLEL_WINDOWS = 10;
    private final int[] tokens;
    private final int streams;
    private final int window;
    private final int vocabulary;
    private final boolean oneHot;
    private final int streamLength;
    /** Windows after which training ends, counted over all epochs (0 = no limit). */
    private final long maxSteps;

    public TextStreams(int[] tokens, int streams, int window, int vocabulary, boolean oneHot) {
        this(tokens, streams, window, vocabulary, oneHot, 0);
    }

    public TextStreams(int[] tokens, int streams, int window, int vocabulary, boolean oneHot, long maxSteps) {
        if (streams < 1 || window < 1) {
            throw new IllegalArgumentException("streams and window must be positive");
        }
        this.tokens = tokens;
        this.streams = streams;
        this.window = window;
        this.vocabulary = vocabulary;
        this.oneHot = oneHot;
        this.maxSteps = maxSteps;
        this.streamLength = (tokens.length - 1) / streams;
        if (streamLength < 1) {
            throw new BadInputException("the text (" + tokens.length + " tokens) is too short for " + streams
                    + " parallel streams; lower --batch or give more text");
        }
    }

    /**
     * Windows of {@link #DATA_PARALLEL_WINDOWS} times the length: a data-parallel worker fits each one with the
     * network's truncated BPTT, which carries the state from window to window inside it (DL4J clears it between
     * fit calls), so the state runs through 10 windows and restarts, instead of running through the whole stream.
     */
    @Override
    public BatchSource forDataParallel() {
        long chunks = maxSteps == 0 ? 0 : (maxSteps + DATA_PARALLEL_WINDOWS - 1) / DATA_PARALLEL_WINDOWS;
        return new TextStreams(tokens, streams, window * DATA_PARALLEL_WINDOWS, vocabulary, oneHot, chunks);
    }

    /** Steps each stream holds (the tokens it predicts). */
    public int streamLength() {
        return streamLength;
    }

    @Override
    public int batchesPerEpoch() {
        return (streamLength + window - 1) / window;
    }

    @Override
    public long tokensPerEpoch() {
        return (long) streamLength * streams;
    }

    /** Epochs needed for {@code maxSteps} windows (the last one may stop early), or {@code epochs} without a limit. */
    public int epochsFor(int epochs) {
        return maxSteps == 0 ? epochs : (int) Math.min(epochs, (maxSteps + batchesPerEpoch() - 1) / batchesPerEpoch());
    }

    @Override
    public Iterator<MultiDataSet> epoch(int epoch) {
        long stepsBefore = (long) (epoch - 1) * batchesPerEpoch();
        return new Iterator<>() {
            private int from;
            private long step = stepsBefore;

            @Override
            public boolean hasNext() {
                return from < streamLength && (maxSteps == 0 || step < maxSteps);
            }

            @Override
            public MultiDataSet next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int steps = Math.min(window, streamLength - from);
                MultiDataSet batch = window(from, steps);
                from += steps;
                step++;
                return batch;
            }
        };
    }

    /** Steps {@code from .. from + steps - 1} of every stream. */
    MultiDataSet window(int from, int steps) {
        INDArray[] arrays = arrays(tokens, streams, streamLength, from, steps, vocabulary, oneHot);
        return new org.nd4j.linalg.dataset.MultiDataSet(arrays[0], arrays[1]);
    }

    /** Features and next-token labels of one window of {@code streams} rows of {@code streamLength} steps each. */
    static INDArray[] arrays(int[] tokens, int streams, int streamLength, int from, int steps, int vocabulary,
                             boolean oneHot) {
        float[] features = new float[streams * (oneHot ? vocabulary : 1) * steps];
        float[] labels = new float[streams * steps];
        for (int s = 0; s < streams; s++) {
            int base = s * streamLength + from;
            for (int t = 0; t < steps; t++) {
                int token = tokens[base + t];
                if (oneHot) {
                    features[(s * vocabulary + token) * steps + t] = 1f;
                } else {
                    features[s * steps + t] = token;
                }
                labels[s * steps + t] = tokens[base + t + 1];
            }
        }
        return new INDArray[] {
                Nd4j.create(features, new long[] {streams, oneHot ? vocabulary : 1, steps}, 'c'),
                Nd4j.create(labels, new long[] {streams, 1, steps}, 'c')};
    }
}
