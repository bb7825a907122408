package org.seqlab.common.train;

import java.util.Map;

/**
 * One line of the training log. {@code learningRate} is the rate the epoch trained at; 0 when not known (a network
 * kind that does not say, or a checkpoint written before the rate was recorded). {@code share} is the part of the
 * epoch's batches fitted: 1 for a whole epoch, less for one that a time budget ended; 0 when not known (a checkpoint
 * written before it was recorded), which counts as whole.
 */
public record EpochRecord(int epoch, double trainLoss, Map<String, Double> validation, double tokensPerSecond,
                          double seconds, double learningRate, double share) {

    /** Whether a time budget ended this epoch before all its batches were fitted. */
    public boolean partial() {
        return share > 0 && share < 1;
    }

    /** Where the epoch ends on an axis of epochs: its number, or the part of it reached when it was cut short. */
    public double position() {
        return partial() ? epoch - 1 + share : epoch;
    }
}
