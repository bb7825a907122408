package org.seqlab.sentiment.baseline;

/** A sparse feature vector: sorted feature indices and their values. */
public record SparseVector(int[] indices, float[] values) {
    public float dot(float[] weights, int offset) {
        float sum = 0;
        for (int i = 0; i < indices.length; i++) {
            sum += weights[offset + indices[i]] * values[i];
        }
        return sum;
    }

    /** The same vector with each value multiplied by a per-feature scale. */
    public SparseVector scaled(float[] scale) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i] * scale[indices[i]];
        }
        return new SparseVector(indices, out);
    }
}
