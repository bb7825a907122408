package org.seqlab.bench;

import java.util.Arrays;

/** Order statistics of a list of timings. */
public record Stats(double median, double min, double max, double p99) {

    public static Stats of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return new Stats(percentile(sorted, 50), sorted[0], sorted[sorted.length - 1], percentile(sorted, 99));
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** (max - min) / median in percent: how far apart the fastest and slowest iterations were. */
    public double spreadPercent() {
        return median == 0 ? 0 : 100.0 * (max - min) / median;
    }
}
