package org.seqlab.common.embed;

/** A word and its cosine similarity to a query. */
public record Neighbour(String word, double score) {
}
