package org.seqlab.sentiment.baseline;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Multinomial logistic regression on sparse features, trained by AdaGrad SGD with L2 regularisation.
 * Small, deterministic for a seed, and fast enough for tens of thousands of n-gram features.
 */
public final class LogisticRegression {
    private final int classes;
    private final int features;
    private final float[] weights;
    private final float[] bias;

    private LogisticRegression(int classes, int features) {
        this.classes = classes;
        this.features = features;
        this.weights = new float[classes * features];
        this.bias = new float[classes];
    }

    /** Training settings: epochs over the data, AdaGrad step size and L2 strength per example. */
    public record Settings(int epochs, double learningRate, double l2, long seed) {
        public static Settings defaults(long seed) {
            return new Settings(15, 0.2, 1e-5, seed);
        }
    }

    public static LogisticRegression train(List<SparseVector> x, int[] y, int classes, int features, Settings s) {
        LogisticRegression model = new LogisticRegression(classes, features);
        float[] gradSquares = new float[model.weights.length];
        float[] biasSquares = new float[classes];
        double[] probabilities = new double[classes];
        int[] order = new int[x.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(s.seed());
        for (int epoch = 0; epoch < s.epochs(); epoch++) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int n : order) {
                SparseVector v = x.get(n);
                model.probabilities(v, probabilities);
                for (int c = 0; c < classes; c++) {
                    float error = (float) (probabilities[c] - (y[n] == c ? 1 : 0));
                    int offset = c * features;
                    for (int k = 0; k < v.indices().length; k++) {
                        int w = offset + v.indices()[k];
                        float g = error * v.values()[k] + (float) s.l2() * model.weights[w];
                        gradSquares[w] += g * g;
                        model.weights[w] -= (float) (s.learningRate() * g / Math.sqrt(gradSquares[w] + 1e-8));
                    }
                    biasSquares[c] += error * error;
                    model.bias[c] -= (float) (s.learningRate() * error / Math.sqrt(biasSquares[c] + 1e-8));
                }
            }
        }
        return model;
    }

    /** Fills {@code out} with the class probabilities of {@code v}. */
    public void probabilities(SparseVector v, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            out[c] = v.dot(weights, c * features) + bias[c];
            max = Math.max(max, out[c]);
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            out[c] = Math.exp(out[c] - max);
            sum += out[c];
        }
        for (int c = 0; c < classes; c++) {
            out[c] /= sum;
        }
    }

    public double[] probabilities(SparseVector v) {
        double[] out = new double[classes];
        probabilities(v, out);
        return out;
    }
}
