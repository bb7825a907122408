package org.seqlab.common.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Accumulates the natural-log likelihood a language model gives to the tokens it should predict and
 * reports perplexity (exp of the mean negative log-likelihood) and bits per token (bits per character
 * for a character model).
 */
public final class Perplexity implements MetricSet {
    private double negativeLogLikelihood;
    private long tokens;

    /** One predicted token with the probability the model gave it. */
    public void add(double probability) {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be in [0, 1], got " + probability);
        }
        negativeLogLikelihood -= Math.log(probability);
        tokens++;
    }

    /** A batch whose mean cross-entropy (natural log, per token) DL4J reported, over {@code count} tokens. */
    public void addMeanLoss(double meanNegativeLogLikelihood, long count) {
        if (count < 0 || meanNegativeLogLikelihood < 0) {
            throw new IllegalArgumentException("loss and count must not be negative");
        }
        negativeLogLikelihood += meanNegativeLogLikelihood * count;
        tokens += count;
    }

    public long tokens() {
        return tokens;
    }

    public double perplexity() {
        return Math.exp(meanNll());
    }

    public double bitsPerToken() {
        return meanNll() / Math.log(2);
    }

    private double meanNll() {
        if (tokens == 0) {
            throw new IllegalStateException("no tokens scored");
        }
        return negativeLogLikelihood / tokens;
    }

    /** {@code perplexity} and {@code bits_per_char} (name used by character models' reports). */
    public Map<String, Double> flat() {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("perplexity", perplexity());
        out.put("bits_per_char", bitsPerToken());
        return out;
    }
}
