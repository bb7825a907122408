package org.seqlab.translation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.seqlab.common.app.SplitInfo;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.train.ShuffledBatches;
import org.seqlab.datasets.Catalog;
import org.seqlab.datasets.ParallelFolder;
import org.seqlab.datasets.Split;
import org.seqlab.datasets.TextPair;
import org.seqlab.datasets.Datasets;

/**
 * Where a translation model's sentence pairs come from and how they are split, stored in the bundle so
 * that {@code eval} finds the same test split.
 *
 * @param data           a catalog name (German-English pairs), a Multi30k-style folder, {@code a.de,a.en}, or a
 *                       TSV/JSONL/.mo file (first column the source)
 * @param direction      {@code de-en} or {@code en-de} for the catalog's German-English pairs; the file
 *                       extensions of a folder's files; for other files only the names of the two sides
 * @param splitSeed      the shuffle before the pairs are cut into test, validation and training parts
 * @param testSize       pairs held out for the test (at most a tenth of the data)
 * @param validationSize pairs held out for validation (at most a twentieth of the data)
 * @param maxPairs       training pairs used (0 = all): a smaller budget
 * @param dictionary     word and phrase translations added to the training pairs only: {@code auto} (the catalog
 *                       dataset's own dictionary when it ships one), {@code none}, or a pair file in the data's
 *                       direction; null (a bundle written before the option) reads as none
 * @param dictionaryPairs entries added at most, a seeded sample (0 = all)
 */
public record TranslationData(String data, String format, String direction, long splitSeed, int testSize,
                              int validationSize, int maxPairs, String dictionary, int dictionaryPairs) {
    public static final String AUTO = "auto";
    public static final String NONE = "none";

    /** Sentence pairs only, without dictionary entries. */
    public TranslationData(String data, String format, String direction, long splitSeed, int testSize,
                           int validationSize, int maxPairs) {
        this(data, format, direction, splitSeed, testSize, validationSize, maxPairs, NONE, 0);
    }

    public TranslationData {
        if (data == null || data.isBlank()) {
            throw new BadInputException("--data is empty; give a catalog name (gettext-de-en, ding-de-en) or a path");
        }
        if (direction == null || !direction.matches("[A-Za-z]{2,8}-[A-Za-z]{2,8}")) {
            throw new BadInputException("--direction must look like de-en (source-target), got " + direction);
        }
        direction = direction.toLowerCase(Locale.ROOT);
        String[] languages = direction.split("-");
        if (languages[0].equals(languages[1])) {
            throw new BadInputException("--direction needs two different languages, got " + direction);
        }
        if (testSize < 1 || validationSize < 1) {
            throw new BadInputException("--test-size and --validation-size must be positive");
        }
        if (maxPairs < 0) {
            throw new BadInputException("--max-pairs must not be negative, got " + maxPairs);
        }
        if (dictionaryPairs < 0) {
            throw new BadInputException("--dictionary-pairs must not be negative, got " + dictionaryPairs);
        }
        if (dictionary == null || dictionary.isBlank()) {
            dictionary = NONE;
        }
    }

    public String sourceLanguage() {
        return direction.substring(0, direction.indexOf('-'));
    }

    public String targetLanguage() {
        return direction.substring(direction.indexOf('-') + 1);
    }

    /** The split: the folder's own, or a seeded shuffle cut into test, validation and training pairs. */
    public Split<TextPair> split() {
        Path path = Path.of(data);
        if (Catalog.find(data).isEmpty() && Files.isDirectory(path)) {
            if (!ParallelFolder.isLayout(path)) {
                throw new BadInputException(data + " is a folder without train.<lang> files; give a Multi30k-style folder "
                        + "(train.de, train.en, val.*, test.*) or a file");
            }
            Split<TextPair> own = ParallelFolder.load(path, sourceLanguage(), targetLanguage());
            return limit(own);
        }
        List<TextPair> pairs = pairs();
        List<TextPair> shuffled = ShuffledBatches.shuffled(pairs, splitSeed);
        int test = Math.min(testSize, shuffled.size() / 10);
        int validation = Math.min(validationSize, shuffled.size() / 20);
        if (test < 1 || validation < 1 || shuffled.size() - test - validation < 1) {
            throw new BadInputException(data + " has " + pairs.size() + " sentence pairs; at least 20 are needed to hold "
                    + "out test and validation pairs");
        }
        List<TextPair> train = shuffled.subList(test + validation, shuffled.size());
        int n = shuffled.size();
        return limit(new Split<>(train, shuffled.subList(test, test + validation), shuffled.subList(0, test),
                new SplitInfo("random, " + test + " test and " + validation + " validation pairs", splitSeed,
                        train.size() / (double) n, validation / (double) n, test / (double) n, train.size(), validation, test)));
    }

    private Split<TextPair> limit(Split<TextPair> split) {
        if (maxPairs == 0 || split.train().size() <= maxPairs) {
            return split;
        }
        SplitInfo i = split.info();
        return new Split<>(split.train().subList(0, maxPairs), split.validation(), split.test(),
                new SplitInfo(i.method() + ", training limited to " + maxPairs + " pairs", i.seed(), i.trainFraction(),
                        i.validationFraction(), i.testFraction(), maxPairs, i.validation(), i.test()));
    }

    /**
     * The dictionary entries to train on beside {@code split}'s training pairs: a sample of {@link #dictionaryPairs}
     * seeded by the split seed, without any entry whose source is the source of a validation or test pair, so
     * nothing held out is learned by heart. Empty with {@code none}, or {@code auto} on data that has no dictionary.
     */
    public List<TextPair> dictionaryEntries(Split<TextPair> split) {
        List<TextPair> entries;
        if (dictionary.equals(NONE)) {
            return List.of();
        } else if (dictionary.equals(AUTO)) {
            entries = Datasets.dictionary(data).map(this::inDirection).orElse(List.of());
        } else {
            entries = Datasets.pairs(dictionary, null);
        }
        Set<String> heldOut = new HashSet<>();
        split.validation().forEach(p -> heldOut.add(p.source()));
        split.test().forEach(p -> heldOut.add(p.source()));
        List<TextPair> usable = entries.stream().filter(e -> !heldOut.contains(e.source())).toList();
        if (dictionaryPairs == 0 || usable.size() <= dictionaryPairs) {
            return usable;
        }
        return List.copyOf(ShuffledBatches.shuffled(usable, splitSeed).subList(0, dictionaryPairs));
    }

    /** Every pair, source first. */
    public List<TextPair> pairs() {
        List<TextPair> pairs = Datasets.pairs(data, format);
        return Catalog.find(data).isPresent() ? inDirection(pairs) : pairs;
    }

    /** A catalog dataset's German -> English pairs turned the way {@link #direction} reads. */
    private List<TextPair> inDirection(List<TextPair> germanEnglish) {
        if (direction.equals("en-de")) {
            return germanEnglish.stream().map(p -> new TextPair(p.target(), p.source())).toList();
        }
        if (!direction.equals("de-en")) {
            throw new BadInputException(data + " holds German-English pairs; --direction must be de-en or en-de, got "
                    + direction);
        }
        return germanEnglish;
    }
}
