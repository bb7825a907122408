package org.seqlab.translation;

/** One encoded sentence pair: source ids and target ids, neither with start or end tokens. */
public record Example(int[] source, int[] target) {
    public Example {
        if (source.length == 0) {
            throw new IllegalArgumentException("an empty source");
        }
    }

    /** Target steps a batch trains on: the target and its end token. */
    public int targetSteps() {
        return target.length + 1;
    }
}
