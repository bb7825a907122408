package org.seqlab.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.seqlab.common.app.SplitInfo;
import org.seqlab.common.error.BadInputException;
import org.seqlab.datasets.parse.PairParser;

/**
 * Parallel text in the Multi30k/WMT layout: a folder with line-aligned {@code train.<lang>},
 * {@code val.<lang>} (or {@code valid.}/{@code dev.}) and {@code test.<lang>} files per language, its own
 * split. The language codes are the file extensions, so either direction can be read.
 */
public final class ParallelFolder {
    private static final List<String> VALIDATION_NAMES = List.of("val", "valid", "dev");

    private ParallelFolder() {
    }

    /** Whether {@code path} is a folder holding {@code train.*} files. */
    public static boolean isLayout(Path path) {
        if (!Files.isDirectory(path)) {
            return false;
        }
        return !languages(path).isEmpty();
    }

    /** The language codes with a {@code train.<code>} file, sorted. */
    public static TreeSet<String> languages(Path dir) {
        TreeSet<String> out = new TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("train.") && n.length() > 6)
                    .forEach(n -> out.add(n.substring(6)));
        } catch (IOException e) {
            throw new BadInputException("cannot list " + dir + ": " + e.getMessage());
        }
        return out;
    }

    /** The folder's train/validation/test pairs from {@code <split>.<source>} to {@code <split>.<target>}. */
    public static Split<TextPair> load(Path dir, String source, String target) {
        TreeSet<String> languages = languages(dir);
        if (!languages.contains(source) || !languages.contains(target)) {
            throw new BadInputException(dir + " has train files for " + languages + ", not for both " + source + " and "
                    + target + " (expected train." + source + " and train." + target + ")");
        }
        List<TextPair> train = PairParser.aligned(dir.resolve("train." + source), dir.resolve("train." + target));
        String validationName = VALIDATION_NAMES.stream().filter(n -> Files.exists(dir.resolve(n + "." + source)))
                .findFirst().orElseThrow(() -> new BadInputException(dir + " has no val." + source
                        + " (nor valid." + source + ", dev." + source + ")"));
        List<TextPair> validation = PairParser.aligned(dir.resolve(validationName + "." + source),
                dir.resolve(validationName + "." + target));
        if (!Files.exists(dir.resolve("test." + source))) {
            throw new BadInputException(dir + " has no test." + source);
        }
        List<TextPair> test = PairParser.aligned(dir.resolve("test." + source), dir.resolve("test." + target));
        int total = train.size() + validation.size() + test.size();
        return new Split<>(train, validation, test, new SplitInfo("the data's own split", 0, train.size() / (double) total,
                validation.size() / (double) total, test.size() / (double) total, train.size(), validation.size(), test.size()));
    }
}
