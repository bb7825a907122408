package org.seqlab.common.train;

import java.util.Map;

/**
 * One line of the training log. {@code learningRate} is the rate the epoch trained at; 0 when not known (a network
 * kind that does not say, or a checkpoint written before the rate was recorded).
 */
public record EpochRecord(int epoch, double trainLoss, Map<String, Double> validation, double tokensPerSecond,
                          double seconds, double learningRate) {
}
