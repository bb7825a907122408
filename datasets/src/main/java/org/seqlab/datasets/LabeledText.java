package org.seqlab.datasets;

/** A text with its class label and where it came from (a review site, a file, a split of a corpus). */
public record LabeledText(String text, String label, String source) {
}
