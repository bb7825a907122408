package org.seqlab.common.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Accumulates predictions batch by batch (from class indices or straight from network outputs) and
 * yields {@link ClassificationMetrics}. ROC-AUC is reported for two classes when every item came with
 * probabilities.
 */
public final class ClassificationEvaluator implements Evaluator<Integer, double[], ClassificationMetrics> {
    private final List<String> labels;
    private final long[][] confusion;
    private double[] scores = new double[64];
    private boolean[] positive = new boolean[64];
    private int scored;
    private long unscored;

    public ClassificationEvaluator(List<String> labels) {
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("no class labels");
        }
        this.labels = List.copyOf(labels);
        this.confusion = new long[labels.size()][labels.size()];
    }

    /** One item known only by its predicted class (disables ROC-AUC). */
    public void add(int gold, int predicted) {
        confusion[check(gold)][check(predicted)]++;
        unscored++;
    }

    @Override
    public void add(Integer gold, double[] probabilities) {
        add(gold.intValue(), probabilities);
    }

    /** One item with the predicted distribution over classes; the prediction is its arg max. */
    public void add(int gold, double[] probabilities) {
        if (probabilities.length != labels.size()) {
            throw new IllegalArgumentException("expected " + labels.size() + " probabilities, got " + probabilities.length);
        }
        int best = 0;
        for (int c = 1; c < probabilities.length; c++) {
            if (probabilities[c] > probabilities[best]) {
                best = c;
            }
        }
        confusion[check(gold)][best]++;
        if (labels.size() == 2) {
            if (scored == scores.length) {
                scores = Arrays.copyOf(scores, scored * 2);
                positive = Arrays.copyOf(positive, scored * 2);
            }
            scores[scored] = probabilities[1];
            positive[scored] = gold == 1;
            scored++;
        }
    }

    /**
     * A batch of network outputs: {@code labels} one-hot and {@code output} probabilities, either
     * {@code [batch, classes]} or time series {@code [batch, classes, time]}; {@code mask} ({@code [batch]}
     * or {@code [batch, time]}, 1 = real item) may be null.
     */
    public void add(INDArray oneHotLabels, INDArray output, INDArray mask) {
        if (!Arrays.equals(oneHotLabels.shape(), output.shape())) {
            throw new IllegalArgumentException("labels " + Arrays.toString(oneHotLabels.shape())
                    + " and output " + Arrays.toString(output.shape()) + " differ in shape");
        }
        int k = labels.size();
        if (output.size(1) != k) {
            throw new IllegalArgumentException("expected " + k + " classes in dimension 1, got " + output.size(1));
        }
        long batch = output.size(0);
        long steps = output.rank() == 3 ? output.size(2) : 1;
        double[] probs = new double[k];
        for (long b = 0; b < batch; b++) {
            for (long t = 0; t < steps; t++) {
                if (mask != null && (mask.rank() == 1 ? mask.getDouble(b) : mask.getDouble(b, t)) == 0) {
                    continue;
                }
                int gold = -1;
                for (int c = 0; c < k; c++) {
                    probs[c] = output.rank() == 3 ? output.getDouble(b, c, t) : output.getDouble(b, c);
                    double l = output.rank() == 3 ? oneHotLabels.getDouble(b, c, t) : oneHotLabels.getDouble(b, c);
                    if (l > 0.5) {
                        gold = c;
                    }
                }
                if (gold < 0) {
                    throw new IllegalArgumentException("label row " + b + (output.rank() == 3 ? " step " + t : "") + " is not one-hot");
                }
                add(gold, probs);
            }
        }
    }

    @Override
    public ClassificationMetrics result() {
        OptionalDouble auc = OptionalDouble.empty();
        boolean[] gold = Arrays.copyOf(positive, scored);
        long positives = 0;
        for (boolean g : gold) {
            positives += g ? 1 : 0;
        }
        // the curve needs a score for every item and both classes present
        if (labels.size() == 2 && unscored == 0 && positives > 0 && positives < scored) {
            auc = OptionalDouble.of(RocAuc.binary(Arrays.copyOf(scores, scored), gold));
        }
        return ClassificationMetrics.fromConfusion(labels, confusion, auc);
    }

    private int check(int index) {
        if (index < 0 || index >= labels.size()) {
            throw new IllegalArgumentException("class index " + index + " outside [0, " + labels.size() + ")");
        }
        return index;
    }
}
