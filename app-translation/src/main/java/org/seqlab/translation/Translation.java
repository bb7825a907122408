package org.seqlab.translation;

import java.util.List;

/**
 * A model's answer for one source text.
 *
 * @param text      the best translation
 * @param score     its log-probability divided by length^alpha (greedy: alpha as configured too)
 * @param nBest     the best translations with their scores, best first (just the best one unless asked)
 * @param truncated whether the source was cut to the model's maximum length
 * @param unknown   characters of the source the model never saw (read as unknown tokens)
 */
public record Translation(String text, double score, List<Candidate> nBest, boolean truncated, List<String> unknown) {
    public Translation {
        nBest = List.copyOf(nBest);
        unknown = List.copyOf(unknown);
    }

    /** One of the n best translations. */
    public record Candidate(String text, double score) {
    }
}
