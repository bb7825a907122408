package org.seqlab.tagger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.seqlab.common.embed.WordVectors;
import org.seqlab.common.error.BadInputException;
import org.seqlab.datasets.Datasets;

/** Resolves {@code --embeddings random|glove-100d|PATH}: null for random, else the vectors read once. */
final class TaggerEmbeddings {
    static final String RANDOM = "random";
    static final String GLOVE = "glove-100d";

    private TaggerEmbeddings() {
    }

    static WordVectors read(String spec) throws IOException {
        if (RANDOM.equals(spec)) {
            return null;
        }
        Path file = GLOVE.equals(spec) ? Datasets.fetch(GLOVE).resolve("vectors.txt") : Path.of(spec);
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("--embeddings must be random, " + GLOVE + " or a GloVe/word2vec text file; no file at "
                    + spec);
        }
        return WordVectors.readText(file);
    }
}
