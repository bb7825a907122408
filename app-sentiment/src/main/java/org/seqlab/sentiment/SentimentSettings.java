package org.seqlab.sentiment;

import org.seqlab.common.rnn.CellType;
import org.seqlab.common.rnn.Pooling;
import org.seqlab.common.text.TextPipeline;

/**
 * Everything that defines a sentiment model apart from its weights: how text becomes tokens, the
 * vocabulary limits and the network's shape. Stored in the model bundle so prediction re-applies it.
 *
 * @param maxLength tokens kept per text; longer texts are truncated (and flagged at prediction time)
 * @param pretrainedWords words of pretrained vectors added to the training vocabulary (see
 *                        {@link EmbeddingSource#vocabulary})
 */
public record SentimentSettings(TextPipeline pipeline, int minCount, int maxVocabulary, int maxLength,
                                CellType cell, int layers, int hidden, boolean bidirectional, double dropout,
                                Pooling pooling, String embeddings, int embeddingDim, boolean freezeEmbeddings,
                                int pretrainedWords) {
}
