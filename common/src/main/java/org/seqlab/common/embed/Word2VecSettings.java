package org.seqlab.common.embed;

import org.seqlab.common.error.BadInputException;

/**
 * Word2Vec training parameters.
 *
 * @param architecture        CBOW (predict a word from its context) or skip-gram (predict the context from a word)
 * @param dim                 vector size
 * @param window              context words on each side
 * @param minCount            ignore words seen fewer times
 * @param epochs              passes over the corpus
 * @param negative            negative samples per positive pair (0 = no negative sampling)
 * @param hierarchicalSoftmax use hierarchical softmax over a Huffman tree of the vocabulary
 * @param learningRate        initial learning rate, decayed linearly during training
 * @param sampling            down-sampling threshold for frequent words (0 = off; 1e-3 .. 1e-5 typical)
 * @param seed                random seed for initialisation and sampling
 * @param workers             training threads; 1 gives reproducible vectors
 */
public record Word2VecSettings(Architecture architecture, int dim, int window, int minCount, int epochs,
                               int negative, boolean hierarchicalSoftmax, double learningRate, double sampling,
                               long seed, int workers) {

    /** The two Word2Vec architectures. */
    public enum Architecture { CBOW, SKIPGRAM }

    public Word2VecSettings {
        require(architecture != null, "word2vec: architecture is missing");
        require(dim >= 1 && dim <= 4096, "word2vec: --dim must be between 1 and 4096, got " + dim);
        require(window >= 1 && window <= 100, "word2vec: --window must be between 1 and 100, got " + window);
        require(minCount >= 1, "word2vec: --min-count must be at least 1, got " + minCount);
        require(epochs >= 1 && epochs <= 1000, "word2vec: --epochs must be between 1 and 1000, got " + epochs);
        require(negative >= 0 && negative <= 100, "word2vec: --negative must be between 0 and 100, got " + negative);
        require(negative > 0 || hierarchicalSoftmax,
                "word2vec: choose negative sampling (--negative > 0), hierarchical softmax (--hs), or both");
        require(learningRate > 0 && learningRate < 1, "word2vec: --lr must be in (0, 1), got " + learningRate);
        require(sampling >= 0 && sampling < 1, "word2vec: --sampling must be in [0, 1), got " + sampling);
        require(workers >= 1 && workers <= 256, "word2vec: --workers must be between 1 and 256, got " + workers);
    }

    /**
     * 100 dimensions, window 5, min count 5, one epoch, hierarchical softmax without negative sampling
     * (DL4J's defaults, and its fast path for CBOW), sub-sampling 1e-3, seed 42, one worker.
     */
    public static Word2VecSettings defaults(Architecture architecture) {
        return new Word2VecSettings(architecture, 100, 5, 5, 1, 0, true, 0.025, 1e-3, 42, 1);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new BadInputException(message);
        }
    }
}
