package org.seqlab.tagger;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.rnn.CellType;

/**
 * The tagger's network and input settings, stored in every bundle (provenance and {@code settings.json}).
 *
 * @param embeddings       random, glove-100d or a vector file path (the word embedding's starting weights)
 * @param embeddingDim     word embedding size (the vectors' own size when pretrained)
 * @param minCount         training words seen fewer times map to the unknown word, whose row is thus trained
 * @param pretrainedWords  with pretrained vectors, the first N words of the vector file (0 = all) keep their vectors,
 *                         frozen, when not in the trained vocabulary
 * @param charDim          character embedding size (0 = no character representation)
 * @param charFilters      the size of each word's character representation: the CNN's filters, or the BiLSTM's two
 *                         directions together
 * @param maxWordChars     characters of a word the character encoder reads (longer words: their first and last halves)
 * @param caseFeature      whether each word's shape (lower, Title, UPPER, digits, other) is an input
 * @param crf              a CRF output layer (tag transitions scored, trained on whole sequences) instead of a softmax
 *                         per token; left out of the JSON when off, so bundles and checkpoints from before it read the same
 * @param hyphenBackoff    a hyphenated word that has no pretrained vector takes the vector of its last part (English
 *                         compounds are right-headed: an old-style is a kind of style); left out of the JSON when off
 * @param charEncoder      how a word's characters become its character representation; bundles from before it (null)
 *                         read as the CNN
 */
public record TaggerSettings(CellType cell, int hidden, int layers, boolean bidirectional, double dropout,
                             String embeddings, int embeddingDim, int minCount, int pretrainedWords, int charDim,
                             int charFilters, int maxWordChars, boolean caseFeature,
                             @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean crf,
                             @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean hyphenBackoff,
                             CharEncoder charEncoder) {
    /** A word's characters to one vector: max over a 1-d convolution, or a BiLSTM's two ends (Lample et al.). */
    public enum CharEncoder {
        CNN, BILSTM;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public TaggerSettings {
        charEncoder = charEncoder == null ? CharEncoder.CNN : charEncoder;
        require(hidden >= 1 && hidden <= 8192, "--hidden must be between 1 and 8192, got " + hidden);
        require(layers >= 1 && layers <= 16, "--layers must be between 1 and 16, got " + layers);
        require(dropout >= 0 && dropout < 1, "--dropout must be in [0, 1), got " + dropout);
        require(embeddingDim >= 1 && embeddingDim <= 4096, "--embedding-dim must be between 1 and 4096, got " + embeddingDim);
        require(minCount >= 1, "--min-count must be at least 1, got " + minCount);
        require(pretrainedWords >= 0, "--pretrained-words must not be negative, got " + pretrainedWords);
        require(charDim >= 0 && charDim <= 512, "--char-dim must be between 0 (off) and 512, got " + charDim);
        require(charFilters >= 1 && charFilters <= 1024, "--char-filters must be between 1 and 1024, got " + charFilters);
        require(charEncoder != CharEncoder.BILSTM || charFilters % 2 == 0, "--char-filters must be even with "
                + "--char-encoder bilstm (half for each direction), got " + charFilters);
        require(maxWordChars >= 2 && maxWordChars <= 64, "--max-word-chars must be between 2 and 64, got " + maxWordChars);
    }

    public boolean chars() {
        return charDim > 0;
    }

    /** The same settings reading left to right only (the report's comparison). */
    public TaggerSettings leftToRight() {
        return new TaggerSettings(cell, hidden, layers, false, dropout, embeddings, embeddingDim, minCount,
                pretrainedWords, charDim, charFilters, maxWordChars, caseFeature, crf, hyphenBackoff, charEncoder);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new BadInputException(message);
        }
    }
}
