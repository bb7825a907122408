package org.seqlab.tagger;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.seqlab.common.app.Provenance;
import org.seqlab.common.metrics.ClassificationMetrics;
import org.seqlab.common.metrics.SequenceLabellingMetrics;
import org.seqlab.common.report.Charts;
import org.seqlab.common.report.Report;
import org.seqlab.common.report.ReportSections;
import org.seqlab.common.train.TrainingResult;
import org.seqlab.datasets.TaggedSentence;

/** The tagger's report: headline figures, comparisons, per-tag and span tables, confusion, errors, examples. */
final class TaggerReport {
    static final int ERRORS_SHOWN = 15;
    static final int EXAMPLES_SHOWN = 8;

    private TaggerReport() {
    }

    /**
     * @param training     the kept run's training (null for {@code eval}, which trains nothing)
     * @param predicted    the model's tags for every test sentence
     * @param comparisons  other taggers scored on the same sentences, by name
     * @param runNames     names of repeated runs (empty for one run) and their scores in {@code runScores}
     */
    static Path write(Path out, TaggerData data, TaggerModel model, TrainingResult<?> training, SequenceLabellingMetrics m,
                      List<List<String>> predicted, Map<String, SequenceLabellingMetrics> comparisons,
                      List<String> runNames, List<Map<String, Double>> runScores, Map<String, Object> metrics,
                      Provenance provenance) throws IOException {
        Report report = new Report("Tagger: " + data.name(), out);
        List<TaggedSentence> test = data.split().test();
        Map<String, Object> tiles = new LinkedHashMap<>();
        tiles.put("token_accuracy", m.tokenAccuracy());
        if (m.unseenTokens() > 0) {
            tiles.put("unseen_accuracy", m.unseenAccuracy());
        }
        if (m.spans() != null) {
            tiles.put("span_f1", m.spans().f1());
        }
        tiles.put("macro_f1", m.perTag().macroF1());
        tiles.put("test_tokens", m.tokens());
        report.section("Test results").keyMetrics(tiles).metrics(metrics);
        report.paragraph(String.format("%,d test sentences (%,d tokens, %,d of them words unseen in training) of %s; "
                        + "split: %s. Network: %s.", test.size(), m.tokens(), m.unseenTokens(), data.name(),
                data.split().info().method(), describe(model)));
        if (training != null) {
            report.paragraph(String.format("Training: %d epochs (the model of epoch %d is kept), %.0f s, %,.0f tokens/s; "
                            + "tagging the test set: %,.0f tokens/s in batches of %d.", training.history().size(),
                    training.bestEpoch(), training.seconds(), training.tokensPerSecond(),
                    ((Number) metrics.getOrDefault("tag_tokens_per_second", 0)).doubleValue(), TrainCommand.EVAL_BATCH));
        }

        if (!comparisons.isEmpty()) {
            List<List<?>> rows = new ArrayList<>();
            boolean spans = m.spans() != null;
            rows.add(comparisonRow("this model", m, spans));
            comparisons.forEach((name, c) -> rows.add(comparisonRow(name, c, spans)));
            Map<String, Object> flat = new LinkedHashMap<>();
            comparisons.forEach((name, c) -> {
                String key = name.startsWith("most frequent") ? "baseline" : name.startsWith("OpenNLP") ? "opennlp"
                        : "left_to_right";
                flat.put(key + "_accuracy", c.tokenAccuracy());
                if (c.unseenTokens() > 0) {
                    flat.put(key + "_unseen_accuracy", c.unseenAccuracy());
                }
                if (c.spans() != null) {
                    flat.put(key + "_span_f1", c.spans().f1());
                }
            });
            report.section("Comparison on the same test sentences")
                    .table(spans ? List.of("tagger", "token accuracy", "unseen-word accuracy", "sentences all right", "span F1")
                            : List.of("tagger", "token accuracy", "unseen-word accuracy", "sentences all right"), rows)
                    .metrics(flat);
            if (comparisons.keySet().stream().anyMatch(k -> k.startsWith("OpenNLP"))) {
                report.paragraph("OpenNLP's model was trained on other text (UD English EWT) and its tags follow other "
                        + "conventions (possessive 'his' is PRON there, DET in Brown's universal mapping), so part of its "
                        + "gap is the mapping, not the tagger.");
            }
        }
        if (!runNames.isEmpty()) {
            ReportSections.repeatedRuns(report, runNames, runScores, List.of("token_accuracy", "unseen_accuracy"));
        }
        if (training != null) {
            ReportSections.learningCurves(report, training, "accuracy");
        }

        List<List<?>> perTag = new ArrayList<>();
        for (ClassificationMetrics.PerClass c : m.perTag().perClass()) {
            if (c.support() > 0 || c.precision() > 0) {
                perTag.add(List.of(c.label(), c.precision(), c.recall(), c.f1(), c.support()));
            }
        }
        report.section("Per tag").table(List.of("tag", "precision", "recall", "F1", "test tokens"), perTag);
        if (m.spans() != null) {
            List<List<?>> spans = new ArrayList<>();
            spans.add(List.of("all spans", m.spans().precision(), m.spans().recall(), m.spans().f1(), m.spans().goldSpans()));
            m.spans().perType().values().stream().sorted(java.util.Comparator.comparing(
                    SequenceLabellingMetrics.SpanMetrics.PerType::type)).forEach(t ->
                    spans.add(List.of(t.type(), t.precision(), t.recall(), t.f1(), t.support())));
            report.section("Spans (exact match of type, start and end)")
                    .table(List.of("type", "precision", "recall", "F1", "test spans"), spans);
        }
        confusion(report, m);
        long allErrors = errors(report, "Most frequent errors", test, predicted, word -> true);
        if (m.unseenTokens() > 0) {
            long unseenErrors = errors(report, "Most frequent errors on words unseen in training", test, predicted,
                    word -> !model.encoder().seenInTraining(word));
            report.paragraph(String.format("%,d of the %,d errors are on words unseen in training, which are %.1f %% of "
                    + "the test tokens.", unseenErrors, allErrors, 100.0 * m.unseenTokens() / Math.max(1, m.tokens())));
        }
        examples(report, test, predicted);
        if (provenance != null) {
            ReportSections.provenance(report, provenance);
        }
        return report.write();
    }

