package org.seqlab.common.metrics;

/**
 * Accumulates (reference, prediction) pairs of one kind of task and scores them: classification, sequence
 * labelling, generation (BLEU, chrF) and language modelling each have one. Every app's {@code eval} and
 * its per-epoch validation go through the evaluator of its kind, so that the same names mean the same
 * numbers everywhere.
 *
 * @param <R> a reference (gold label, tag sequence, reference sentences)
 * @param <P> a prediction of the same shape
 * @param <M> the scores
 */
public interface Evaluator<R, P, M extends MetricSet> {
    void add(R reference, P prediction);

    M result();
}
