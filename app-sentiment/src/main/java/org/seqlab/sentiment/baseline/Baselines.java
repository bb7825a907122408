package org.seqlab.sentiment.baseline;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.seqlab.common.metrics.ClassificationMetrics;
import org.seqlab.common.text.NGrams;
import org.seqlab.common.text.TermVector;
import org.seqlab.common.text.TfIdf;

/**
 * The classic baselines a recurrent model must beat, trained on the same split: majority class, bag of
 * words + logistic regression, TF-IDF (uni+bigrams) + logistic regression, and NB-LR (Wang and
 * Manning 2012: binarised uni+bigrams scaled by the naive-Bayes log-count ratio, then logistic regression).
 */
public final class Baselines {
    private static final double NB_SMOOTHING = 1.0;

    private Baselines() {
    }

    /** One baseline's test predictions and metrics. */
    public record Result(String name, String description, ClassificationMetrics metrics, int[] predicted) {
    }

    /**
     * @param trainTokens tokens of each training text (after the app's text pipeline)
     * @param trainLabels label index of each training text
     */
    public static List<Result> run(List<List<String>> trainTokens, int[] trainLabels, List<List<String>> testTokens,
                                   int[] testLabels, List<String> labels, long seed) {
        int classes = labels.size();
        List<Result> out = new ArrayList<>();
        out.add(majority(trainLabels, testLabels, labels));

        Function<List<String>, TermVector> unigrams = tokens -> NGrams.counts(tokens, 1);
        out.add(logistic("bow-lr", "bag of words (unigram counts, L2-normalised) + logistic regression",
                map(trainTokens, unigrams), trainLabels, map(testTokens, unigrams), testLabels, labels, seed, true));

        List<List<String>> trainBigrams = map(trainTokens, t -> NGrams.of(t, 1, 2));
        TfIdf tfidf = TfIdf.fit(trainBigrams, TfIdf.Tf.NORMALISED);
        Function<List<String>, TermVector> weighted = tokens -> tfidf.vector(NGrams.of(tokens, 1, 2));
        out.add(logistic("tfidf-lr", "TF-IDF of uni+bigrams (IDF = 1 + ln(N/df), L2-normalised) + logistic regression",
                map(trainTokens, weighted), trainLabels, map(testTokens, weighted), testLabels, labels, seed, true));

        out.add(nbLr(map(trainBigrams, Baselines::binary), trainLabels,
                map(map(testTokens, t -> NGrams.of(t, 1, 2)), Baselines::binary), testLabels, labels, classes, seed));
        return out;
    }

    static Result majority(int[] trainLabels, int[] testLabels, List<String> labels) {
        long[] counts = new long[labels.size()];
        for (int y : trainLabels) {
            counts[y]++;
        }
        int most = 0;
        for (int c = 1; c < counts.length; c++) {
            if (counts[c] > counts[most]) {
                most = c;
            }
        }
        int[] predicted = new int[testLabels.length];
        java.util.Arrays.fill(predicted, most);
        return new Result("majority", "always the most frequent training label (" + labels.get(most) + ")",
                ClassificationMetrics.of(labels, testLabels, predicted, null), predicted);
    }

    private static Result logistic(String name, String description, List<TermVector> train, int[] trainLabels,
                                   List<TermVector> test, int[] testLabels, List<String> labels, long seed,
                                   boolean unitNorm) {
        FeatureIndex index = new FeatureIndex(train);
        List<SparseVector> x = map(train, v -> index.sparse(v, unitNorm));
        LogisticRegression lr = LogisticRegression.train(x, trainLabels, labels.size(), index.size(),
                LogisticRegression.Settings.defaults(seed));
        double[][] probabilities = new double[test.size()][];
        for (int i = 0; i < test.size(); i++) {
            probabilities[i] = lr.probabilities(index.sparse(test.get(i), unitNorm));
        }
        return result(name, description, probabilities, testLabels, labels);
    }

