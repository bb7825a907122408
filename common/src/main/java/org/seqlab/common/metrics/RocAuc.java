package org.seqlab.common.metrics;

import java.util.Arrays;
import java.util.Comparator;

/** Area under the ROC curve for a binary problem. */
public final class RocAuc {
    private RocAuc() {
    }

    /**
     * The probability that a random positive scores above a random negative, ties counting one half
     * (the Mann-Whitney statistic, which equals the trapezoidal area under the ROC curve).
     *
     * @throws IllegalArgumentException when the lengths differ or one of the two classes is absent,
     *         because the curve is then undefined
     */
    public static double binary(double[] scores, boolean[] positive) {
        if (scores.length != positive.length) {
            throw new IllegalArgumentException("scores and labels differ in length: " + scores.length + " vs " + positive.length);
        }
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("score " + i + " is NaN");
            }
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        long positives = 0;
        double positiveRankSum = 0;
        for (int start = 0; start < n; ) {
            int end = start;
            while (end + 1 < n && scores[order[end + 1]] == scores[order[start]]) {
                end++;
            }
            // tied scores share the mean of their 1-based ranks
            double rank = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++) {
                if (positive[order[k]]) {
                    positives++;
                    positiveRankSum += rank;
                }
            }
            start = end + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            throw new IllegalArgumentException("ROC-AUC needs both classes, got " + positives + " positives and " + negatives + " negatives");
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }
}
