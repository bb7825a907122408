package org.seqlab.common.train;

import java.nio.file.Path;

/**
 * How the {@link Trainer} runs.
 *
 * @param monitor        the validation metric that decides early stopping and the best model
 *                       ("loss" means the validation loss, or the training loss without a validator)
 * @param higherIsBetter whether the monitored metric should rise (accuracy) or fall (loss)
 * @param patience       epochs without improvement before stopping; 0 never stops early
 * @param checkpointDir  where checkpoints and the CSV log go
 * @param fingerprint    the settings a checkpoint must have been made with to be resumed; with the epoch it also
 *                       seeds each epoch's random numbers (dropout), so it must include the seed
 */
public record TrainerConfig(int epochs, int patience, String monitor, boolean higherIsBetter, Path checkpointDir,
                            boolean resume, String fingerprint) {
}
