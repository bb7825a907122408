package org.seqlab.captioning;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.seqlab.common.metrics.Bleu;
import org.seqlab.common.metrics.ChrF;
import org.seqlab.common.metrics.Evaluator;
import org.seqlab.common.metrics.MetricSet;

/**
 * Captioning scores against every reference of an image. BLEU-n is the captioning papers' cumulative score
 * (Show and Tell, Show Attend and Tell): the brevity penalty times the geometric mean of the 1..n-gram
 * precisions, counts clipped by the maximum over the references, summed over the corpus; BLEU-4 is the
 * usual BLEU. chrF uses, per image, the reference closest to the caption (as sacreBLEU does with several).
 */
final class CaptionMetrics implements Evaluator<List<List<String>>, List<String>, CaptionMetrics.Scores> {
    /** @param bleu cumulative BLEU-1..4 in [0, 100] */
    record Scores(double[] bleu, double chrF, int images) implements MetricSet {
        Scores {
            bleu = bleu.clone();
        }

        double bleu(int n) {
            return bleu[n - 1];
        }

        double meanBleu() {
            return (bleu[0] + bleu[1] + bleu[2] + bleu[3]) / 4;
        }

        @Override
        public Map<String, Double> flat() {
            Map<String, Double> out = new LinkedHashMap<>();
            out.put("bleu", bleu[3]);
            for (int n = 1; n <= 4; n++) {
                out.put("bleu" + n, bleu[n - 1]);
            }
            out.put("chrf", chrF);
            return out;
        }
    }

    private final List<List<List<String>>> references = new ArrayList<>();
    private final List<List<String>> hypotheses = new ArrayList<>();

    @Override
    public void add(List<List<String>> reference, List<String> prediction) {
        references.add(reference);
        hypotheses.add(prediction);
    }

    @Override
    public Scores result() {
        Bleu.Score score = Bleu.corpusMulti(hypotheses, references, Bleu.Smoothing.NONE);
        double[] p = score.precisions();
        double[] cumulative = new double[4];
        double logSum = 0;
        boolean zero = false;
        for (int n = 1; n <= 4; n++) {
            zero |= p[n - 1] <= 0;
            logSum += zero ? 0 : Math.log(p[n - 1]);
            cumulative[n - 1] = zero ? 0 : score.brevityPenalty() * Math.exp(logSum / n);
        }
        List<String> hyps = new ArrayList<>();
        List<String> refs = new ArrayList<>();
        for (int i = 0; i < hypotheses.size(); i++) {
            String h = String.join(" ", hypotheses.get(i));
            String best = null;
            double bestScore = -1;
            for (List<String> r : references.get(i)) {
                String ref = String.join(" ", r);
                double s = ChrF.corpus(List.of(h), List.of(ref));
                if (s > bestScore) {
                    bestScore = s;
                    best = ref;
                }
            }
            hyps.add(h);
            refs.add(best);
        }
        return new Scores(cumulative, hypotheses.isEmpty() ? 0 : ChrF.corpus(hyps, refs), hypotheses.size());
    }

    static Scores score(List<List<List<String>>> references, List<List<String>> hypotheses) {
        CaptionMetrics m = new CaptionMetrics();
        for (int i = 0; i < references.size(); i++) {
            m.add(references.get(i), hypotheses.get(i));
        }
        return m.result();
    }
}
