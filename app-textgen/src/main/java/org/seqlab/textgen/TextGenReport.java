package org.seqlab.textgen;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.seqlab.common.app.Provenance;
import org.seqlab.common.diag.GradientDiagnostics;
import org.seqlab.common.metrics.LanguageModelEvaluator;
import org.seqlab.common.report.Charts;
import org.seqlab.common.report.Report;
import org.seqlab.common.report.ReportSections;
import org.seqlab.common.train.EpochRecord;

/** The training report: validation loss over time and steps, samples per epoch, loss per token class, gradients. */
final class TextGenReport {
    private TextGenReport() {
    }

    static Path write(Path out, Corpus corpus, TextGenSettings settings, TextGenTraining.Outcome outcome,
                      Provenance provenance, Map<String, Object> metrics) throws IOException {
        String unit = settings.level().unit();
        Report report = new Report("Text generation: " + corpus.name(), out);
        LanguageModelEvaluator.Metrics v = outcome.validation();
        Map<String, Object> tiles = new LinkedHashMap<>();
        for (String key : List.of("nats_per_" + unit, "bits_per_" + unit, "perplexity", "epochs", "steps",
                "training_minutes", "train_tokens_per_second")) {
            tiles.put(key, metrics.get(key));
        }
        report.keyMetrics(tiles).metrics(metrics);
        report.paragraph(String.format("%s, %d x %d %s%s, trained on %,d %ss and validated on the last %,d (5 %%) with "
                        + "the recurrent state carried across windows of %d steps over %d parallel streams.",
                corpus.name(), settings.layers(), settings.hidden(), settings.cell().cliName(),
                settings.dropout() > 0 ? " (dropout " + settings.dropout() + ")" : "", outcome.trainTokens(), unit,
                outcome.validationTokens(), settings.training().tbptt(), settings.training().batch()));

        List<EpochRecord> history = outcome.training().history();
        double[] minutes = new double[history.size()];
        double[] steps = new double[history.size()];
        double[] nats = new double[history.size()];
        double elapsed = 0;
        for (int i = 0; i < history.size(); i++) {
            elapsed += history.get(i).seconds() / 60;
            minutes[i] = elapsed;
            steps[i] = history.get(i).validation().getOrDefault("steps", Double.NaN);
            nats[i] = history.get(i).validation().get("loss");
        }
        Charts.line(report.chartPath("validation-time.png"), "Validation loss against training time", "training minutes",
                "nats per " + unit, false, Map.of("validation", new double[][] {minutes, nats}));
        Charts.line(report.chartPath("validation-steps.png"), "Validation loss against training steps", "steps (windows)",
                "nats per " + unit, false, Map.of("validation", new double[][] {steps, nats}));
        report.section("Validation loss").image("validation-time.png", "Nats per " + unit + " after each epoch, by fitting time")
                .image("validation-steps.png", "The same by optimiser steps (one step = one window of every stream)");
        List<List<?>> rows = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            double n = nats[i];
            rows.add(List.of(history.get(i).epoch(), (long) steps[i], String.format("%.1f", minutes[i]), n, n / Math.log(2),
                    history.get(i).trainLoss()));
        }
        report.table(List.of("epoch", "steps", "minutes", "val nats/" + unit, "val bits/" + unit, "train loss"), rows);
        ReportSections.learningCurves(report, outcome.training(), "bits_per_" + unit);

        List<List<?>> sampleRows = new ArrayList<>();
        for (EpochSamples.Entry e : outcome.samples()) {
            // as the user types it (0.5), not as a measurement (0.5000)
            sampleRows.add(List.of(e.epoch(), String.valueOf(e.temperature()), e.text().replace("\n", " ⏎ ")));
        }
        report.section("Samples after each epoch").paragraph("Drawn from the start of a line with the same seed after "
                + "every epoch, so that rows differ only by what the model has learned (⏎ marks a line end).")
                .table(List.of("epoch", "temperature", "text"), sampleRows);

