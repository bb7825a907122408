package org.seqlab.common.train;

import org.seqlab.common.error.BadInputException;

/**
 * How a network is optimised: the budget, Adam's learning rate and its per-epoch decay, early-stopping
 * patience, gradient clipping and truncated BPTT. Validated here, so that every way of making one (the
 * command line, a test, a saved bundle) gets the same checks.
 *
 * @param learningRateDecay multiply the learning rate by this after every epoch (1 = constant)
 * @param clipValue         clip every gradient element to [-clipValue, clipValue] (0 = off; wins over clipNorm)
 * @param tbptt             truncated BPTT length in steps (0 = full BPTT)
 */
public record TrainSettings(int epochs, int batch, long seed, double learningRate, double learningRateDecay,
                            int patience, double clipNorm, double clipValue, int tbptt) {
    public TrainSettings {
        require(epochs >= 1 && epochs <= 100_000, "--epochs must be between 1 and 100000, got " + epochs);
        require(batch >= 1 && batch <= 65_536, "--batch must be between 1 and 65536, got " + batch);
        require(learningRate > 0 && learningRate < 10, "--lr must be in (0, 10), got " + learningRate);
        require(learningRateDecay > 0 && learningRateDecay <= 1, "--lr-decay must be in (0, 1], got " + learningRateDecay);
        require(patience >= 0, "--patience must not be negative, got " + patience);
        require(clipNorm >= 0 && clipValue >= 0, "--clip-norm and --clip-value must not be negative");
        require(tbptt >= 0, "--tbptt must not be negative, got " + tbptt);
    }

    /**
     * The fitting-time budget of {@code --minutes} in seconds, for {@link TrainerConfig}; validated here so that
     * every app (and a settings record that stores the budget) gives the same message.
     */
    public static double budgetSeconds(double minutes) {
        // written so that NaN fails too
        require(minutes >= 0 && minutes <= 1e6, "--minutes must be between 0 (no budget) and 1000000, got " + minutes);
        return minutes * 60;
    }

    public TrainSettings withSeed(long newSeed) {
        return new TrainSettings(epochs, batch, newSeed, learningRate, learningRateDecay, patience, clipNorm, clipValue, tbptt);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new BadInputException(message);
        }
    }
}
