package org.seqlab.sentiment;

import java.io.IOException;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.common.text.Vocabulary;

/** Where the embedding layer's starting weights come from: random, or pretrained vectors. */
interface EmbeddingSource {
    /** Starting weights [vocabulary, dim] and the share of the vocabulary that had a pretrained vector. */
    record Initial(INDArray weights, double coverage) {
    }

    /** The embedding size this source gives, given the size the user asked for. */
    int dim(int requested) throws IOException;

    /**
     * The model's vocabulary: the training vocabulary, plus (for pretrained vectors) up to {@code extraWords}
     * of the vectors' own words, the first in their file (GloVe and word2vec files list the most frequent
     * first). A test word never seen in training then still has its vector instead of the unknown token's.
     */
    default Vocabulary vocabulary(Vocabulary fromTraining, int extraWords) throws IOException {
        return fromTraining;
    }

    /** Starting weights for this vocabulary, or null for DL4J's random initialisation. */
    Initial initial(Vocabulary vocabulary, List<List<String>> trainTokens, int dim, long seed) throws IOException;

    EmbeddingSource RANDOM = new EmbeddingSource() {
        @Override
        public int dim(int requested) {
            return requested;
        }

        @Override
        public Initial initial(Vocabulary vocabulary, List<List<String>> trainTokens, int dim, long seed) {
            return null;
        }
    };
}
