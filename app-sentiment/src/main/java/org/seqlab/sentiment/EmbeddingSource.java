package org.seqlab.sentiment;

import java.io.IOException;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.common.text.Vocabulary;

/** Where the embedding layer's starting weights come from (random when this returns null). */
@FunctionalInterface
interface EmbeddingSource {
    /** Starting weights [vocabulary, dim] and the share of the vocabulary that had a pretrained vector. */
    record Initial(INDArray weights, double coverage) {
    }

    Initial initial(SentimentSettings settings, Vocabulary vocabulary, List<List<String>> trainTokens, long seed)
            throws IOException;

    EmbeddingSource RANDOM = (settings, vocabulary, tokens, seed) -> null;
}
