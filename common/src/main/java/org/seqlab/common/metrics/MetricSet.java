package org.seqlab.common.metrics;

import java.util.Map;

/** Scores with flat names ({@code accuracy}, {@code bleu}, {@code perplexity}...) for metrics.json and reports. */
public interface MetricSet {
    Map<String, Double> flat();
}
