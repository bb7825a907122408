package org.seqlab.textgen;

import org.seqlab.common.error.BadInputException;

/**
 * How text is drawn from the model.
 *
 * @param length      tokens to generate after the prime
 * @param temperature below 1 sharper, above 1 flatter; 0 takes the most probable token every time (greedy)
 * @param topK        draw only among the K most probable tokens (0 = all)
 * @param topP        draw only among the most probable tokens that together hold at least P (1 = all)
 * @param seed        the random seed of every sample (the same seed and prime give the same text)
 */
public record Sampling(int length, double temperature, int topK, double topP, long seed) {
    public Sampling {
        require(length >= 0 && length <= 10_000_000, "--length must be between 0 and 10000000, got " + length);
        require(temperature >= 0 && temperature <= 100, "--temperature must be between 0 (greedy) and 100, got " + temperature);
        require(topK >= 0, "--top-k must not be negative, got " + topK);
        require(topP > 0 && topP <= 1, "--top-p must be in (0, 1], got " + topP);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new BadInputException(message);
        }
    }
}
