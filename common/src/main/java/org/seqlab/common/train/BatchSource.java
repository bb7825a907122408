package org.seqlab.common.train;

import java.util.Iterator;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * The training data as mini-batches. The order of an epoch depends only on the epoch number (and the
 * source's seed), so a resumed run sees exactly the batches an uninterrupted one would have.
 */
public interface BatchSource {
    int batchesPerEpoch();

    Iterator<MultiDataSet> epoch(int epoch);

    /** Tokens (or examples, for non-sequence data) in one epoch, for throughput figures. */
    long tokensPerEpoch();

    /**
     * The batches a data-parallel engine fits, each on whichever worker gets it. A source whose batches carry
     * recurrent state from one to the next (a language model's windows) returns longer, self-contained ones;
     * every other source is already that.
     */
    default BatchSource forDataParallel() {
        return this;
    }
}
