package org.seqlab.textgen;

import org.seqlab.common.error.BadInputException;
import org.seqlab.common.rnn.CellType;
import org.seqlab.common.train.TrainSettings;

/**
 * Everything that defines a text-generation model and how it was trained; stored in the bundle.
 *
 * @param vocabularySize word level: the most frequent words kept (the rest become the unknown token)
 * @param embeddingDim   word level: size of the learned word vectors (characters are read one-hot)
 * @param minutes        training budget in minutes of fitting time (0 = only the epoch limit)
 * @param maxSteps       optimiser steps (windows) after which training ends, a budget that does not depend on the
 *                       machine (0 = none)
 * @param cosine         anneal the learning rate from its start to 0 along a half cosine over the run (replaces the
 *                       per-epoch decay); false in bundles written before it existed
 */
public record TextGenSettings(Level level, int vocabularySize, CellType cell, int layers, int hidden, double dropout,
                              int embeddingDim, TrainSettings training, double minutes, long maxSteps, boolean cosine) {
    public TextGenSettings {
        require(layers >= 1 && layers <= 16, "--layers must be between 1 and 16, got " + layers);
        require(hidden >= 1 && hidden <= 8192, "--hidden must be between 1 and 8192, got " + hidden);
        require(dropout >= 0 && dropout < 1, "--dropout must be in [0, 1), got " + dropout);
        require(vocabularySize >= 2 && vocabularySize <= 1_000_000, "--vocab-size must be between 2 and 1000000, got " + vocabularySize);
        require(embeddingDim >= 1 && embeddingDim <= 4096, "--embedding-dim must be between 1 and 4096, got " + embeddingDim);
        require(training.tbptt() >= 1 && training.tbptt() <= 100_000,
                "--tbptt must be between 1 and 100000 (the window the state is carried across), got " + training.tbptt());
        require(maxSteps >= 0, "--max-steps must not be negative, got " + maxSteps);
        TrainSettings.budgetSeconds(minutes);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new BadInputException(message);
        }
    }
}
