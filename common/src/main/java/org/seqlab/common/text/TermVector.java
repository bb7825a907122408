package org.seqlab.common.text;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * A sparse vector over terms (tokens or n-grams): only non-zero entries are stored, so documents over a
 * 50k-term vocabulary cost memory in proportion to their own length. Immutable.
 */
public final class TermVector {
    private final Map<String, Double> values;
    private final double norm;

    private TermVector(Map<String, Double> values) {
        this.values = values;
        double sq = 0;
        for (double v : values.values()) {
            sq += v * v;
        }
        this.norm = Math.sqrt(sq);
    }

    /** Wraps a copy of {@code values}, dropping zero entries. */
    public static TermVector of(Map<String, Double> values) {
        Map<String, Double> copy = new HashMap<>();
        values.forEach((k, v) -> {
            if (v != 0) {
                copy.put(k, v);
            }
        });
        return new TermVector(copy);
    }

    /** Raw counts: the bag of words (or of n-grams) of {@code terms}. */
    public static TermVector counts(Iterable<String> terms) {
        Map<String, Double> counts = new HashMap<>();
        for (String t : terms) {
            counts.merge(t, 1.0, Double::sum);
        }
        return new TermVector(counts);
    }

    public double get(String term) {
        return values.getOrDefault(term, 0.0);
    }

    /** The non-zero entries. */
    public Map<String, Double> entries() {
        return Collections.unmodifiableMap(values);
    }

    /** Number of non-zero entries. */
    public int size() {
        return values.size();
    }

    /** Sum of the entries (the document length for a count vector). */
    public double sum() {
        return values.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    public double norm() {
        return norm;
    }

    public double dot(TermVector other) {
        // iterate the smaller map: a short query against a long document costs the query's length
        Map<String, Double> small = values.size() <= other.values.size() ? values : other.values;
        Map<String, Double> large = small == values ? other.values : values;
        double dot = 0;
        for (Map.Entry<String, Double> e : small.entrySet()) {
            Double v = large.get(e.getKey());
            if (v != null) {
                dot += e.getValue() * v;
            }
        }
        return dot;
    }

    /** Cosine similarity; 0 when either vector is all zeros. */
    public double cosine(TermVector other) {
        return norm == 0 || other.norm == 0 ? 0 : dot(other) / (norm * other.norm);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TermVector t && values.equals(t.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "TermVector" + values;
    }
}
