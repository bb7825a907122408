package org.seqlab.common.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Corpus chrF as sacreBLEU computes it by default: character n-grams of orders 1..6 with whitespace
 * removed, statistics summed over the corpus, precision and recall averaged over the orders that
 * occur, then F-beta with beta = 2. Scores are in [0, 100].
 */
public final class ChrF {
    public static final int CHAR_ORDER = 6;
    public static final double BETA = 2;

    private ChrF() {
    }

    public static double corpus(List<String> hypotheses, List<String> references) {
        if (hypotheses.size() != references.size()) {
            throw new IllegalArgumentException(hypotheses.size() + " hypotheses but " + references.size() + " references");
        }
        long[] stats = new long[3 * CHAR_ORDER];
        for (int s = 0; s < hypotheses.size(); s++) {
            String hyp = hypotheses.get(s).replaceAll("\\s+", "");
            String ref = references.get(s).replaceAll("\\s+", "");
            for (int n = 1; n <= CHAR_ORDER; n++) {
                Map<String, Integer> h = charNgrams(hyp, n);
                Map<String, Integer> r = charNgrams(ref, n);
                long match = 0;
                for (Map.Entry<String, Integer> e : h.entrySet()) {
                    match += Math.min(e.getValue(), r.getOrDefault(e.getKey(), 0));
                }
                stats[3 * (n - 1)] += Math.max(0, hyp.codePointCount(0, hyp.length()) - n + 1);
                stats[3 * (n - 1) + 1] += Math.max(0, ref.codePointCount(0, ref.length()) - n + 1);
                stats[3 * (n - 1) + 2] += match;
            }
        }
        return fScore(stats);
    }

    private static double fScore(long[] stats) {
        double precision = 0;
        double recall = 0;
        int effectiveOrder = 0;
        for (int n = 0; n < CHAR_ORDER; n++) {
            long hyp = stats[3 * n];
            long ref = stats[3 * n + 1];
            long match = stats[3 * n + 2];
            if (hyp > 0 && ref > 0) {
                precision += (double) match / hyp;
                recall += (double) match / ref;
                effectiveOrder++;
            }
        }
        if (effectiveOrder == 0) {
            return 0;
        }
        precision /= effectiveOrder;
        recall /= effectiveOrder;
        double factor = BETA * BETA;
        double denominator = factor * precision + recall;
        return denominator == 0 ? 0 : 100 * (1 + factor) * precision * recall / denominator;
    }

    private static Map<String, Integer> charNgrams(String text, int n) {
        int[] cps = text.codePoints().toArray();
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i + n <= cps.length; i++) {
            counts.merge(new String(cps, i, n), 1, Integer::sum);
        }
        return counts;
    }
}
