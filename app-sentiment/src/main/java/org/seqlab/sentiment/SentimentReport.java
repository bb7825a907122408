package org.seqlab.sentiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.seqlab.common.app.MeanStd;
import org.seqlab.common.app.Provenance;
import org.seqlab.common.metrics.ClassificationMetrics;
import org.seqlab.common.report.Charts;
import org.seqlab.common.report.Report;
import org.seqlab.common.report.ReportSections;
import org.seqlab.common.train.TrainingResult;
import org.seqlab.sentiment.baseline.Baselines;

/** The sentiment app's report sections: metrics, baselines, confusion, curves, mistakes, length. */
final class SentimentReport {
    private SentimentReport() {
    }

    /** The same model trained from one embedding initialisation. */
    record Comparison(String embeddings, SentimentExperiment.Outcome outcome) {
    }

    /**
     * The test accuracy a user should read: the mean ± std over the runs when there were several (seeds or
     * folds), else the one run's.
     */
    static String headline(List<SentimentExperiment.Outcome> runs) {
        return MeanStd.of(runs.stream().map(r -> r.test().metrics().accuracy()).toList()).format(4);
    }

    /** bundle.json's metrics: the kept run's test and validation scores, and the mean over all runs. */
    static Map<String, Object> bundleMetrics(List<SentimentExperiment.Outcome> runs, SentimentExperiment.Outcome chosen) {
        Map<String, Object> metrics = new LinkedHashMap<>(chosen.test().metrics().flat());
        metrics.put("validation_accuracy", chosen.validation().metrics().accuracy());
        if (runs.size() > 1) {
            MeanStd accuracy = MeanStd.of(runs.stream().map(r -> r.test().metrics().accuracy()).toList());
            metrics.put("accuracy_mean", accuracy.mean());
            metrics.put("accuracy_std", accuracy.std());
            metrics.put("runs", runs.size());
        }
        return metrics;
    }

    /**
     * The report of a training command. With several runs the headline is their mean ± std; the kept run
     * (best on validation) is shown beside it, labelled as such, and in detail below.
     */
    static Path training(Path out, String dataName, List<SentimentExperiment.Outcome> runs,
                         SentimentExperiment.Outcome chosen, List<Comparison> comparisons,
                         Provenance provenance, double seconds) throws IOException {
        Report report = new Report("Sentiment: " + dataName, out);
        ClassificationMetrics m = chosen.test().metrics();
        TrainingResult<?> t = chosen.training();
        SentimentSettings settings = (SentimentSettings) provenance.settings();
        report.paragraph(describe(settings) + String.format(" Trained on %,d texts, validated on %,d, tested on %,d (%s).",
                chosen.split().train(), chosen.split().validation(), chosen.split().test(), chosen.name()));
        Map<String, Object> key = new LinkedHashMap<>();
        if (runs.size() > 1) {
            key.put("accuracy, mean ± std of " + runs.size() + " runs", headline(runs));
            key.put("kept run's accuracy", m.accuracy());
        } else {
            key.put("accuracy", m.accuracy());
        }
        key.put("macro_f1", m.macroF1());
        m.rocAuc().ifPresent(auc -> key.put("roc_auc", auc));
        key.put("epochs", t.history().size());
        key.put("best_epoch", t.bestEpoch());
        key.put("seconds", Math.round(seconds));
        key.put("train_tokens_per_second", (double) Math.round(t.tokensPerSecond()));
        report.section(runs.size() > 1 ? "Test results" : "Test results (" + chosen.name() + ")").tiles(key);
        report.metrics(m.flat()).metrics(Map.of("n_test", m.total(), "n_train", chosen.split().train()));
        if (runs.size() > 1) {
            // metrics.json's headline numbers are the means; the kept run's are kept under their own names
            MeanStd accuracy = MeanStd.of(runs.stream().map(r -> r.test().metrics().accuracy()).toList());
            MeanStd f1 = MeanStd.of(runs.stream().map(r -> r.test().metrics().macroF1()).toList());
            report.metrics(Map.of("kept_run_accuracy", m.accuracy(), "kept_run_macro_f1", m.macroF1(),
                    "accuracy", accuracy.mean(), "macro_f1", f1.mean()));
        } else {
            report.metrics(Map.of("accuracy", m.accuracy(), "macro_f1", m.macroF1()));
        }
        m.rocAuc().ifPresent(auc -> report.metrics(Map.of("roc_auc", auc)));
        report.metrics(Map.of("epochs", t.history().size(), "best_epoch", t.bestEpoch(), "seconds", Math.round(seconds),
                "train_tokens_per_second", (double) Math.round(t.tokensPerSecond())));
        if (!Double.isNaN(chosen.embeddingCoverage())) {
            int added = settings.pretrainedWords();
            report.paragraph(String.format("Pretrained embeddings covered %.1f%% of the training vocabulary%s.",
                    100 * chosen.embeddingCoverage(), added > 0 && !"random".equals(settings.embeddings())
                            ? String.format("; the model also knows the vectors' %,d most frequent words", added) : ""));
            report.metrics(Map.of("embedding_coverage", chosen.embeddingCoverage()));
        }
        if (runs.size() > 1) {
            repeated(report, runs);
        }
        baselines(report, m, chosen.baselines());
        if (comparisons.size() > 1) {
            embeddings(report, comparisons);
        }
        perClass(report, m);
        Charts.confusionMatrix(report.chartPath("confusion.png"), m.labels(), m.confusion());
        report.image("confusion.png", "Confusion matrix on the test set (" + chosen.name() + ")");
        ReportSections.learningCurves(report, t, "accuracy");
        lengthAndMistakes(report, chosen.test());
        ReportSections.provenance(report, provenance);
        return report.write();
    }

