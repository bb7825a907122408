package org.seqlab.common.rnn;

import static org.seqlab.common.rnn.VectorFloats.SPECIES;
import static org.seqlab.common.rnn.VectorFloats.expNonPositive;
import static org.seqlab.common.rnn.VectorFloats.get;
import static org.seqlab.common.rnn.VectorFloats.load;
import static org.seqlab.common.rnn.VectorFloats.put;
import static org.seqlab.common.rnn.VectorFloats.store;

import java.nio.ByteBuffer;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/** {@link SoftmaxSteps} with the Vector API: three sweeps over each row (max, exponentials, scale). Loaded by name only. */
final class VectorSoftmaxSteps implements SoftmaxSteps {
    @Override
    public double lossAndGradient(ByteBuffer logits, int rows, int classes, float[] bias, int[] labels, float[] mask,
                                  float clip) {
        double loss = 0;
        for (int r = 0; r < rows; r++) {
            int label = labels[r];
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("label " + label + " of row " + r + " is outside 0.." + (classes - 1));
            }
            float m = mask == null ? 1f : mask[r];
            loss += m == 0f ? zero(logits, r * classes, classes) : row(logits, r * classes, classes, bias, label, m, clip);
        }
        return loss;
    }

    // one method per row, called thousands of times a step, so that C2 compiles it early (the Vector API runs
    // its slow Java fallbacks until then)
    private static double zero(ByteBuffer logits, int row, int classes) {
        FloatVector zero = FloatVector.zero(SPECIES);
        int bound = SPECIES.loopBound(classes);
        int j = 0;
        for (; j < bound; j += SPECIES.length()) {
            store(zero, logits, row + j);
        }
        for (; j < classes; j++) {
            put(logits, row + j, 0f);
        }
        return 0;
    }

    private static double row(ByteBuffer logits, int row, int classes, float[] bias, int label, float m, float clip) {
        int bound = SPECIES.loopBound(classes);
        int lanes = SPECIES.length();
        FloatVector maxes = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
        int j = 0;
        for (; j < bound; j += lanes) {
            FloatVector z = load(logits, row + j);
            if (bias != null) {
                z = z.add(FloatVector.fromArray(SPECIES, bias, j));
                store(z, logits, row + j);
            }
            maxes = maxes.max(z);
        }
        float max = maxes.reduceLanes(VectorOperators.MAX);
        for (; j < classes; j++) {
            float z = get(logits, row + j) + (bias == null ? 0f : bias[j]);
            put(logits, row + j, z);
            max = Math.max(max, z);
        }
        FloatVector sums = FloatVector.zero(SPECIES);
        j = 0;
        for (; j < bound; j += lanes) {
            FloatVector e = expNonPositive(load(logits, row + j).sub(max));
            store(e, logits, row + j);
            sums = sums.add(e);
        }
        float sum = sums.reduceLanes(VectorOperators.ADD);
        for (; j < classes; j++) {
            float e = expNonPositive(get(logits, row + j) - max);
            put(logits, row + j, e);
            sum += e;
        }
        float scale = m / sum;
        float picked = get(logits, row + label) / sum;
        j = 0;
        for (; j < bound; j += lanes) {
            store(load(logits, row + j).mul(scale), logits, row + j);
        }
        for (; j < classes; j++) {
            put(logits, row + j, get(logits, row + j) * scale);
        }
        put(logits, row + label, get(logits, row + label) - m);
        return -m * Math.log(Math.max(picked, clip));
    }

    @Override
    public void logits(float[][] x, ByteBuffer weights, int weightOffset, int inputs, int classes, ByteBuffer out) {
        int rows = x.length;
        int bound = SPECIES.loopBound(inputs);
        for (int c = 0; c < classes; c++) {
            int column = weightOffset + c * inputs;
            // four rows per sweep, so that each register of weights is loaded once for four rows
            int r = 0;
            for (; r + 4 <= rows; r += 4) {
                FloatVector a0 = FloatVector.zero(SPECIES);
                FloatVector a1 = a0;
                FloatVector a2 = a0;
                FloatVector a3 = a0;
                int i = 0;
                for (; i < bound; i += SPECIES.length()) {
                    FloatVector w = load(weights, column + i);
                    a0 = w.fma(FloatVector.fromArray(SPECIES, x[r], i), a0);
                    a1 = w.fma(FloatVector.fromArray(SPECIES, x[r + 1], i), a1);
                    a2 = w.fma(FloatVector.fromArray(SPECIES, x[r + 2], i), a2);
                    a3 = w.fma(FloatVector.fromArray(SPECIES, x[r + 3], i), a3);
                }
                float s0 = a0.reduceLanes(VectorOperators.ADD);
                float s1 = a1.reduceLanes(VectorOperators.ADD);
                float s2 = a2.reduceLanes(VectorOperators.ADD);
                float s3 = a3.reduceLanes(VectorOperators.ADD);
                for (; i < inputs; i++) {
                    float w = get(weights, column + i);
                    s0 += w * x[r][i];
                    s1 += w * x[r + 1][i];
                    s2 += w * x[r + 2][i];
                    s3 += w * x[r + 3][i];
                }
                put(out, r * classes + c, s0);
                put(out, (r + 1) * classes + c, s1);
                put(out, (r + 2) * classes + c, s2);
                put(out, (r + 3) * classes + c, s3);
            }
            for (; r < rows; r++) {
                FloatVector a = FloatVector.zero(SPECIES);
                int i = 0;
                for (; i < bound; i += SPECIES.length()) {
                    a = load(weights, column + i).fma(FloatVector.fromArray(SPECIES, x[r], i), a);
                }
                float s = a.reduceLanes(VectorOperators.ADD);
                for (; i < inputs; i++) {
                    s += get(weights, column + i) * x[r][i];
                }
                put(out, r * classes + c, s);
            }
        }
    }
}
