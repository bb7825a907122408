package org.seqlab.common.decode;

import java.util.List;

/**
 * A decoded sequence: the tokens after the start token (without the end token), the sum of their
 * log-probabilities (including the end token's when {@code finished}), and whether it ended with the end token.
 */
public record Hypothesis(List<Integer> tokens, double logProb, boolean finished) {
    public Hypothesis {
        tokens = List.copyOf(tokens);
    }

    /** Generated steps, counting the end token. */
    public int length() {
        return tokens.size() + (finished ? 1 : 0);
    }

    /** {@code logProb / length^alpha}: alpha 0 ranks by probability, 1 by per-token average. */
    public double score(double alpha) {
        return alpha == 0 ? logProb : logProb / Math.pow(Math.max(1, length()), alpha);
    }
}
