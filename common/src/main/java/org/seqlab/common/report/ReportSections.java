package org.seqlab.common.report;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.seqlab.common.app.MeanStd;
import org.seqlab.common.app.Provenance;
import org.seqlab.common.io.Json;
import org.seqlab.common.train.EpochRecord;
import org.seqlab.common.train.Trainer;
import org.seqlab.common.train.TrainingResult;

/** The report sections every app shows: learning curves, repeated runs, examples, provenance. */
public final class ReportSections {
    private ReportSections() {
    }

    /**
     * Train and validation loss, and the validation metric {@code metric} (e.g. accuracy, bleu), per epoch,
     * as {@code learning-curves.png}, with which epoch's model was kept; the numbers as {@code training-log.csv}.
     */
    public static void learningCurves(Report report, TrainingResult<?> training, String metric) throws IOException {
        List<Double> epochs = new ArrayList<>();
        List<Double> trainLoss = new ArrayList<>();
        List<Double> validationLoss = new ArrayList<>();
        List<Double> validationMetric = new ArrayList<>();
        for (EpochRecord r : training.history()) {
            epochs.add(r.position());
            trainLoss.add(r.trainLoss());
            validationLoss.add(r.validation().get("loss"));
            validationMetric.add(r.validation().get(metric));
        }
        Charts.learningCurves(report.chartPath("learning-curves.png"), epochs, trainLoss, validationLoss, metric,
                validationMetric);
        Trainer.writeLog(report.chartPath(Trainer.LOG_FILE), training.history());
        int ran = training.history().size();
        EpochRecord last = training.history().isEmpty() ? null : training.history().get(ran - 1);
        String ending = training.budgetUsedUp() ? ", ended by the --minutes budget" + (last != null && last.partial()
                ? String.format(" %.0f %% into the last one, which is drawn there", 100 * last.share()) : "")
                : training.stoppedEarly() ? ", ended by early stopping (--patience)" : "";
        report.section("Learning curves").image("learning-curves.png", "Loss and validation " + metric.replace('_', ' ')
                + " per epoch (" + ran + (ran == 1 ? " epoch" : " epochs") + ending + "; the model of epoch "
                + training.bestEpoch() + " is kept" + learningRates(training.history()) + "; every number in "
                + Trainer.LOG_FILE + ")");
    }

    /**
     * The learning rate over the epochs, for a caption: each stretch of epochs at one rate when there are at most four
     * (a plateau rule's drops), else the first and last rate (a per-epoch decay); empty when no rate was recorded.
     */
    static String learningRates(List<EpochRecord> history) {
        List<Stretch> stretches = new ArrayList<>();
        for (EpochRecord r : history) {
            if (!(r.learningRate() > 0)) {
                return "";
            }
            Stretch last = stretches.isEmpty() ? null : stretches.get(stretches.size() - 1);
            if (last != null && Math.abs(last.rate() - r.learningRate()) <= 1e-6 * r.learningRate()) {
                stretches.set(stretches.size() - 1, new Stretch(last.rate(), last.from(), r.epoch()));
            } else {
                stretches.add(new Stretch(r.learningRate(), r.epoch(), r.epoch()));
            }
        }
        if (stretches.isEmpty()) {
            return "";
        }
        Stretch first = stretches.get(0);
        if (stretches.size() == 1) {
            return "; learning rate " + rate(first.rate()) + " throughout";
        }
        if (stretches.size() > 4) {
            Stretch last = stretches.get(stretches.size() - 1);
            return "; learning rate " + rate(first.rate()) + " at epoch " + first.from() + ", " + rate(last.rate())
                    + " at epoch " + last.to();
        }
        StringBuilder out = new StringBuilder("; learning rate ");
        for (int i = 0; i < stretches.size(); i++) {
            Stretch stretch = stretches.get(i);
            boolean several = stretch.to() > stretch.from();
            String span = several ? stretch.from() + "-" + stretch.to() : String.valueOf(stretch.from());
            out.append(i == 0 ? "" : ", ").append(rate(stretch.rate()))
                    .append(i > 0 ? " (" : several ? " (epochs " : " (epoch ").append(span).append(')');
        }
        return out.toString();
    }

    /** Epochs {@code from}-{@code to} trained at one learning rate. */
    private record Stretch(double rate, int from, int to) {
    }

    /** Two significant digits; below 1e-4 (a cosine's last epochs) in scientific notation, "9.1e-7". */
    private static String rate(double rate) {
        BigDecimal rounded = new BigDecimal(rate).round(new MathContext(2)).stripTrailingZeros();
        if (rate >= 1e-4) {
            return rounded.toPlainString();
        }
        int exponent = rounded.precision() - rounded.scale() - 1;
        return rounded.movePointRight(-exponent).toPlainString() + "e" + exponent;
    }

    /**
     * One row per run with its scores, and a last row of mean ± std for each key; the headline of a repeated
     * experiment. Records {@code <key>_mean} and {@code <key>_std} in metrics.json.
     */
    public static Map<String, MeanStd> repeatedRuns(Report report, List<String> runNames,
                                                    List<Map<String, Double>> scores, List<String> keys) {
        List<List<?>> rows = new ArrayList<>();
        for (int i = 0; i < runNames.size(); i++) {
            List<Object> row = new ArrayList<>(List.of(runNames.get(i)));
            for (String key : keys) {
                row.add(scores.get(i).get(key));
            }
            rows.add(row);
        }
        Map<String, MeanStd> summary = new LinkedHashMap<>();
        List<Object> last = new ArrayList<>(List.of("mean ± std"));
        Map<String, Object> flat = new LinkedHashMap<>();
        for (String key : keys) {
            List<Double> values = scores.stream().map(s -> s.get(key)).filter(v -> v != null).toList();
            if (values.isEmpty()) {
                last.add("");
                continue;
            }
            MeanStd m = MeanStd.of(values);
            summary.put(key, m);
            last.add(m.format(4));
            flat.put(key + "_mean", m.mean());
            flat.put(key + "_std", m.std());
        }
        rows.add(last);
        List<String> header = new ArrayList<>(List.of("run"));
        header.addAll(keys);
        report.section("Repeated runs").table(header, rows).metrics(flat);
        return summary;
    }

    /** A table of example inputs and outputs (translations beside references, tagged sentences...). */
    public static void examples(Report report, String heading, List<String> header, List<List<?>> rows) {
        report.section(heading).table(header, rows);
    }

    /** Where the model came from: data, split, settings, seeds, versions, times. */
    public static void provenance(Report report, Provenance provenance) {
        List<List<?>> rows = new ArrayList<>();
        @SuppressWarnings("unchecked")
        Map<String, Object> flat = Json.MAPPER.convertValue(provenance, Map.class);
        flat.forEach((k, v) -> rows.add(List.of(k, v instanceof String s ? s : Json.line(v))));
        report.section("Provenance").table(List.of("field", "value"), rows);
    }
}
