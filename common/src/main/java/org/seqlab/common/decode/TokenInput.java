package org.seqlab.common.decode;

/**
 * How a step model feeds the previous token to its network: one-hot ([rows, vocabulary, 1]), or its index
 * ([rows, 1, 1]) for networks whose first layer is an embedding (EmbeddingSequenceLayer), which large
 * vocabularies need.
 */
public enum TokenInput {
    ONE_HOT,
    INDEX
}
