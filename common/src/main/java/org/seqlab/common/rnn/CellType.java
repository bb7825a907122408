package org.seqlab.common.rnn;

/** The recurrent cells the toolbox builds: vanilla tanh RNN, LSTM and our own GRU. */
public enum CellType {
    RNN, LSTM, GRU;

    /** The name on the command line and in reports: lower case. */
    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** As on the command line (help texts print defaults with it). */
    @Override
    public String toString() {
        return cliName();
    }
}
