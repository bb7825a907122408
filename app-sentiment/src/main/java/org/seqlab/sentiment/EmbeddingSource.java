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
