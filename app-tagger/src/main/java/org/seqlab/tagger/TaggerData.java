package org.seqlab.tagger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.seqlab.common.app.SplitInfo;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.io.Hashing;
import org.seqlab.common.train.ShuffledBatches;
import org.seqlab.datasets.Catalog;
import org.seqlab.datasets.Datasets;
import org.seqlab.datasets.Split;
import org.seqlab.datasets.Splits;
import org.seqlab.datasets.TaggedSentence;

/**
 * The tagger's data: a catalog corpus ({@code brown-pos}) or a file split at random into train/validation/test
 * sentences, or a folder holding the data's own train, dev and test files (CoNLL-2003's {@code eng.train},
 * {@code eng.testa}, {@code eng.testb}; UD's {@code *-ud-train.conllu}, {@code -dev}, {@code -test}), which are
 * kept as they are. {@code originalTags} picks the corpus's own tags (Brown tags, CoNLL-U XPOS) instead of the
 * universal ones (UPOS).
 *
 * @param sha256 of the file read, or of the three files' hashes for a folder
 */
public record TaggerData(String name, Split<TaggedSentence> split, String sha256, boolean ownSplit) {

    public static TaggerData load(String nameOrPath, String format, boolean originalTags, double validationFraction,
                                  double testFraction, long seed, int limit) throws IOException {
        if (nameOrPath == null || nameOrPath.isBlank()) {
            throw new BadInputException("give --data brown-pos, a tagged file (CoNLL-U, word/tag lines, 'word tag' "
                    + "columns) or a folder with train/dev/test files");
        }
        Path folder = Path.of(nameOrPath);
        if (Catalog.find(nameOrPath).isEmpty() && Files.isDirectory(folder)) {
            return ownSplit(nameOrPath, folder, format, originalTags, validationFraction, seed, limit);
        }
        List<TaggedSentence> all = limited(tags(Datasets.tagged(nameOrPath, format), originalTags), limit, seed);
        Path file = Catalog.find(nameOrPath).map(spec -> Datasets.fetch(spec.name()).resolve(spec.mainFile()))
                .orElse(folder);
        if (all.size() < 3) {
            throw new BadInputException(nameOrPath + " holds " + all.size() + " sentences; at least 3 are needed to "
                    + "train, validate and test");
        }
        double trainFraction = 1 - validationFraction - testFraction;
        return new TaggerData(nameOrPath, Splits.random(all, trainFraction, validationFraction, seed),
                Hashing.sha256(file), false);
    }

    private static TaggerData ownSplit(String name, Path folder, String format, boolean originalTags,
                                       double validationFraction, long seed, int limit) throws IOException {
        Path train = null;
        Path dev = null;
        Path test = null;
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                if (n.contains("train")) {
                    train = f;
                } else if (n.contains("dev") || n.contains("valid") || n.contains("testa")) {
                    dev = f;
                } else if (n.contains("test")) {
                    test = f;
                }
            }
        }
        if (train == null || test == null) {
            throw new BadInputException("folder " + folder + " needs a training file and a test file (names containing "
                    + "'train' and 'test'; 'dev', 'valid' or 'testa' for validation)");
        }
        List<TaggedSentence> trainSentences = limited(tags(Datasets.tagged(train.toString(), format), originalTags), limit, seed);
        List<TaggedSentence> testSentences = tags(Datasets.tagged(test.toString(), format), originalTags);
        List<TaggedSentence> validation;
        if (dev != null) {
            validation = tags(Datasets.tagged(dev.toString(), format), originalTags);
        } else {
            // no dev file: a part of the training file validates (early stopping never looks at the test file)
            Split<TaggedSentence> carved = Splits.random(trainSentences, 1 - validationFraction, validationFraction, seed);
            trainSentences = carved.train();
            validation = carved.validation();
        }
        String sha = Hashing.sha256((Hashing.sha256(train) + (dev == null ? "" : Hashing.sha256(dev)) + Hashing.sha256(test))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        int n = trainSentences.size() + validation.size() + testSentences.size();
        SplitInfo info = new SplitInfo("the data's own files", seed, (double) trainSentences.size() / n,
                (double) validation.size() / n, (double) testSentences.size() / n, trainSentences.size(),
                validation.size(), testSentences.size());
        return new TaggerData(name, new Split<>(trainSentences, validation, testSentences, info), sha, true);
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
                java.util.stream.IntStream.range(0, sentences.size()).boxed().toList(), seed).subList(0, limit));
        java.util.Collections.sort(picked);
        return picked.stream().map(sentences::get).toList();
    }
}
