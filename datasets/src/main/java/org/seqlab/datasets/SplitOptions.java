package org.seqlab.datasets;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The split options of every {@code train} command (a picocli mixin); {@link #plan} turns them into a
 * {@link SplitPlan}. An app sets its default method and fractions.
 */
public class SplitOptions {
    @Option(names = "--split", paramLabel = "stratified|random|own|by-source", converter = MethodConverter.class,
            description = "How --data is split into train/validation/test: stratified or random fractions, the data's "
                    + "own parts (e.g. IMDB's train/test), or by source (with --train-sources/--test-sources). "
                    + "Default: ${DEFAULT-VALUE}.")
    public SplitPlan.Method method;

    @Option(names = "--cv", paramLabel = "K",
            description = "K-fold cross-validation instead of one split (0 = off); each fold keeps a ninth of its "
                    + "training part for validation; reports mean ± std. Default: ${DEFAULT-VALUE}.")
    public int folds = 0;

    @Option(names = "--train", paramLabel = "FILE", description = "Train on this file instead of a split of --data.")
    public Path trainFile;

    @Option(names = "--valid", paramLabel = "FILE",
            description = "Validation file for --train (default: a share of --train).")
    public Path validFile;

    @Option(names = "--test", paramLabel = "FILE", description = "Test file for --train.")
    public Path testFile;

    @Option(names = "--train-sources", paramLabel = "A,B", split = ",",
            description = "Cross-domain: train (and validate) only on items from these sources, e.g. amazon,imdb.")
    public List<String> trainSources = List.of();

    @Option(names = "--test-sources", paramLabel = "C", split = ",",
            description = "Cross-domain: test only on items from these sources, e.g. yelp.")
    public List<String> testSources = List.of();

    static final class MethodConverter implements picocli.CommandLine.ITypeConverter<SplitPlan.Method> {
        @Override
        public SplitPlan.Method convert(String value) {
            return SplitPlan.Method.parse(value);
        }
    }

    public SplitOptions() {
    }

    /** Options whose {@code --split} defaults to {@code method}. */
    public SplitOptions(SplitPlan.Method method) {
        this.method = method;
    }

    /** The plan these options describe, with the app's fractions; validates the combination. */
    public SplitPlan plan(double trainFraction, double validationFraction, long seed) {
        return new SplitPlan(method == null ? SplitPlan.Method.RANDOM : method, trainFraction, validationFraction, seed,
                folds, trainSources, testSources, trainFile, validFile, testFile);
    }
}
