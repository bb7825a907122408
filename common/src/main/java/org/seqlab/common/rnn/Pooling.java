package org.seqlab.common.rnn;

/** How a many-to-one network reduces the recurrent outputs over time; all honour the sequence mask. */
public enum Pooling {
    /** The output at the last real (unmasked) step. */
    LAST,
    /** The mean over the real steps. */
    MEAN,
    /** The element-wise maximum over the real steps. */
    MAX;

    /** Lower case, as on the command line (help texts print defaults with it). */
    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
