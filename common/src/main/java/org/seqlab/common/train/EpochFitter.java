package org.seqlab.common.train;

import org.seqlab.common.progress.Progress;

/**
 * Fits one epoch. Kept apart from the {@link Trainer}'s loop (validation, early stopping,
 * checkpoints) so that another engine, e.g. data-parallel Spark training, can replace the local one.
 */
public interface EpochFitter {
    EpochStats fit(TrainableModel<?> model, BatchSource source, int epoch, Progress progress);

    /**
     * Whether every step is {@code model.fit} on the given model in this JVM (what a moving average of the parameters
     * needs); a data-parallel engine fits copies elsewhere.
     */
    default boolean fitsTheGivenModel() {
        return true;
    }

    /** Mean mini-batch loss, tokens seen and wall-clock seconds of one epoch's fitting. */
    record EpochStats(double meanLoss, long tokens, double seconds) {
    }
}
