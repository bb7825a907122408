package org.seqlab.translation;

import org.seqlab.common.error.BadInputException;
import org.seqlab.common.rnn.CellType;

/**
 * The network and text pipeline of a translation model, stored in its bundle.
 *
 * @param cell             the encoder's cell (and the decoder's, except with Bahdanau attention, which is a GRU)
 * @param encoderLayers    stacked encoder layers
 * @param bidirectional    whether the encoder reads the source in both directions (its states concatenated)
 * @param hidden           units per direction of the encoder, and of the decoder
 * @param dropout          on the embeddings, between encoder layers and before the softmax
 * @param bpeMerges        merges learned per language, or on both languages together with {@code jointBpe}; 0 with
 *                         {@code vocab = word}
 * @param wordVocabulary   whole words instead of subwords (rare words become unknown)
 * @param minWordCount     with whole words: words seen fewer times are unknown
 * @param maxSourceLength  longer inputs (in source subwords) are cut
 * @param maxTargetLength  longer training targets are cut; decoding stops there at the latest
 * @param labelSmoothing   share of each training target spread over the whole target vocabulary (0 in bundles made
 *                         before it existed)
 * @param jointBpe         one set of merges learned on both languages (false in bundles made before it existed)
 * @param plateauDecay     the learning rate's factor after an epoch whose validation loss did not improve (0 = never,
 *                         as in bundles made before it existed)
 */
public record TranslationSettings(String sourceLanguage, String targetLanguage, Attention attention, CellType cell,
                                  int embeddingDim, int hidden, int encoderLayers, boolean bidirectional, int attentionSize, double dropout,
                                  int bpeMerges, boolean wordVocabulary, int minWordCount, int maxSourceLength,
                                  int maxTargetLength, double labelSmoothing, boolean jointBpe,
                                  double plateauDecay) {
    public TranslationSettings {
        require(cell != CellType.RNN || attention != Attention.BAHDANAU, "--cell rnn needs --attention luong-dot, luong-general or none");
        require(embeddingDim >= 1 && embeddingDim <= 4096, "--embedding-dim must be between 1 and 4096, got " + embeddingDim);
        require(hidden >= 1 && hidden <= 4096, "--hidden must be between 1 and 4096, got " + hidden);
        require(encoderLayers >= 1 && encoderLayers <= 8, "--layers must be between 1 and 8, got " + encoderLayers);
        require(attentionSize >= 1 && attentionSize <= 4096, "--attention-size must be between 1 and 4096, got " + attentionSize);
        require(dropout >= 0 && dropout < 1, "--dropout must be in [0, 1), got " + dropout);
        require(bpeMerges >= 0 && bpeMerges <= 200_000, "--bpe-merges must be between 0 and 200000, got " + bpeMerges);
        require(minWordCount >= 1, "--min-count must be at least 1, got " + minWordCount);
        require(maxSourceLength >= 1 && maxSourceLength <= 10_000, "--max-length must be between 1 and 10000, got " + maxSourceLength);
        require(maxTargetLength >= 1 && maxTargetLength <= 10_000, "--max-target-length must be between 1 and 10000, got " + maxTargetLength);
        require(labelSmoothing >= 0 && labelSmoothing < 1, "--label-smoothing must be in [0, 1), got " + labelSmoothing);
        require(!jointBpe || !wordVocabulary, "--joint-bpe needs --vocab bpe");
        require(plateauDecay >= 0 && plateauDecay < 1, "--lr-plateau must be in [0, 1), got " + plateauDecay);
    }

    /** The decoder's cell: Bahdanau's arrangement is written for a GRU. */
    public CellType decoderCell() {
        return attention == Attention.BAHDANAU ? CellType.GRU : cell;
    }

    /** Features per source step coming out of the encoder. */
    public int memorySize() {
        return bidirectional ? 2 * hidden : hidden;
    }

    public TranslationSettings withAttention(Attention other) {
        return new TranslationSettings(sourceLanguage, targetLanguage, other, cell, embeddingDim, hidden, encoderLayers, bidirectional,
                attentionSize, dropout, bpeMerges, wordVocabulary, minWordCount, maxSourceLength, maxTargetLength,
                labelSmoothing, jointBpe, plateauDecay);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new BadInputException(message);
        }
    }
}
