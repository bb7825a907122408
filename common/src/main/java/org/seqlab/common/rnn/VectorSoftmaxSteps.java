package org.seqlab.common.rnn;

import static org.seqlab.common.rnn.VectorFloats.F;
import static org.seqlab.common.rnn.VectorFloats.ORDER;
import static org.seqlab.common.rnn.VectorFloats.SPECIES;
import static org.seqlab.common.rnn.VectorFloats.expShifted;
import static org.seqlab.common.rnn.VectorFloats.get;
import static org.seqlab.common.rnn.VectorFloats.put;

import java.nio.ByteBuffer;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * {@link SoftmaxSteps} with the Vector API: three sweeps over each row (max, exponentials, scale), calling the Vector
 * API directly (see {@link VectorFloats} for why). Loaded by name only.
 */
final class VectorSoftmaxSteps implements SoftmaxSteps {
    @Override
    public double lossAndGradient(ByteBuffer logits, int rows, int classes, float[] bias, int[] labels, float[] mask,
                                  float clip, float smoothing) {
        double loss = 0;
        for (int r = 0; r < rows; r++) {
            int label = labels[r];
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("label " + label + " of row " + r + " is outside 0.." + (classes - 1));
            }
            float m = mask == null ? 1f : mask[r];
            loss += m == 0f ? zero(logits, r * classes, classes) : row(logits, r * classes, classes, bias, label, m, clip, smoothing);
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
            zero.intoByteBuffer(logits, (row + j) * F, ORDER);
        }
        for (; j < classes; j++) {
            put(logits, row + j, 0f);
        }
        return 0;
    }

    private static double row(ByteBuffer logits, int row, int classes, float[] bias, int label, float m, float clip,
                              float smoothing) {
        int bound = SPECIES.loopBound(classes);
        int lanes = SPECIES.length();
        FloatVector maxes = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
        // the logits' sum gives smoothing's sum_j log p[j] = sum_j z[j] - classes * (max + log(sum of exponentials))
        FloatVector totals = FloatVector.zero(SPECIES);
        int j = 0;
        for (; j < bound; j += lanes) {
            FloatVector z = FloatVector.fromByteBuffer(SPECIES, logits, (row + j) * F, ORDER);
            if (bias != null) {
                z = z.add(FloatVector.fromArray(SPECIES, bias, j));
                z.intoByteBuffer(logits, (row + j) * F, ORDER);
            }
            maxes = maxes.max(z);
            totals = totals.add(z);
        }
        float max = maxes.reduceLanes(VectorOperators.MAX);
        double total = totals.reduceLanes(VectorOperators.ADD);
        for (; j < classes; j++) {
            float z = get(logits, row + j) + (bias == null ? 0f : bias[j]);
            put(logits, row + j, z);
            max = Math.max(max, z);
            total += z;
        }
        float sum = expShifted(logits, row, classes, max);
        float scale = m / sum;
        float picked = get(logits, row + label) / sum;
        float spread = m * smoothing / classes;
        FloatVector spreads = FloatVector.broadcast(SPECIES, spread);
        j = 0;
        for (; j < bound; j += lanes) {
            FloatVector p = FloatVector.fromByteBuffer(SPECIES, logits, (row + j) * F, ORDER);
            p.mul(scale).sub(spreads).intoByteBuffer(logits, (row + j) * F, ORDER);
        }
        for (; j < classes; j++) {
            put(logits, row + j, get(logits, row + j) * scale - spread);
        }
        put(logits, row + label, get(logits, row + label) - m * (1 - smoothing));
        double loss = -m * (1 - smoothing) * Math.log(Math.max(picked, clip));
        if (smoothing > 0) {
            loss -= m * smoothing / classes * (total - classes * (max + Math.log(sum)));
        }
        return loss;
    }
}
