package org.seqlab.common.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sequence-labelling results: token accuracy (padding never counted), accuracy on words unseen in training,
 * the per-tag figures and confusion matrix (as {@link ClassificationMetrics} over tokens), the most frequent
 * errors and, for BIO data, span precision/recall/F1 overall and per span type.
 *
 * @param unseenTokens   tokens flagged as unseen in training; {@code unseenAccuracy} is NaN when there are none
 * @param spans          span figures, or null when the tags are not a BIO scheme
 * @param errors         (gold, predicted) pairs with their counts, the most frequent first
 */
public record SequenceLabellingMetrics(long tokens, double tokenAccuracy, long unseenTokens, double unseenAccuracy,
                                       long sentences, double sentenceAccuracy, ClassificationMetrics perTag,
                                       SpanMetrics spans, List<TagError> errors) implements MetricSet {
    public SequenceLabellingMetrics {
        errors = List.copyOf(errors);
    }

    /** A confusion of one gold tag for another and how often it happened. */
    public record TagError(String gold, String predicted, long count) {
    }

    /** Span precision/recall/F1 overall and per type; {@code perType} maps a type to its P, R, F1 and gold count. */
    public record SpanMetrics(long goldSpans, long predictedSpans, long correctSpans, double precision, double recall,
                              double f1, Map<String, PerType> perType) {
        public SpanMetrics {
            perType = Map.copyOf(perType);
        }

        public record PerType(String type, double precision, double recall, double f1, long support) {
        }
    }

    /**
     * Flat keys: {@code token_accuracy} (also as {@code accuracy}), {@code unseen_accuracy} when any token was
     * unseen, {@code sentence_accuracy}, the per-tag keys of {@link ClassificationMetrics#flat()} except accuracy,
     * and {@code span_precision}, {@code span_recall}, {@code span_f1}, {@code span_f1_<type>} for BIO data.
     */
    @Override
    public Map<String, Double> flat() {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("token_accuracy", tokenAccuracy);
        out.put("accuracy", tokenAccuracy);
        if (unseenTokens > 0) {
            out.put("unseen_accuracy", unseenAccuracy);
        }
        out.put("sentence_accuracy", sentenceAccuracy);
        perTag.flat().forEach((k, v) -> {
            if (!"accuracy".equals(k)) {
                out.put(k, v);
            }
        });
        if (spans != null) {
            out.put("span_precision", spans.precision());
            out.put("span_recall", spans.recall());
            out.put("span_f1", spans.f1());
            spans.perType().values().stream().sorted(java.util.Comparator.comparing(SpanMetrics.PerType::type))
                    .forEach(t -> out.put("span_f1_" + t.type(), t.f1()));
        }
        return out;
    }
}