    /**
     * NB-LR: for each class c (one-vs-rest; a single scaling for two classes), r = log((p/|p|1) / (q/|q|1))
     * where p and q sum the binarised feature vectors of the texts in and not in c (plus smoothing); a
     * logistic regression on x ⊙ r then scores c.
     */
    private static Result nbLr(List<TermVector> train, int[] trainLabels, List<TermVector> test, int[] testLabels,
                               List<String> labels, int classes, long seed) {
        FeatureIndex index = new FeatureIndex(train);
        List<SparseVector> x = map(train, v -> index.sparse(v, false));
        List<SparseVector> testX = map(test, v -> index.sparse(v, false));
        int scorers = classes == 2 ? 1 : classes;
        double[][] scores = new double[test.size()][classes];
        for (int c = 0; c < scorers; c++) {
            int positive = classes == 2 ? 1 : c;
            float[] r = logCountRatio(x, trainLabels, positive, index.size());
            int[] binaryLabels = new int[trainLabels.length];
            for (int i = 0; i < trainLabels.length; i++) {
                binaryLabels[i] = trainLabels[i] == positive ? 1 : 0;
            }
            LogisticRegression lr = LogisticRegression.train(map(x, v -> v.scaled(r)), binaryLabels, 2, index.size(),
                    LogisticRegression.Settings.defaults(seed));
            for (int i = 0; i < test.size(); i++) {
                double p = lr.probabilities(testX.get(i).scaled(r))[1];
                if (classes == 2) {
                    scores[i][1] = p;
                    scores[i][0] = 1 - p;
                } else {
                    scores[i][c] = p;
                }
            }
        }
        if (classes > 2) {
            for (double[] row : scores) {
                double sum = java.util.Arrays.stream(row).sum();
                for (int c = 0; c < classes; c++) {
                    row[c] = sum > 0 ? row[c] / sum : 1.0 / classes;
                }
            }
        }
        return result("nb-lr", "NB-LR (Wang & Manning 2012): binarised uni+bigrams scaled by the naive-Bayes "
                + "log-count ratio + logistic regression", scores, testLabels, labels);
    }

    static float[] logCountRatio(List<SparseVector> x, int[] y, int positive, int features) {
        double[] p = new double[features];
        double[] q = new double[features];
        java.util.Arrays.fill(p, NB_SMOOTHING);
        java.util.Arrays.fill(q, NB_SMOOTHING);
        for (int i = 0; i < x.size(); i++) {
            double[] target = y[i] == positive ? p : q;
            SparseVector v = x.get(i);
            for (int k = 0; k < v.indices().length; k++) {
                target[v.indices()[k]] += v.values()[k];
            }
        }
        double pSum = java.util.Arrays.stream(p).sum();
        double qSum = java.util.Arrays.stream(q).sum();
        float[] r = new float[features];
        for (int f = 0; f < features; f++) {
            r[f] = (float) Math.log((p[f] / pSum) / (q[f] / qSum));
        }
        return r;
    }

    private static Result result(String name, String description, double[][] probabilities, int[] gold,
                                 List<String> labels) {
        int[] predicted = new int[gold.length];
        double[] positive = labels.size() == 2 ? new double[gold.length] : null;
        for (int i = 0; i < gold.length; i++) {
            int best = 0;
            for (int c = 1; c < probabilities[i].length; c++) {
                if (probabilities[i][c] > probabilities[i][best]) {
                    best = c;
                }
            }
            predicted[i] = best;
            if (positive != null) {
                positive[i] = probabilities[i][1];
            }
        }
        return new Result(name, description, ClassificationMetrics.of(labels, gold, predicted, positive), predicted);
    }

    private static TermVector binary(List<String> terms) {
        java.util.Map<String, Double> ones = new java.util.HashMap<>();
        terms.forEach(t -> ones.put(t, 1.0));
        return TermVector.of(ones);
    }

    private static <A, B> List<B> map(List<A> items, Function<A, B> f) {
        List<B> out = new ArrayList<>(items.size());
        items.forEach(i -> out.add(f.apply(i)));
        return out;
    }
}
