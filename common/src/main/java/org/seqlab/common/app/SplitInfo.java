package org.seqlab.common.app;

/**
 * How a split was made, small enough to store in a model bundle and enough to reproduce it:
 * method ("stratified", or "k-fold i/k"), seed, requested fractions and the resulting counts.
 */
public record SplitInfo(String method, long seed, double trainFraction, double validationFraction,
                        double testFraction, int train, int validation, int test) {
}
