package org.seqlab.tagger;

import java.util.List;

/** The tags of one sentence and the probability the model gave each chosen tag. */
public record Tagging(List<String> tags, double[] probabilities) {
    public Tagging {
        tags = List.copyOf(tags);
        probabilities = probabilities.clone();
        if (tags.size() != probabilities.length) {
            throw new IllegalArgumentException("tags and probabilities differ in length");
        }
    }

    @Override
    public double[] probabilities() {
        return probabilities.clone();
    }
}
