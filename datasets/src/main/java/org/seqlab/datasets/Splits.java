package org.seqlab.datasets;

import org.seqlab.common.app.SplitInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.seqlab.common.error.BadInputException;

/**
 * Deterministic splits. Items are grouped by label (groups in label order, items in input order),
 * each group is shuffled with {@link SeededRandom} seeded from the seed and the label, and cut in the
 * requested proportions; the same input and seed give the same split on every machine.
 */
public final class Splits {
    private Splits() {
    }

    /**
     * Stratified train/validation/test split: every label keeps its proportion in every part (up to
     * rounding). The test part gets what remains after train and validation.
     */
    public static <T> Split<T> stratified(List<T> items, Function<T, String> label, double trainFraction,
                                          double validationFraction, long seed) {
        if (trainFraction <= 0 || validationFraction < 0 || trainFraction + validationFraction > 1 + 1e-9) {
            throw new BadInputException("split fractions must satisfy 0 < train, 0 <= validation, train + validation <= 1; got "
                    + trainFraction + " and " + validationFraction);
        }
        List<T> train = new ArrayList<>();
        List<T> validation = new ArrayList<>();
        List<T> test = new ArrayList<>();
        for (Map.Entry<String, List<T>> group : groups(items, label).entrySet()) {
            List<T> members = group.getValue();
            new SeededRandom(SeededRandom.derive(seed, group.getKey())).shuffle(members);
            int n = members.size();
            int nTrain = (int) Math.round(n * trainFraction);
            int nValidation = Math.min(n - nTrain, (int) Math.round(n * validationFraction));
            train.addAll(members.subList(0, nTrain));
            validation.addAll(members.subList(nTrain, nTrain + nValidation));
            test.addAll(members.subList(nTrain + nValidation, n));
        }
        // Interleave the labels so that the parts are not sorted by class.
        SeededRandom mix = new SeededRandom(seed);
        mix.shuffle(train);
        mix.shuffle(validation);
        mix.shuffle(test);
        // Rounded so that the stored description reads 0.1, not 0.09999999999999998.
        double testFraction = Math.max(0, Math.round((1 - trainFraction - validationFraction) * 1e9) / 1e9);
        return new Split<>(train, validation, test, new SplitInfo("stratified", seed, trainFraction, validationFraction,
                testFraction, train.size(), validation.size(), test.size()));
    }

    /** A random (unstratified) split. */
    public static <T> Split<T> random(List<T> items, double trainFraction, double validationFraction, long seed) {
        return stratified(items, item -> "", trainFraction, validationFraction, seed);
    }

    /**
     * Stratified k-fold cross-validation: fold i tests on the i-th part and trains on the other k-1; every
     * item is tested exactly once, and each label is spread evenly over the folds.
     */
    public static <T> List<Split<T>> kFold(List<T> items, Function<T, String> label, int k, long seed) {
        if (k < 2 || k > items.size()) {
            throw new BadInputException("k-fold needs 2 <= k <= number of items (" + items.size() + "); got k = " + k);
        }
        List<List<T>> parts = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            parts.add(new ArrayList<>());
        }
        int next = 0;
        for (Map.Entry<String, List<T>> group : groups(items, label).entrySet()) {
            List<T> members = group.getValue();
            new SeededRandom(SeededRandom.derive(seed, group.getKey())).shuffle(members);
            // Continue dealing where the previous label stopped so that fold sizes differ by at most one.
            for (T item : members) {
                parts.get(next).add(item);
                next = (next + 1) % k;
            }
        }
        List<Split<T>> folds = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            List<T> train = new ArrayList<>();
            for (int j = 0; j < k; j++) {
                if (j != i) {
                    train.addAll(parts.get(j));
                }
            }
            new SeededRandom(seed + i).shuffle(train);
            List<T> test = parts.get(i);
            folds.add(new Split<>(train, List.of(), test, new SplitInfo("k-fold " + (i + 1) + "/" + k, seed,
                    (k - 1) / (double) k, 0, 1 / (double) k, train.size(), 0, test.size())));
        }
        return folds;
    }

    private static <T> TreeMap<String, List<T>> groups(List<T> items, Function<T, String> label) {
        TreeMap<String, List<T>> groups = new TreeMap<>();
        for (T item : items) {
            String l = label.apply(item);
            groups.computeIfAbsent(l == null ? "" : l, x -> new ArrayList<>()).add(item);
        }
        return groups;
    }
}
