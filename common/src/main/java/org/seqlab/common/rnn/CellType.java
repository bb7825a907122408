package org.seqlab.common.rnn;

/** The recurrent cells the toolbox builds: vanilla tanh RNN, LSTM and our own GRU. */
public enum CellType {
    RNN, LSTM, GRU;

    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
