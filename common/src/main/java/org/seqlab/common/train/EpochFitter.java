package org.seqlab.common.train;

import org.seqlab.common.progress.Progress;

/**
 * Fits one epoch. Kept apart from the {@link Trainer}'s loop (validation, early stopping,
 * checkpoints) so that another engine, e.g. data-parallel Spark training, can replace the local one.
 */
public interface EpochFitter {
    EpochStats fit(TrainableModel<?> model, BatchSource source, int epoch, Progress progress);

    /** Mean mini-batch loss, tokens seen and wall-clock seconds of one epoch's fitting. */
    record EpochStats(double meanLoss, long tokens, double seconds) {
    }
}
