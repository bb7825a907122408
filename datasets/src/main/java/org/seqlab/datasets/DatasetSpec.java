package org.seqlab.datasets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.seqlab.datasets.fetch.Source;

/**
 * A catalog entry: what the dataset is, its licence, where its archives come from (with their
 * SHA-256) and how the extracted files become the dataset's normalised files.
 *
 * @param mainFile the file in the dataset folder that {@link Datasets} reads (examples.jsonl, pairs.jsonl,
 *                 sentences.conllu, captions.jsonl, text.txt, sentences.txt or vectors.txt)
 * @param companionFiles further files the preparer writes beside the main file for the apps to read (a pair
 *                 dataset's {@value Datasets#DICTIONARY_FILE}); a cached copy without one is fetched again
 */
public record DatasetSpec(String name, String description, String licence, DatasetKind kind, String mainFile,
                          List<Source> sources, Preparer preparer, List<String> companionFiles) {
    public DatasetSpec {
        sources = List.copyOf(sources);
        companionFiles = List.copyOf(companionFiles);
    }

    public DatasetSpec(String name, String description, String licence, DatasetKind kind, String mainFile,
                       List<Source> sources, Preparer preparer) {
        this(name, description, licence, kind, mainFile, sources, preparer, List.of());
    }

    /** Turns the extracted files of each source into the dataset folder's files. */
    @FunctionalInterface
    public interface Preparer {
        /**
         * @param extracted one folder per source, in catalog order, holding the wanted files at their
         *                  archive paths
         * @param out       the (temporary) dataset folder to write into
         * @return counts to record in the manifest ("examples" first, then e.g. "label:spam")
         */
        Map<String, Long> prepare(List<Path> extracted, Path out) throws IOException;
    }

    public long downloadBytes() {
        return sources.stream().mapToLong(Source::bytes).sum();
    }
}
