package org.seqlab.tagger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.seqlab.common.app.SplitInfo;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.train.ShuffledBatches;
import org.seqlab.datasets.Catalog;
import org.seqlab.datasets.Datasets;
import org.seqlab.datasets.Split;
import org.seqlab.datasets.SplitPlan;
import org.seqlab.datasets.TaggedSentence;

/**
 * The tagger's data, split by a {@link SplitPlan}: a catalog corpus ({@code brown-pos}) or a file split at random
 * into train/validation/test sentences; a folder holding the data's own train, dev and test files (CoNLL-2003's
 * {@code eng.train}, {@code eng.testa}, {@code eng.testb}; UD's {@code *-ud-train.conllu}, {@code -dev},
 * {@code -test}), kept as they are ({@code --split own}, the default for a folder); or the user's
 * {@code --train/--valid/--test} files. {@code originalTags} picks the corpus's own tags (Brown tags, CoNLL-U
 * XPOS) instead of the universal ones (UPOS).
 */
public record TaggerData(String name, Split<TaggedSentence> split, String sha256) {
    /** A sentence and the part of the data it came from (train, dev, test), for {@code --split own}. */
    record Item(TaggedSentence sentence, String part) {
    }

    static final SplitPlan.Keys<Item> KEYS = new SplitPlan.Keys<>() {
        @Override
        public String stratum(Item item) {
            return "";
        }

        @Override
        public String ownPart(Item item) {
            return item.part();
        }
    };

    public static TaggerData load(String nameOrPath, String format, boolean originalTags, SplitPlan plan, int limit)
            throws IOException {
        SplitPlan.FileReader<Item> files = file -> read(file.toString(), format, originalTags, null);
        if (plan.usesFiles()) {
            Split<Item> s = plan.apply(null, KEYS, files).get(0);
            String name = plan.trainFile() + "," + plan.testFile();
            return new TaggerData(plan.trainFile().toString(), sentences(s, limit, plan.seed()),
                    Datasets.fingerprint(name));
        }
        if (nameOrPath == null || nameOrPath.isBlank()) {
            throw new BadInputException("give --data brown-pos, a tagged file (CoNLL-U, word/tag lines, 'word tag' "
                    + "columns), a folder with train/dev/test files, or --train FILE --test FILE");
        }
        Path folder = Path.of(nameOrPath);
        List<Item> all;
        if (Catalog.find(nameOrPath).isEmpty() && Files.isDirectory(folder)) {
            if (plan.method() != SplitPlan.Method.OWN) {
                throw new BadInputException("--data " + nameOrPath + " is a folder: its train/dev/test files are its own "
                        + "split (--split own); give a single file for a random split");
            }
            all = ownParts(folder, format, originalTags);
        } else {
            if (plan.method() == SplitPlan.Method.OWN) {
                throw new BadInputException("--split own needs a folder of train/dev/test files; " + nameOrPath
                        + " is one corpus (use --split random)");
            }
            all = read(nameOrPath, format, originalTags, null);
        }
        Split<Item> s = plan.apply(all, KEYS, files).get(0);
        return new TaggerData(nameOrPath, sentences(s, limit, plan.seed()), Datasets.fingerprint(nameOrPath));
    }

    /** The split method for {@code --data}: the app's default, random, except for a folder (its own files). */
    static SplitPlan.Method defaultMethod(String nameOrPath) {
        return nameOrPath != null && Catalog.find(nameOrPath).isEmpty() && Files.isDirectory(Path.of(nameOrPath))
                ? SplitPlan.Method.OWN : SplitPlan.Method.RANDOM;
    }

    private static List<Item> ownParts(Path folder, String format, boolean originalTags) throws IOException {
        List<Item> all = new ArrayList<>();
        List<String> parts = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                String part = n.contains("train") ? "train"
                        : n.contains("dev") || n.contains("valid") || n.contains("testa") ? "dev"
                        : n.contains("test") ? "test" : null;
                if (part != null) {
                    all.addAll(read(f.toString(), format, originalTags, part));
                    parts.add(part);
                }
            }
        }
        if (!parts.contains("train") || !parts.contains("test")) {
            throw new BadInputException("folder " + folder + " needs a training file and a test file (names containing "
                    + "'train' and 'test'; 'dev', 'valid' or 'testa' for validation)");
        }
        return all;
    }

    private static List<Item> read(String path, String format, boolean originalTags, String part) {
        return tags(Datasets.tagged(path, format), originalTags).stream().map(s -> new Item(s, part)).toList();
    }

    /**
     * The split's sentences; with a {@code limit}, a random sample of that many training sentences and an eighth
     * as many validation and test sentences (the proportions of an 80/10/10 split).
     */
    private static Split<TaggedSentence> sentences(Split<Item> s, int limit, long seed) {
        List<TaggedSentence> train = limited(s.train().stream().map(Item::sentence).toList(), limit, seed);
        List<TaggedSentence> validation = limited(s.validation().stream().map(Item::sentence).toList(), limit / 8, seed);
        List<TaggedSentence> test = limited(s.test().stream().map(Item::sentence).toList(), limit / 8, seed);
        SplitInfo i = s.info();
        String method = limit > 0 ? i.method() + ", a sample of " + train.size() + " training sentences" : i.method();
        return new Split<>(train, validation, test, new SplitInfo(method, i.seed(), i.trainFraction(),
                i.validationFraction(), i.testFraction(), train.size(), validation.size(), test.size()));
    }

    /** The sentences with the chosen tags as their tags. */
    static List<TaggedSentence> tags(List<TaggedSentence> sentences, boolean originalTags) {
        if (!originalTags) {
            return sentences;
        }
        List<TaggedSentence> out = new ArrayList<>(sentences.size());
        for (TaggedSentence s : sentences) {
            out.add(new TaggedSentence(s.words(), s.originalTags(), s.originalTags()));
        }
        return out;
    }

    /**
     * A seeded random sample of {@code limit} sentences (0 = all), in corpus order: a slice for quick runs that
     * still spans the corpus's genres (its first sentences would all be press reportage).
     */
    static List<TaggedSentence> limited(List<TaggedSentence> sentences, int limit, long seed) {
        if (limit <= 0 || limit >= sentences.size()) {
            return sentences;
        }
        List<Integer> picked = new ArrayList<>(ShuffledBatches.shuffled(
                IntStream.range(0, sentences.size()).boxed().toList(), seed).subList(0, limit));
        Collections.sort(picked);
        return picked.stream().map(sentences::get).toList();
    }
}