        perClass(report, v, unit);
        gradients(report, settings);
        ReportSections.provenance(report, provenance);
        return report.write();
    }

    private static void perClass(Report report, LanguageModelEvaluator.Metrics v, String unit) throws IOException {
        List<String> classes = new ArrayList<>(v.byClass().keySet());
        classes.sort(null);
        double[] nats = new double[classes.size()];
        // with its count: a tall bar of six digits weighs nothing in the overall figure
        List<String> bars = new ArrayList<>();
        List<List<?>> rows = new ArrayList<>();
        for (int i = 0; i < classes.size(); i++) {
            LanguageModelEvaluator.ClassLoss c = v.byClass().get(classes.get(i));
            nats[i] = c.natsPerToken();
            bars.add(String.format("%s (%,d)", classes.get(i), c.tokens()));
            rows.add(List.of(classes.get(i), c.tokens(), String.format("%.1f %%", 100.0 * c.tokens() / v.tokens()),
                    c.natsPerToken(), c.natsPerToken() / Math.log(2)));
        }
        Charts.bar(report.chartPath("loss-by-class.png"), "Validation loss by the class of the " + unit + " predicted",
                "class (" + unit + "s in the validation text)", "nats per " + unit, bars, Map.of("nats", nats));
        report.section("Loss by " + unit + " class").paragraph("Mean loss of the validation " + unit + "s of each class, "
                        + "by the class of the " + unit + " to be predicted; the share says how much each class weighs in "
                        + "the overall figure.")
                .image("loss-by-class.png", "Mean loss of the validation " + unit + "s of each class")
                .table(List.of("class", unit + "s", "share", "nats/" + unit, "bits/" + unit), rows);
    }

    /** The gradient diagnostic of the chosen cell on the memory task (common/diag), small enough for a report. */
    private static void gradients(Report report, TextGenSettings settings) throws IOException {
        GradientDiagnostics.Settings diag = new GradientDiagnostics.Settings(50, Math.min(settings.hidden(), 64), 8, 16, 50,
                settings.training().seed());
        GradientDiagnostics.CellResult r = GradientDiagnostics.run(settings.cell(), diag);
        Map<String, double[][]> series = new LinkedHashMap<>();
        series.put("at initialisation", xy(r.atInit()));
        series.put("after " + diag.trainIterations() + " iterations", xy(r.afterTraining()));
        Charts.line(report.chartPath("gradient-diagnostic.png"), "||dh(k+d)/dh(k)|| of a " + settings.cell().cliName()
                + " layer", "distance d (steps)", "Frobenius norm (log scale)", true, series);
        report.section("Gradients through time (" + settings.cell().cliName() + ")")
                .paragraph(String.format("How much the hidden state d steps later still depends on the state at step k, "
                                + "for the %s cell (%d units, the memory task of 'seqlab gradients'). Per step the norm "
                                + "changes by a factor %.3f at initialisation and %.3f after training (below 1 it vanishes "
                                + "geometrically); over one truncated-BPTT window of %d steps that is a factor %.2g, "
                                + "the reach of the gradient that training sees.",
                        settings.cell().cliName(), diag.hidden(), GradientDiagnostics.CellResult.decayPerStep(r.atInit()),
                        GradientDiagnostics.CellResult.decayPerStep(r.afterTraining()), settings.training().tbptt(),
                        Math.pow(GradientDiagnostics.CellResult.decayPerStep(r.afterTraining()), settings.training().tbptt())))
                .image("gradient-diagnostic.png", "Jacobian norms over distance");
    }

    private static double[][] xy(List<GradientDiagnostics.Point> points) {
        double[][] xy = new double[2][points.size()];
        for (int i = 0; i < points.size(); i++) {
            xy[0][i] = points.get(i).distance();
            xy[1][i] = points.get(i).norm();
        }
        return xy;
    }
}
