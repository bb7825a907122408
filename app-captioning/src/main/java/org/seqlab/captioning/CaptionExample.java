package org.seqlab.captioning;

import java.nio.file.Path;
import java.util.List;

/**
 * One image with all its reference captions (Flickr8k and COCO have five; an emoji one) and the group it is
 * split by: for emoji the base emoji, so that no skin-tone variant of a test emoji is seen in training.
 */
record CaptionExample(Path image, List<String> references, String group) {
    CaptionExample {
        references = List.copyOf(references);
        if (references.isEmpty()) {
            throw new IllegalArgumentException("an image needs at least one caption: " + image);
        }
    }

    List<List<String>> referenceTokens() {
        return references.stream().map(CaptionText::tokens).toList();
    }
}
