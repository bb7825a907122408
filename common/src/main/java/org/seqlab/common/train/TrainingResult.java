package org.seqlab.common.train;

import java.util.List;

/**
 * The outcome of {@link Trainer#train}: the best model (by the monitored metric) and the full history.
 *
 * @param <N>             the network's type
 * @param tokensPerSecond training throughput over all epochs of this run, fitting time only
 * @param budgetUsedUp    whether the time budget ({@link TrainerConfig#budgetSeconds()}) ended the training
 */
public record TrainingResult<N>(TrainableModel<N> best, List<EpochRecord> history, int bestEpoch, double seconds,
                             double tokensPerSecond, boolean stoppedEarly, int resumedAfterEpoch,
                             boolean budgetUsedUp) {
}