    static String describe(TaggerModel model) {
        TaggerSettings s = model.encoder().settings();
        return String.format("%s%s %d x %d, word embedding %s (%d), %s%s, %s", s.bidirectional() ? "bidirectional " : "left-to-right ",
                s.cell().cliName().toUpperCase(), s.layers(), s.hidden(), s.embeddings(), s.embeddingDim(),
                s.chars() ? "character " + (s.charEncoder() == TaggerSettings.CharEncoder.BILSTM ? "BiLSTM " : "CNN ")
                        + s.charFilters() : "no character representation",
                s.caseFeature() ? ", case feature" : "", s.crf() ? "CRF output, " + model.decoding() + " decoding" : "softmax output");
    }

    private static List<?> comparisonRow(String name, SequenceLabellingMetrics m, boolean spans) {
        List<Object> row = new ArrayList<>(List.of(name, m.tokenAccuracy(), m.unseenTokens() > 0 ? m.unseenAccuracy() : "",
                m.sentenceAccuracy()));
        if (spans) {
            row.add(m.spans() == null ? "" : m.spans().f1());
        }
        return row;
    }

    /** The confusion matrix over the most frequent tags (at most 20, so that the chart stays readable). */
    private static void confusion(Report report, SequenceLabellingMetrics m) throws IOException {
        List<String> labels = m.perTag().labels();
        long[][] all = m.perTag().confusion();
        List<Integer> shown = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            shown.add(i);
        }
        shown.sort((a, b) -> Long.compare(m.perTag().perClass().get(b).support(), m.perTag().perClass().get(a).support()));
        shown = shown.subList(0, Math.min(20, shown.size()));
        long[][] counts = new long[shown.size()][shown.size()];
        for (int g = 0; g < shown.size(); g++) {
            for (int p = 0; p < shown.size(); p++) {
                counts[g][p] = all[shown.get(g)][shown.get(p)];
            }
        }
        Charts.confusionMatrix(report.chartPath("confusion.png"), shown.stream().map(labels::get).toList(), counts);
        report.section("Confusion matrix").image("confusion.png", labels.size() > shown.size()
                ? "Gold tag (rows) against predicted tag (columns), the " + shown.size() + " most frequent tags"
                : "Gold tag (rows) against predicted tag (columns)");
    }

    /**
     * The most frequent confusions among the tokens whose word {@code scored} accepts, with the words they happened to
     * most often; returns the number of those tokens tagged wrong.
     */
    private static long errors(Report report, String title, List<TaggedSentence> test, List<List<String>> predicted,
                               Predicate<String> scored) {
        Map<List<String>, Map<String, Integer>> words = new HashMap<>();
        for (int i = 0; i < test.size(); i++) {
            TaggedSentence s = test.get(i);
            for (int t = 0; t < s.words().size(); t++) {
                String g = s.tags().get(t);
                String p = predicted.get(i).get(t);
                if (!g.equals(p) && scored.test(s.words().get(t))) {
                    words.computeIfAbsent(List.of(g, p), k -> new HashMap<>()).merge(s.words().get(t), 1, Integer::sum);
                }
            }
        }
        Map<List<String>, Integer> counts = new HashMap<>();
        words.forEach((pair, byWord) -> counts.put(pair, byWord.values().stream().mapToInt(Integer::intValue).sum()));
        List<List<?>> rows = new ArrayList<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<List<String>, Integer>comparingByValue().reversed()
                        .thenComparing(e -> e.getKey().get(0)).thenComparing(e -> e.getKey().get(1)))
                .limit(ERRORS_SHOWN)
                .forEach(e -> {
                    List<String> top = words.get(e.getKey()).entrySet().stream()
                            .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                            .limit(6).map(x -> x.getKey() + " (" + x.getValue() + ")").toList();
                    rows.add(List.of(e.getKey().get(0), e.getKey().get(1), e.getValue(), String.join(", ", top)));
                });
        report.section(title).table(List.of("gold", "predicted", "count", "words (count)"), rows);
        return counts.values().stream().mapToLong(Integer::longValue).sum();
    }

    /** Test sentences with an error, each token as word/TAG, errors as word/PREDICTED(gold). */
    private static void examples(Report report, List<TaggedSentence> test, List<List<String>> predicted) {
        List<List<?>> rows = new ArrayList<>();
        for (int i = 0; i < test.size() && rows.size() < EXAMPLES_SHOWN; i++) {
            TaggedSentence s = test.get(i);
            if (s.tags().equals(predicted.get(i)) || s.words().size() > 30) {
                continue;
            }
            StringBuilder line = new StringBuilder();
            for (int t = 0; t < s.words().size(); t++) {
                String p = predicted.get(i).get(t);
                line.append(t == 0 ? "" : " ").append(s.words().get(t)).append('/').append(p);
                if (!p.equals(s.tags().get(t))) {
                    line.append(" [gold ").append(s.tags().get(t)).append(']');
                }
            }
            rows.add(List.of(line.toString()));
        }
        ReportSections.examples(report, "Test sentences with errors (word/predicted [gold])", List.of("sentence"), rows);
    }
}
