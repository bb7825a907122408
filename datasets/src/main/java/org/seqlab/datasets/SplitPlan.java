package org.seqlab.datasets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.seqlab.common.app.SplitInfo;
import org.seqlab.common.error.BadInputException;

/**
 * How a train command turns data into train/validation/test parts, whatever the task:
 * <ul>
 *   <li>{@code stratified} or {@code random} fractions of one dataset (the app's default fractions);</li>
 *   <li>{@code own}: the data's own parts (IMDB's official train/test, a corpus's train/dev/test files), with a
 *       validation part carved from the training part when the data has none;</li>
 *   <li>{@code by-source}: train and validate on some values of a field, test on others (cross-domain);</li>
 *   <li>{@code files}: the user's {@code --train/--valid/--test} files;</li>
 *   <li>{@code --cv K}: K stratified folds, each keeping a ninth of its training part for validation.</li>
 * </ul>
 * Every split is deterministic in the seed. Validated on construction, so a bad combination of options is a
 * one-line error before any data is read.
 */
public record SplitPlan(Method method, double trainFraction, double validationFraction, long seed, int folds,
                        List<String> trainSources, List<String> testSources, Path trainFile, Path validFile,
                        Path testFile) {
    /** The split methods. */
    public enum Method {
        STRATIFIED, RANDOM, OWN, BY_SOURCE, FILES;

        public String cliName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** As on the command line (help texts print defaults with it). */
        @Override
        public String toString() {
            return cliName();
        }

        /** Parses a command-line name such as {@code by-source}. */
        public static Method parse(String text) {
            for (Method m : values()) {
                if (m.cliName().equalsIgnoreCase(text.strip()) || m.name().equalsIgnoreCase(text.strip())) {
                    return m;
                }
            }
            throw new BadInputException("--split must be one of stratified, random, own, by-source; got '" + text + "'");
        }
    }

    /** What a plan needs to know about an item: its stratum (label), its source field and its own part. */
    public interface Keys<T> {
        /** The value a stratified split keeps in proportion (a label); null or "" for none. */
        String stratum(T item);

        /** The field a by-source split groups by (e.g. amazon, imdb, yelp). */
        default String source(T item) {
            throw new BadInputException("this data has no source field to split by");
        }

        /** The item's own part: "train", "validation" (or "valid", "dev") or "test"; null when it has none. */
        default String ownPart(T item) {
            return null;
        }
    }

    public SplitPlan {
        trainSources = trainSources == null ? List.of() : List.copyOf(trainSources);
        testSources = testSources == null ? List.of() : List.copyOf(testSources);
        if (trainFraction <= 0 || validationFraction <= 0 || trainFraction + validationFraction >= 1) {
            throw new BadInputException("split fractions must satisfy 0 < train, 0 < validation, train + validation < 1; got "
                    + trainFraction + " and " + validationFraction);
        }
        if (folds == 1 || folds < 0 || folds > 50) {
            throw new BadInputException("--cv must be 0 (off) or between 2 and 50, got " + folds);
        }
        if (trainSources.isEmpty() != testSources.isEmpty()) {
            throw new BadInputException("a cross-domain split needs both --train-sources and --test-sources");
        }
        if (!trainSources.isEmpty() && method != Method.BY_SOURCE) {
            method = Method.BY_SOURCE;
        }
        if (trainFile != null || testFile != null || validFile != null) {
            if (trainFile == null || testFile == null) {
                throw new BadInputException("user files need both --train FILE and --test FILE (--valid FILE is optional)");
            }
            if (!trainSources.isEmpty()) {
                throw new BadInputException("--train/--test files do not combine with --train-sources/--test-sources");
            }
            method = Method.FILES;
        }
        if (method == Method.BY_SOURCE && trainSources.isEmpty()) {
            throw new BadInputException("--split by-source needs --train-sources A,B and --test-sources C");
        }
        if (folds > 0 && method != Method.STRATIFIED && method != Method.RANDOM) {
            throw new BadInputException("--cv splits one dataset into folds; it does not combine with --split "
                    + method.cliName());
        }
    }

    /** Reads one of the user's files. */
    @FunctionalInterface
    public interface FileReader<T> {
        List<T> read(Path file);
    }

    /** Whether the plan reads the user's files instead of {@code --data}. */
    public boolean usesFiles() {
        return method == Method.FILES;
    }

    /**
     * The splits: one, or one per fold. {@code all} is the whole dataset (null when {@link #usesFiles()});
     * {@code files} reads the user's files.
     */
    public <T> List<Split<T>> apply(List<T> all, Keys<T> keys, FileReader<T> files) {
        return switch (method) {
            case FILES -> List.of(fromFiles(keys, files));
            case OWN -> List.of(own(all, keys));
            case BY_SOURCE -> List.of(bySource(all, keys));
            case STRATIFIED, RANDOM -> folds > 0 ? crossValidation(all, stratum(keys)) : List.of(fractions(all, keys));
        };
    }

    private <T> Function<T, String> stratum(Keys<T> keys) {
        return method == Method.RANDOM ? item -> "" : keys::stratum;
    }

    private <T> Split<T> fractions(List<T> all, Keys<T> keys) {
        Split<T> s = Splits.stratified(all, stratum(keys), trainFraction, validationFraction, seed);
        if (s.train().isEmpty() || s.validation().isEmpty() || s.test().isEmpty()) {
            throw new BadInputException("the data has too few items (" + all.size()
                    + ") for a train/validation/test split");
        }
        return new Split<>(s.train(), s.validation(), s.test(), rename(s.info(), method.cliName() + " "
                + percent(trainFraction) + "/" + percent(validationFraction) + "/"
                + percent(1 - trainFraction - validationFraction)));
    }

    private <T> List<Split<T>> crossValidation(List<T> all, Function<T, String> stratum) {
        List<Split<T>> out = new ArrayList<>();
        List<Split<T>> kFold = Splits.kFold(all, stratum, folds, seed);
        for (int i = 0; i < kFold.size(); i++) {
            Split<T> fold = kFold.get(i);
            // early stopping and model selection need validation data: a ninth of the fold's training part;
            // the held-out fold stays the test set
            Split<T> inner = Splits.stratified(fold.train(), stratum, 8 / 9.0, 1 / 9.0, seed + i);
            List<T> train = new ArrayList<>(inner.train());
            train.addAll(inner.test());
            double n = all.size();
            out.add(new Split<>(train, inner.validation(), fold.test(), new SplitInfo(fold.info().method()
                    + ", validation a ninth of its training part", seed, train.size() / n, inner.validation().size() / n,
                    fold.test().size() / n, train.size(), inner.validation().size(), fold.test().size())));
        }
        return out;
    }

    private <T> Split<T> own(List<T> all, Keys<T> keys) {
        List<T> train = new ArrayList<>();
        List<T> validation = new ArrayList<>();
        List<T> test = new ArrayList<>();
        Set<String> unknown = new LinkedHashSet<>();
        for (T item : all) {
            String part = keys.ownPart(item);
            switch (part == null ? "" : part.toLowerCase(Locale.ROOT)) {
                case "train" -> train.add(item);
                case "validation", "valid", "dev", "val" -> validation.add(item);
                case "test" -> test.add(item);
                default -> unknown.add(String.valueOf(part));
            }
        }
        if (train.isEmpty() || test.isEmpty()) {
            throw new BadInputException("--split own needs data with its own train and test parts"
                    + (unknown.isEmpty() ? "" : "; this data's parts are " + unknown));
        }
        String method = "the data's own split";
        if (validation.isEmpty()) {
            Split<T> inner = Splits.stratified(train, keys::stratum, 1 - validationFraction, validationFraction, seed);
            train = new ArrayList<>(inner.train());
            train.addAll(inner.test());
            validation = inner.validation();
            method += ", validation " + percent(validationFraction) + " % of its training part";
        }
        return described(method, train, validation, test);
    }

    private <T> Split<T> bySource(List<T> all, Keys<T> keys) {
        Set<String> known = new LinkedHashSet<>();
        all.forEach(item -> known.add(keys.source(item)));
        for (String s : trainSources) {
            requireSource(s, known);
        }
        for (String s : testSources) {
            requireSource(s, known);
        }
        List<T> source = all.stream().filter(item -> trainSources.contains(keys.source(item))).toList();
        List<T> target = all.stream().filter(item -> testSources.contains(keys.source(item))).toList();
        Split<T> s = Splits.stratified(source, keys::stratum, 1 - validationFraction, validationFraction, seed);
        List<T> train = new ArrayList<>(s.train());
        train.addAll(s.test());
        return described(String.join("+", trainSources) + " → " + String.join("+", testSources), train,
                s.validation(), target);
    }

    private static void requireSource(String source, Set<String> known) {
        if (!known.contains(source)) {
            throw new BadInputException("no items from source '" + source + "'; the sources are " + known);
        }
    }

    private <T> Split<T> fromFiles(Keys<T> keys, FileReader<T> files) {
        List<T> train = read(files, trainFile);
        List<T> test = read(files, testFile);
        List<T> validation;
        String method = "user files";
        if (validFile != null) {
            validation = read(files, validFile);
        } else {
            Split<T> inner = Splits.stratified(train, keys::stratum, 1 - validationFraction, validationFraction, seed);
            train = new ArrayList<>(inner.train());
            train.addAll(inner.test());
            validation = inner.validation();
            method += ", validation " + percent(validationFraction) + " % of --train";
        }
        return described(method, train, validation, test);
    }

    private static <T> List<T> read(FileReader<T> files, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("no such file: " + file);
        }
        List<T> items = files.read(file);
        if (items.isEmpty()) {
            throw new BadInputException(file + " holds no usable items");
        }
        return items;
    }

    private <T> Split<T> described(String method, List<T> train, List<T> validation, List<T> test) {
        if (validation.isEmpty()) {
            throw new BadInputException("the training part is too small to keep a validation part (" + train.size()
                    + " items)");
        }
        double n = train.size() + validation.size() + test.size();
        return new Split<>(train, validation, test, new SplitInfo(method, seed, train.size() / n,
                validation.size() / n, test.size() / n, train.size(), validation.size(), test.size()));
    }

    private static SplitInfo rename(SplitInfo info, String method) {
        return new SplitInfo(method, info.seed(), info.trainFraction(), info.validationFraction(), info.testFraction(),
                info.train(), info.validation(), info.test());
    }

    private static String percent(double fraction) {
        return String.valueOf(Math.round(fraction * 100));
    }
}