    /** The report of an evaluation command. */
    static Path evaluation(Path out, String title, Evaluation evaluation, Map<String, Object> settings)
            throws IOException {
        Report report = new Report(title, out);
        ClassificationMetrics m = evaluation.metrics();
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("accuracy", m.accuracy());
        key.put("macro_f1", m.macroF1());
        m.rocAuc().ifPresent(auc -> key.put("roc_auc", auc));
        key.put("n", m.total());
        report.section("Results").keyMetrics(key).metrics(m.flat());
        perClass(report, m);
        Charts.confusionMatrix(report.chartPath("confusion.png"), m.labels(), m.confusion());
        report.image("confusion.png", "Confusion matrix");
        lengthAndMistakes(report, evaluation);
        report.section("Model").table(List.of("setting", "value"), rows(settings));
        return report.write();
    }

    private static String describe(SentimentSettings s) {
        return String.format("A %s%s (%d layer%s, %d units) reading %d-d %s embeddings, %s pooling.",
                s.bidirectional() ? "bidirectional " : "", s.cell(), s.layers(), s.layers() == 1 ? "" : "s", s.hidden(),
                s.embeddingDim(), s.embeddings(), s.pooling());
    }

    private static void repeated(Report report, List<SentimentExperiment.Outcome> runs) {
        List<String> names = runs.stream().map(SentimentExperiment.Outcome::name).toList();
        List<Map<String, Double>> scores = runs.stream().map(r -> Map.of("accuracy", r.test().metrics().accuracy(),
                "macro_f1", r.test().metrics().macroF1(), "nb_lr_accuracy", baseline(r.baselines(), "nb-lr"),
                "best_epoch", (double) r.training().bestEpoch())).toList();
        report.paragraph("The same model trained " + runs.size() + " times (different seeds or folds): a test set of "
                + "a few hundred texts moves by a couple of points between splits.");
        ReportSections.repeatedRuns(report, names, scores, List.of("accuracy", "macro_f1", "nb_lr_accuracy", "best_epoch"));
        report.metrics(Map.of("runs", runs.size()));
    }

    private static double baseline(List<Baselines.Result> results, String name) {
        return results.stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow().metrics().accuracy();
    }

