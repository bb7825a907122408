package org.seqlab.common.app;

import java.util.List;
import java.util.Locale;

/** The mean and sample standard deviation of a metric over repeated runs (std 0 for a single run). */
public record MeanStd(double mean, double std, int n) {
    public static MeanStd of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double squares = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        double std = values.size() > 1 ? Math.sqrt(squares / (values.size() - 1)) : 0;
        return new MeanStd(mean, std, values.size());
    }

    /** "0.886 ± 0.022" (or just "0.886" for one run), with {@code decimals} places. */
    public String format(int decimals) {
        String f = "%." + decimals + "f";
        return n > 1 ? String.format(Locale.ROOT, f + " ± " + f, mean, std) : String.format(Locale.ROOT, f, mean);
    }
}
