package org.seqlab.common.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Classification results: accuracy, per-class precision/recall/F1, their macro averages, the confusion
 * matrix ({@code confusion[gold][predicted]}) and, for two classes with scores, ROC-AUC.
 * A class that is never predicted (or never present) gets precision (or recall) 0, as scikit-learn does.
 */
public record ClassificationMetrics(List<String> labels, long total, double accuracy, List<PerClass> perClass,
                                    double macroPrecision, double macroRecall, double macroF1,
                                    long[][] confusion, OptionalDouble rocAuc) implements MetricSet {

    /** One class's figures; {@code support} is how many gold items carry the class. */
    public record PerClass(String label, double precision, double recall, double f1, long support) {
    }

    public ClassificationMetrics {
        labels = List.copyOf(labels);
        perClass = List.copyOf(perClass);
        confusion = copy(confusion);
    }

    @Override
    public long[][] confusion() {
        return copy(confusion);
    }

    /**
     * Computes everything from gold and predicted class indices.
     *
     * @param positiveScores the score of class 1 per item for ROC-AUC (two classes only), or null
     */
    public static ClassificationMetrics of(List<String> labels, int[] gold, int[] predicted, double[] positiveScores) {
        if (gold.length != predicted.length) {
            throw new IllegalArgumentException("gold and predicted differ in length: " + gold.length + " vs " + predicted.length);
        }
        int k = labels.size();
        long[][] confusion = new long[k][k];
        for (int i = 0; i < gold.length; i++) {
            confusion[check(gold[i], k)][check(predicted[i], k)]++;
        }
        OptionalDouble auc = OptionalDouble.empty();
        if (positiveScores != null) {
            if (k != 2) {
                throw new IllegalArgumentException("ROC-AUC needs exactly two classes, got " + k);
            }
            boolean[] positive = new boolean[gold.length];
            for (int i = 0; i < gold.length; i++) {
                positive[i] = gold[i] == 1;
            }
            boolean both = gold.length > 0 && contains(positive, true) && contains(positive, false);
            if (both) {
                auc = OptionalDouble.of(RocAuc.binary(positiveScores, positive));
            }
        }
        return fromConfusion(labels, confusion, auc);
    }

    /** Derives every figure from a confusion matrix {@code [gold][predicted]}. */
    public static ClassificationMetrics fromConfusion(List<String> labels, long[][] confusion, OptionalDouble rocAuc) {
        int k = labels.size();
        long total = 0;
        long correct = 0;
        long[] goldCount = new long[k];
        long[] predictedCount = new long[k];
        for (int g = 0; g < k; g++) {
            for (int p = 0; p < k; p++) {
                long c = confusion[g][p];
                total += c;
                goldCount[g] += c;
                predictedCount[p] += c;
                if (g == p) {
                    correct += c;
                }
            }
        }
        List<PerClass> perClass = new ArrayList<>(k);
        double sumP = 0;
        double sumR = 0;
        double sumF = 0;
        for (int c = 0; c < k; c++) {
            double precision = ratio(confusion[c][c], predictedCount[c]);
            double recall = ratio(confusion[c][c], goldCount[c]);
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass.add(new PerClass(labels.get(c), precision, recall, f1, goldCount[c]));
            sumP += precision;
            sumR += recall;
            sumF += f1;
        }
        return new ClassificationMetrics(labels, total, ratio(correct, total), perClass,
                k == 0 ? 0 : sumP / k, k == 0 ? 0 : sumR / k, k == 0 ? 0 : sumF / k, confusion, rocAuc);
    }

    /**
     * Flat keys for {@code metrics.json}: {@code accuracy}, {@code macro_precision}, {@code macro_recall},
     * {@code macro_f1}, {@code roc_auc} (when known) and {@code precision_<label>}, {@code recall_<label>},
     * {@code f1_<label>} per class.
     */
    public Map<String, Double> flat() {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("accuracy", accuracy);
        out.put("macro_precision", macroPrecision);
        out.put("macro_recall", macroRecall);
        out.put("macro_f1", macroF1);
        rocAuc.ifPresent(v -> out.put("roc_auc", v));
        for (PerClass c : perClass) {
            out.put("precision_" + c.label(), c.precision());
            out.put("recall_" + c.label(), c.recall());
            out.put("f1_" + c.label(), c.f1());
        }
        return out;
    }

    private static double ratio(long num, long den) {
        return den == 0 ? 0 : (double) num / den;
    }

    private static int check(int index, int k) {
        if (index < 0 || index >= k) {
            throw new IllegalArgumentException("class index " + index + " outside [0, " + k + ")");
        }
        return index;
    }

    private static boolean contains(boolean[] values, boolean wanted) {
        for (boolean v : values) {
            if (v == wanted) {
                return true;
            }
        }
        return false;
    }

    private static long[][] copy(long[][] m) {
        long[][] out = new long[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = m[i].clone();
        }
        return out;
    }
}
