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
 * @param budgetSeconds  fitting time after which training stops, within an epoch if need be (0 = no budget);
 *                       counted over the whole run, also across a resume; validation is not counted
 * @param background     null, or the name of a run trained beside another one in the same process: its log lines
 *                       start with that name in brackets and it draws no progress bar (the other run's has the terminal)
 * @param plateauDecay   after an epoch that does not improve the monitored metric, multiply the learning rate by this
 *                       (PyTorch's ReduceLROnPlateau with patience 0, OpenNMT-lua's learning_rate_decay); 0 = never
 * @param cosineFrom     0, or the learning rate that a half cosine anneals to 0 over the run: each epoch starts at
 *                       {@code cosineFrom * (1 + cos(pi * p)) / 2}, where p is the share of the run done, the greater
 *                       of the time budget's and the epochs' (PyTorch's CosineAnnealingLR, set per epoch)
 * @param averageDecay   0, or the share of each step's parameters in an exponential moving average of them that
 *                       validation and the kept model use ({@link ParameterAverage}; OpenNMT-py's -average_decay)
 */
public record TrainerConfig(int epochs, int patience, String monitor, boolean higherIsBetter, Path checkpointDir,
                            boolean resume, String fingerprint, double budgetSeconds, String background,
                            double plateauDecay, double cosineFrom, double averageDecay) {
    public TrainerConfig {
        if (!(budgetSeconds >= 0)) {
            throw new IllegalArgumentException("budgetSeconds must not be negative, got " + budgetSeconds);
        }
        if (!(plateauDecay >= 0 && plateauDecay < 1)) {
            throw new IllegalArgumentException("plateauDecay must be in [0, 1), got " + plateauDecay);
        }
        if (!(cosineFrom >= 0)) {
            throw new IllegalArgumentException("cosineFrom must not be negative, got " + cosineFrom);
        }
        if (!(averageDecay >= 0 && averageDecay < 1)) {
            throw new IllegalArgumentException("averageDecay must be in [0, 1), got " + averageDecay);
        }
    }

    /** A run in the foreground. */
    public TrainerConfig(int epochs, int patience, String monitor, boolean higherIsBetter, Path checkpointDir,
                         boolean resume, String fingerprint, double budgetSeconds) {
        this(epochs, patience, monitor, higherIsBetter, checkpointDir, resume, fingerprint, budgetSeconds, null, 0, 0, 0);
    }

    /** Without a time budget. */
    public TrainerConfig(int epochs, int patience, String monitor, boolean higherIsBetter, Path checkpointDir,
                         boolean resume, String fingerprint) {
        this(epochs, patience, monitor, higherIsBetter, checkpointDir, resume, fingerprint, 0);
    }

    /** The same run, trained in the background under {@code name} (see {@link #background}). */
    public TrainerConfig inBackground(String name) {
        return new TrainerConfig(epochs, patience, monitor, higherIsBetter, checkpointDir, resume, fingerprint,
                budgetSeconds, name, plateauDecay, cosineFrom, averageDecay);
    }

    /** The same run, its learning rate multiplied by {@code factor} after every epoch that does not improve (0 = never). */
    public TrainerConfig withPlateauDecay(double factor) {
        return new TrainerConfig(epochs, patience, monitor, higherIsBetter, checkpointDir, resume, fingerprint,
                budgetSeconds, background, factor, cosineFrom, averageDecay);
    }

    /** The same run, its learning rate annealed from {@code rate} to 0 along a half cosine (see {@link #cosineFrom}). */
    public TrainerConfig withCosineAnnealing(double rate) {
        return new TrainerConfig(epochs, patience, monitor, higherIsBetter, checkpointDir, resume, fingerprint,
                budgetSeconds, background, plateauDecay, rate, averageDecay);
    }

    /** The same run, validated and kept with a moving average of its parameters (see {@link #averageDecay}; 0 = off). */
    public TrainerConfig withParameterAveraging(double decay) {
        return new TrainerConfig(epochs, patience, monitor, higherIsBetter, checkpointDir, resume, fingerprint,
                budgetSeconds, background, plateauDecay, cosineFrom, decay);
    }

    /**
     * Under the cosine, the learning rate of {@code epoch} (from 1) when {@code budgetUsed} seconds of the time budget
     * are used: the share of the run done is the greater of the epochs' and the budget's.
     */
    public double cosineRate(int epoch, double budgetUsed) {
        double done = Math.max((epoch - 1.0) / epochs, budgetSeconds > 0 ? budgetUsed / budgetSeconds : 0);
        return cosineFrom * (1 + Math.cos(Math.PI * Math.min(1, done))) / 2;
    }
}