    private static void baselines(Report report, ClassificationMetrics model, List<Baselines.Result> baselines)
            throws IOException {
        List<List<?>> rows = new ArrayList<>();
        rows.add(List.of("recurrent model", model.accuracy(), model.macroF1(), "this run's network"));
        List<String> names = new ArrayList<>(List.of("recurrent model"));
        List<Double> values = new ArrayList<>(List.of(model.accuracy()));
        for (Baselines.Result b : baselines) {
            rows.add(List.of(b.name(), b.metrics().accuracy(), b.metrics().macroF1(), b.description()));
            names.add(b.name());
            values.add(b.metrics().accuracy());
            report.metrics(Map.of("baseline_" + b.name().replace('-', '_') + "_accuracy", b.metrics().accuracy(),
                    "baseline_" + b.name().replace('-', '_') + "_macro_f1", b.metrics().macroF1()));
        }
        Charts.bar(report.chartPath("baselines.png"), "Test accuracy: recurrent model vs baselines", "model",
                "accuracy", names, Map.of("accuracy", values.stream().mapToDouble(Double::doubleValue).toArray()));
        report.section("Baselines (same split)").table(List.of("model", "accuracy", "macro-F1", "what it is"), rows)
                .image("baselines.png", "Accuracy of the recurrent model and the baselines");
    }

    private static void embeddings(Report report, List<Comparison> comparisons) throws IOException {
        List<List<?>> rows = new ArrayList<>();
        List<String> names = new ArrayList<>();
        double[] accuracy = new double[comparisons.size()];
        for (int i = 0; i < comparisons.size(); i++) {
            Comparison c = comparisons.get(i);
            ClassificationMetrics m = c.outcome().test().metrics();
            double coverage = c.outcome().embeddingCoverage();
            rows.add(List.of(c.embeddings(), m.accuracy(), m.macroF1(), Double.isNaN(coverage) ? "-"
                    : String.format("%.1f%%", 100 * coverage), c.outcome().training().bestEpoch()));
            names.add(c.embeddings());
            accuracy[i] = m.accuracy();
            report.metrics(Map.of("embeddings_" + c.embeddings().replaceAll("[^A-Za-z0-9]+", "_") + "_accuracy",
                    m.accuracy()));
        }
        Charts.bar(report.chartPath("embeddings.png"), "Test accuracy by embedding initialisation", "embeddings",
                "accuracy", names, Map.of("accuracy", accuracy));
        report.section("Embedding initialisation (same split, same seed)")
                .table(List.of("embeddings", "accuracy", "macro-F1", "vocabulary covered", "best epoch"), rows)
                .image("embeddings.png", "The same network started from different word embeddings");
    }

    private static void perClass(Report report, ClassificationMetrics m) {
        List<List<?>> rows = new ArrayList<>();
        for (ClassificationMetrics.PerClass c : m.perClass()) {
            rows.add(List.of(c.label(), c.precision(), c.recall(), c.f1(), c.support()));
        }
        rows.add(List.of("macro average", m.macroPrecision(), m.macroRecall(), m.macroF1(), m.total()));
        report.section("Per class").table(List.of("label", "precision", "recall", "F1", "support"), rows);
    }

    private static void lengthAndMistakes(Report report, Evaluation evaluation) throws IOException {
        List<Evaluation.LengthBucket> buckets = evaluation.accuracyByLength();
        List<String> names = new ArrayList<>();
        double[] accuracy = new double[buckets.size()];
        List<List<?>> rows = new ArrayList<>();
        for (int i = 0; i < buckets.size(); i++) {
            Evaluation.LengthBucket b = buckets.get(i);
            // the count beside each bucket: a bar over a dozen texts moves by several points with one text
            names.add(b.name() + " (" + b.count() + ")");
            accuracy[i] = b.accuracy();
            rows.add(List.of(b.name(), b.count(), b.accuracy()));
        }
        Charts.bar(report.chartPath("accuracy-by-length.png"), "Accuracy by text length", "tokens (texts)", "accuracy",
                names, Map.of("accuracy", accuracy));
        report.section("Accuracy by length").table(List.of("tokens", "texts", "accuracy"), rows)
                .image("accuracy-by-length.png", "Accuracy by text length (tokens after preprocessing)");
        List<List<?>> mistakes = new ArrayList<>();
        for (Evaluation.Item item : evaluation.confidentMistakes(10)) {
            mistakes.add(List.of(item.example().text(), item.example().label(), item.prediction().label(),
                    item.prediction().confidence()));
        }
        report.section("The 10 most confident mistakes")
                .table(List.of("text", "true", "predicted", "confidence"), mistakes);
    }

    private static List<List<?>> rows(Map<String, Object> settings) {
        List<List<?>> rows = new ArrayList<>();
        settings.forEach((k, v) -> rows.add(List.of(k, String.valueOf(v))));
        return rows;
    }
}
