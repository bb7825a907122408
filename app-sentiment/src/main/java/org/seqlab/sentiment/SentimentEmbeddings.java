package org.seqlab.sentiment;

import org.seqlab.common.cli.BadInputException;

/** Resolves {@code --embeddings} to a source of starting weights. */
final class SentimentEmbeddings {
    private SentimentEmbeddings() {
    }

    static EmbeddingSource source(String spec) {
        if ("random".equals(spec)) {
            return EmbeddingSource.RANDOM;
        }
        throw new BadInputException("--embeddings " + spec + " is not available yet; use random");
    }
}
