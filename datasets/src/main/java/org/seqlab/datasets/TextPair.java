package org.seqlab.datasets;

/** An aligned pair: a text in the source language and its translation in the target language. */
public record TextPair(String source, String target) {
}
