package org.seqlab.bench;

import org.seqlab.common.rnn.CellType;

/** One benchmark network: cell, implementation and the training shape. */
public record BenchShape(CellType cell, Impl impl, int hidden, int layers, int batch, int seq, int vocab) {

    public boolean exists() {
        return impl == Impl.DL4J || cell == CellType.LSTM;
    }

    public long tokensPerStep() {
        return (long) batch * seq;
    }
}
