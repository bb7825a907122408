package org.seqlab.bench;

/** Which implementation of a cell a benchmark row trains. */
public enum Impl {
    /** DL4J's own layer ({@code LSTM}, {@code SimpleRnn}). */
    DL4J,
    /** SeqLab's fused LSTM ({@link org.seqlab.common.rnn.FusedLstm}); LSTM only. */
    FUSED;

    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
