package org.seqlab.common.metrics;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Corpus BLEU as sacreBLEU computes it from tokenised text: clipped n-gram matches and totals summed
 * over the corpus for n = 1..4, the closest reference length per sentence (the shorter on ties) for the
 * brevity penalty, and optional exponential smoothing of zero precisions (sacreBLEU's default).
 * Tokenisation is the caller's: sacreBLEU's own 13a tokeniser is not reproduced here.
 */
public final class Bleu {
    public static final int MAX_ORDER = 4;

    /** How a zero n-gram precision is treated. */
    public enum Smoothing {
        /** A zero precision makes BLEU zero. */
        NONE,
        /** The k-th zero precision becomes 1 / (2^k * total), as sacreBLEU's 'exp'. */
        EXP
    }

    /**
     * @param bleu the score in [0, 100]
     * @param precisions the n-gram precisions (after smoothing) in [0, 100], n = 1..4
     */
    public record Score(double bleu, double[] precisions, double brevityPenalty, long hypothesisLength, long referenceLength)
            implements MetricSet {
        public Score {
            precisions = precisions.clone();
        }

        @Override
        public double[] precisions() {
            return precisions.clone();
        }

        /** {@code bleu}, {@code bleu1}..{@code bleu4} (n-gram precisions, as sacreBLEU prints them) and {@code bleu_bp}. */
        public Map<String, Double> flat() {
            Map<String, Double> out = new LinkedHashMap<>();
            out.put("bleu", bleu);
            for (int n = 1; n <= precisions.length; n++) {
                out.put("bleu" + n, precisions[n - 1]);
            }
            out.put("bleu_bp", brevityPenalty);
            return out;
        }
    }

    private Bleu() {
    }

    /** One reference per hypothesis. */
    public static Score corpus(List<List<String>> hypotheses, List<List<String>> references, Smoothing smoothing) {
        return corpusMulti(hypotheses, references.stream().map(List::of).toList(), smoothing);
    }

    /** Several references per hypothesis: n-gram counts are clipped by the maximum over the references. */
    public static Score corpusMulti(List<List<String>> hypotheses, List<List<List<String>>> references, Smoothing smoothing) {
        if (hypotheses.size() != references.size()) {
            throw new IllegalArgumentException(hypotheses.size() + " hypotheses but " + references.size() + " reference sets");
        }
        long[] matches = new long[MAX_ORDER];
        long[] totals = new long[MAX_ORDER];
        long hypLength = 0;
        long refLength = 0;
        for (int s = 0; s < hypotheses.size(); s++) {
            List<String> hyp = hypotheses.get(s);
            List<List<String>> refs = references.get(s);
            if (refs.isEmpty()) {
                throw new IllegalArgumentException("sentence " + s + " has no reference");
            }
            hypLength += hyp.size();
            refLength += closestLength(hyp.size(), refs);
            for (int n = 1; n <= MAX_ORDER; n++) {
                Map<List<String>, Integer> hypCounts = ngrams(hyp, n);
                Map<List<String>, Integer> maxRef = new HashMap<>();
                for (List<String> ref : refs) {
                    ngrams(ref, n).forEach((g, c) -> maxRef.merge(g, c, Math::max));
                }
                for (Map.Entry<List<String>, Integer> e : hypCounts.entrySet()) {
                    matches[n - 1] += Math.min(e.getValue(), maxRef.getOrDefault(e.getKey(), 0));
                }
                totals[n - 1] += Math.max(0, hyp.size() - n + 1);
            }
        }
        double[] precisions = new double[MAX_ORDER];
        double smooth = 1;
        double logSum = 0;
        boolean zero = false;
        for (int n = 0; n < MAX_ORDER; n++) {
            if (totals[n] == 0) {
                // no n-grams of this order at all: BLEU is zero, as in sacreBLEU without effective order
                zero = true;
                continue;
            }
            if (matches[n] == 0) {
                if (smoothing == Smoothing.EXP) {
                    smooth *= 2;
                    precisions[n] = 100.0 / (smooth * totals[n]);
                } else {
                    zero = true;
                }
            } else {
                precisions[n] = 100.0 * matches[n] / totals[n];
            }
            if (precisions[n] > 0) {
                logSum += Math.log(precisions[n]);
            }
        }
        double bp = hypLength >= refLength ? 1.0 : hypLength == 0 ? 0.0 : Math.exp(1 - (double) refLength / hypLength);
        double bleu = zero ? 0.0 : bp * Math.exp(logSum / MAX_ORDER);
        return new Score(bleu, precisions, bp, hypLength, refLength);
    }

    private static int closestLength(int hypLength, List<List<String>> refs) {
        int best = refs.get(0).size();
        for (List<String> ref : refs) {
            int d = Math.abs(ref.size() - hypLength);
            int bestD = Math.abs(best - hypLength);
            if (d < bestD || (d == bestD && ref.size() < best)) {
                best = ref.size();
            }
        }
        return best;
    }

    static Map<List<String>, Integer> ngrams(List<String> tokens, int n) {
        Map<List<String>, Integer> counts = new HashMap<>();
        for (int i = 0; i + n <= tokens.size(); i++) {
            counts.merge(tokens.subList(i, i + n), 1, Integer::sum);
        }
        return counts;
    }
}
