package org.seqlab.common.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;

/**
 * Accumulates tagged sentences (gold beside predicted) and yields {@link SequenceLabellingMetrics}. Tokens can be
 * left out with a mask (padding, or positions a caller does not score) and flagged as unseen in training, for
 * the unseen-word accuracy. Tags outside the constructor's list (a gold tag never seen in training) are added
 * to the confusion matrix as they come. Spans are scored when every gold and predicted tag is O, B-X or I-X.
 */
public final class SequenceLabellingEvaluator
        implements Evaluator<List<String>, List<String>, SequenceLabellingMetrics> {
    private final Map<String, Integer> index = new LinkedHashMap<>();
    private final Map<Long, Long> pairCounts = new HashMap<>();
    private final Set<String> seenTags = new HashSet<>();
    private long tokens;
    private long correct;
    private long unseenTokens;
    private long unseenCorrect;
    private long sentences;
    private long sentencesCorrect;
    private long goldSpans;
    private long predictedSpans;
    private final Map<String, long[]> spanCounts = new TreeMap<>();

    public SequenceLabellingEvaluator(List<String> tags) {
        tags.forEach(this::indexOf);
    }

    @Override
    public void add(List<String> gold, List<String> predicted) {
        add(gold, predicted, null, null);
    }

    /**
     * One sentence.
     *
     * @param counted which tokens are scored (null: all); a false entry is skipped entirely, as padding is
     * @param unseen  which tokens were not in the training vocabulary (null: none)
     */
    public void add(List<String> gold, List<String> predicted, boolean[] counted, boolean[] unseen) {
        int n = gold.size();
        if (predicted.size() != n || (counted != null && counted.length != n) || (unseen != null && unseen.length != n)) {
            throw new IllegalArgumentException("gold, predicted, mask and unseen flags differ in length: " + n + ", "
                    + predicted.size() + ", " + (counted == null ? "-" : counted.length) + ", "
                    + (unseen == null ? "-" : unseen.length));
        }
        List<String> goldScored = new ArrayList<>(n);
        List<String> predictedScored = new ArrayList<>(n);
        boolean allRight = true;
        for (int i = 0; i < n; i++) {
            if (counted != null && !counted[i]) {
                continue;
            }
            String g = gold.get(i);
            String p = predicted.get(i);
            goldScored.add(g);
            predictedScored.add(p);
            seenTags.add(g);
            seenTags.add(p);
            long key = ((long) indexOf(g) << 32) | indexOf(p);
            pairCounts.merge(key, 1L, Long::sum);
            boolean right = g.equals(p);
            tokens++;
            correct += right ? 1 : 0;
            allRight &= right;
            if (unseen != null && unseen[i]) {
                unseenTokens++;
                unseenCorrect += right ? 1 : 0;
            }
        }
        if (goldScored.isEmpty()) {
            return;
        }
        sentences++;
        sentencesCorrect += allRight ? 1 : 0;
        List<Spans.Span> goldSpanList = Spans.of(goldScored);
        Set<Spans.Span> predictedSpanSet = new HashSet<>(Spans.of(predictedScored));
        goldSpans += goldSpanList.size();
        predictedSpans += predictedSpanSet.size();
        for (Spans.Span s : goldSpanList) {
            long[] c = spanCounts.computeIfAbsent(s.type(), t -> new long[3]);
            c[0]++;
            if (predictedSpanSet.contains(s)) {
                c[2]++;
            }
        }
        for (Spans.Span s : predictedSpanSet) {
            spanCounts.computeIfAbsent(s.type(), t -> new long[3])[1]++;
        }
    }

    private int indexOf(String tag) {
        return index.computeIfAbsent(tag, t -> index.size());
    }

    @Override
    public SequenceLabellingMetrics result() {
        List<String> labels = new ArrayList<>(index.keySet());
        int k = labels.size();
        long[][] confusion = new long[k][k];
        List<SequenceLabellingMetrics.TagError> errors = new ArrayList<>();
        pairCounts.forEach((key, count) -> {
            int g = (int) (key >>> 32);
            int p = (int) (key & 0xffffffffL);
            confusion[g][p] += count;
            if (g != p) {
                errors.add(new SequenceLabellingMetrics.TagError(labels.get(g), labels.get(p), count));
            }
        });
        errors.sort(Comparator.comparingLong(SequenceLabellingMetrics.TagError::count).reversed()
                .thenComparing(SequenceLabellingMetrics.TagError::gold)
                .thenComparing(SequenceLabellingMetrics.TagError::predicted));
        ClassificationMetrics perTag = ClassificationMetrics.fromConfusion(labels, confusion, OptionalDouble.empty());
        return new SequenceLabellingMetrics(tokens, ratio(correct, tokens), unseenTokens,
                unseenTokens == 0 ? Double.NaN : ratio(unseenCorrect, unseenTokens), sentences, ratio(sentencesCorrect, sentences),
                perTag, Spans.isBio(seenTags) ? spans() : null, errors);
    }

    private SequenceLabellingMetrics.SpanMetrics spans() {
        long correctSpans = 0;
        Map<String, SequenceLabellingMetrics.SpanMetrics.PerType> perType = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : spanCounts.entrySet()) {
            long[] c = e.getValue();
            correctSpans += c[2];
            double p = ratio(c[2], c[1]);
            double r = ratio(c[2], c[0]);
            perType.put(e.getKey(), new SequenceLabellingMetrics.SpanMetrics.PerType(e.getKey(), p, r, f1(p, r), c[0]));
        }
        double p = ratio(correctSpans, predictedSpans);
        double r = ratio(correctSpans, goldSpans);
        return new SequenceLabellingMetrics.SpanMetrics(goldSpans, predictedSpans, correctSpans, p, r, f1(p, r), perType);
    }

    private static double f1(double p, double r) {
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    private static double ratio(long num, long den) {
        return den == 0 ? 0 : (double) num / den;
    }
}
