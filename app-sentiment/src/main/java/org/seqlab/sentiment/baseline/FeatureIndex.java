package org.seqlab.sentiment.baseline;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.seqlab.common.text.TermVector;

/** Numbers the terms seen in training, and turns term vectors into sparse vectors over those numbers. */
final class FeatureIndex {
    private final Map<String, Integer> ids = new HashMap<>();

    FeatureIndex(List<TermVector> training) {
        for (TermVector v : training) {
            for (String term : v.entries().keySet()) {
                ids.putIfAbsent(term, ids.size());
            }
        }
    }

    int size() {
        return ids.size();
    }

    /** The vector over known terms, optionally scaled to unit L2 norm; unseen terms are dropped. */
    SparseVector sparse(TermVector v, boolean unitNorm) {
        int[] indices = new int[v.size()];
        float[] values = new float[v.size()];
        int n = 0;
        for (Map.Entry<String, Double> e : v.entries().entrySet()) {
            Integer id = ids.get(e.getKey());
            if (id != null) {
                indices[n] = id;
                values[n] = e.getValue().floatValue();
                n++;
            }
        }
        int[] order = java.util.stream.IntStream.range(0, n).boxed()
                .sorted((a, b) -> Integer.compare(indices[a], indices[b])).mapToInt(Integer::intValue).toArray();
        int[] sortedIndices = new int[n];
        float[] sortedValues = new float[n];
        double norm = 0;
        for (int i = 0; i < n; i++) {
            sortedIndices[i] = indices[order[i]];
            sortedValues[i] = values[order[i]];
            norm += sortedValues[i] * sortedValues[i];
        }
        if (unitNorm && norm > 0) {
            float scale = (float) (1 / Math.sqrt(norm));
            for (int i = 0; i < n; i++) {
                sortedValues[i] *= scale;
            }
        }
        return new SparseVector(Arrays.copyOf(sortedIndices, n), Arrays.copyOf(sortedValues, n));
    }
}
