package org.seqlab.datasets;

import java.util.List;

/**
 * A tokenised sentence with one universal part-of-speech tag per word ({@code tags}) and the
 * corpus's own fine-grained tags ({@code originalTags}, e.g. Brown tags; equal to {@code tags} when the
 * corpus has none).
 */
public record TaggedSentence(List<String> words, List<String> tags, List<String> originalTags) {
    public TaggedSentence {
        words = List.copyOf(words);
        tags = List.copyOf(tags);
        originalTags = List.copyOf(originalTags);
        if (words.size() != tags.size() || words.size() != originalTags.size()) {
            throw new IllegalArgumentException("words and tags differ in length: " + words.size() + " vs " + tags.size());
        }
    }

    public TaggedSentence(List<String> words, List<String> tags) {
        this(words, tags, tags);
    }
}
