package org.seqlab.sentiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.seqlab.common.metrics.ClassificationMetrics;
import org.seqlab.common.report.Charts;
import org.seqlab.common.report.Report;
import org.seqlab.common.train.EpochRecord;
import org.seqlab.common.train.TrainingResult;
import org.seqlab.sentiment.baseline.Baselines;

/** The sentiment app's report sections: metrics, baselines, confusion, curves, mistakes, length. */
final class SentimentReport {
    private SentimentReport() {
    }

    /** The same model trained from one embedding initialisation. */
    record Comparison(String embeddings, SentimentExperiment.Outcome outcome) {
    }

    /** The report of a training command: every run, with the chosen run shown in detail. */
    static Path training(Path out, String dataName, List<SentimentExperiment.Outcome> runs,
                         SentimentExperiment.Outcome chosen, List<Comparison> comparisons,
                         Map<String, Object> settings, double seconds) throws IOException {
        Report report = new Report("Sentiment: " + dataName, out);
        ClassificationMetrics m = chosen.test().metrics();
        TrainingResult t = chosen.training();
        report.paragraph(describe(settings) + String.format(" Trained on %,d texts, validated on %,d, tested on %,d (%s).",
                chosen.split().train(), chosen.split().validation(), chosen.split().test(), chosen.name()));
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("accuracy", m.accuracy());
        key.put("macro_f1", m.macroF1());
        m.rocAuc().ifPresent(auc -> key.put("roc_auc", auc));
        key.put("epochs", t.history().size());
        key.put("best_epoch", t.bestEpoch());
        key.put("seconds", Math.round(seconds));
        key.put("train_tokens_per_second", (double) Math.round(t.tokensPerSecond()));
        report.section("Test results").keyMetrics(key);
        report.metrics(m.flat()).metrics(Map.of("n_test", m.total(), "n_train", chosen.split().train()));
        if (!Double.isNaN(chosen.embeddingCoverage())) {
            Object added = settings.getOrDefault("pretrained_words", 0);
            report.paragraph(String.format("Pretrained embeddings covered %.1f%% of the training vocabulary%s.",
                    100 * chosen.embeddingCoverage(), added instanceof Integer n && n > 0
                            ? String.format("; the model also knows the vectors' %,d most frequent words", n) : ""));
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
        report.image("confusion.png", "Confusion matrix on the test set");
        learningCurves(report, t);
        lengthAndMistakes(report, chosen.test());
        report.section("Settings").table(List.of("setting", "value"), rows(settings));
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

    private static String describe(Map<String, Object> s) {
        return String.format("A %s%s (%s layer%s, %s units) reading %s-d %s embeddings, %s pooling.",
                Boolean.TRUE.equals(s.get("bidirectional")) ? "bidirectional " : "", s.get("cell"), s.get("layers"),
                "1".equals(String.valueOf(s.get("layers"))) ? "" : "s", s.get("hidden"), s.get("embedding_dim"),
                s.get("embeddings"), s.get("pooling"));
    }

    private static void repeated(Report report, List<SentimentExperiment.Outcome> runs) {
        List<List<?>> rows = new ArrayList<>();
        double[] accuracy = new double[runs.size()];
        double[] f1 = new double[runs.size()];
        double[] nbLr = new double[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            SentimentExperiment.Outcome r = runs.get(i);
            accuracy[i] = r.test().metrics().accuracy();
            f1[i] = r.test().metrics().macroF1();
            nbLr[i] = baseline(r.baselines(), "nb-lr");
            rows.add(List.of(r.name(), accuracy[i], f1[i], nbLr[i], r.training().bestEpoch()));
        }
        rows.add(List.of("mean ± std", pm(accuracy), pm(f1), pm(nbLr), ""));
        report.section("Repeated runs (" + runs.size() + ")")
                .paragraph("The same model trained " + runs.size() + " times (different seeds or folds): "
                        + "a test set of a few hundred texts moves by a couple of points between splits.")
                .table(List.of("run", "accuracy", "macro-F1", "NB-LR accuracy", "best epoch"), rows);
        report.metrics(Map.of("accuracy_mean", mean(accuracy), "accuracy_std", std(accuracy),
                "macro_f1_mean", mean(f1), "macro_f1_std", std(f1), "nb_lr_accuracy_mean", mean(nbLr), "runs", runs.size()));
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

    private static void learningCurves(Report report, TrainingResult t) throws IOException {
        List<Integer> epochs = new ArrayList<>();
        List<Double> trainLoss = new ArrayList<>();
        List<Double> validationLoss = new ArrayList<>();
        List<Double> validationAccuracy = new ArrayList<>();
        for (EpochRecord r : t.history()) {
            epochs.add(r.epoch());
            trainLoss.add(r.trainLoss());
            validationLoss.add(r.validation().get("loss"));
            validationAccuracy.add(r.validation().get("accuracy"));
        }
        Charts.learningCurves(report.chartPath("learning-curves.png"), epochs, trainLoss, validationLoss, "accuracy",
                validationAccuracy);
        report.section("Learning curves").image("learning-curves.png",
                "Loss and validation accuracy per epoch (the model of epoch " + t.bestEpoch() + " is kept)");
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

    static double mean(double[] xs) {
        double s = 0;
        for (double x : xs) {
            s += x;
        }
        return xs.length == 0 ? Double.NaN : s / xs.length;
    }

    /** Sample standard deviation (n - 1), as reported for repeated runs. */
    static double std(double[] xs) {
        if (xs.length < 2) {
            return 0;
        }
        double m = mean(xs);
        double s = 0;
        for (double x : xs) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (xs.length - 1));
    }

    private static String pm(double[] xs) {
        return String.format("%.4f ± %.4f", mean(xs), std(xs));
    }
}
