package org.seqlab.common.train;

import java.util.Map;

/** One line of the training log. */
public record EpochRecord(int epoch, double trainLoss, Map<String, Double> validation, double tokensPerSecond,
                          double seconds) {
}
