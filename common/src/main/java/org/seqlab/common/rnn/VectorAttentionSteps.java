package org.seqlab.common.rnn;

import static org.seqlab.common.rnn.VectorFloats.F;
import static org.seqlab.common.rnn.VectorFloats.ORDER;
import static org.seqlab.common.rnn.VectorFloats.SPECIES;
import static org.seqlab.common.rnn.VectorFloats.get;
import static org.seqlab.common.rnn.VectorFloats.put;
import static org.seqlab.common.rnn.VectorFloats.tanh;

import java.nio.ByteBuffer;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * {@link AttentionSteps} with the Vector API, one register of features at a time and a scalar tail; the loops call the
 * Vector API directly (see {@link VectorFloats} for why). Loaded by name only.
 */
final class VectorAttentionSteps implements AttentionSteps {
    @Override
    public void scores(ByteBuffer keys, ByteBuffer query, float[] v, ByteBuffer hidden, int hiddenOffset,
                       ByteBuffer scores, int batch, int sources, int a) {
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < sources; j++) {
                int row = (b * sources + j) * a;
                put(scores, b * sources + j, score(keys, row, query, b * a, v, hidden, hiddenOffset + row, a));
            }
        }
    }

    /** h = tanh(key + query) into {@code hidden}, then h . v: an addition, a tanh pass, a dot product. */
    private static float score(ByteBuffer keys, int keyRow, ByteBuffer query, int queryRow, float[] v, ByteBuffer hidden,
                               int hiddenRow, int a) {
        int bound = SPECIES.loopBound(a);
        int i = 0;
        for (; i < bound; i += SPECIES.length()) {
            FloatVector key = FloatVector.fromByteBuffer(SPECIES, keys, (keyRow + i) * F, ORDER);
            FloatVector q = FloatVector.fromByteBuffer(SPECIES, query, (queryRow + i) * F, ORDER);
            key.add(q).intoByteBuffer(hidden, (hiddenRow + i) * F, ORDER);
        }
        for (; i < a; i++) {
            put(hidden, hiddenRow + i, get(keys, keyRow + i) + get(query, queryRow + i));
        }
        tanh(hidden, hiddenRow, hidden, hiddenRow, a);
        FloatVector sums = FloatVector.zero(SPECIES);
        i = 0;
        for (; i < bound; i += SPECIES.length()) {
            FloatVector h = FloatVector.fromByteBuffer(SPECIES, hidden, (hiddenRow + i) * F, ORDER);
            sums = h.fma(FloatVector.fromArray(SPECIES, v, i), sums);
        }
        float sum = sums.reduceLanes(VectorOperators.ADD);
        for (; i < a; i++) {
            sum += get(hidden, hiddenRow + i) * v[i];
        }
        return sum;
    }

    @Override
    public void context(ByteBuffer memory, ByteBuffer alpha, int alphaOffset, ByteBuffer context, int batch, int sources,
                        int k) {
        int bound = SPECIES.loopBound(k);
        for (int b = 0; b < batch; b++) {
            int out = b * k;
            int i = 0;
            for (; i < bound; i += SPECIES.length()) {
                FloatVector sum = FloatVector.zero(SPECIES);
                for (int j = 0; j < sources; j++) {
                    FloatVector weight = FloatVector.broadcast(SPECIES, get(alpha, alphaOffset + b * sources + j));
                    FloatVector m = FloatVector.fromByteBuffer(SPECIES, memory, ((b * sources + j) * k + i) * F, ORDER);
                    sum = m.fma(weight, sum);
                }
                sum.intoByteBuffer(context, (out + i) * F, ORDER);
            }
            for (; i < k; i++) {
                float sum = 0;
                for (int j = 0; j < sources; j++) {
                    sum += get(memory, (b * sources + j) * k + i) * get(alpha, alphaOffset + b * sources + j);
                }
                put(context, out + i, sum);
            }
        }
    }

    @Override
    public void contextBackward(ByteBuffer memory, ByteBuffer dContext, ByteBuffer dAlpha, int batch, int sources, int k) {
        int bound = SPECIES.loopBound(k);
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < sources; j++) {
                int row = (b * sources + j) * k;
                FloatVector sums = FloatVector.zero(SPECIES);
                int i = 0;
                for (; i < bound; i += SPECIES.length()) {
                    FloatVector m = FloatVector.fromByteBuffer(SPECIES, memory, (row + i) * F, ORDER);
                    sums = m.fma(FloatVector.fromByteBuffer(SPECIES, dContext, (b * k + i) * F, ORDER), sums);
                }
                float sum = sums.reduceLanes(VectorOperators.ADD);
                for (; i < k; i++) {
                    sum += get(memory, row + i) * get(dContext, b * k + i);
                }
                put(dAlpha, b * sources + j, sum);
            }
        }
    }

    @Override
    public void scoresBackward(ByteBuffer hidden, int hiddenOffset, ByteBuffer dScores, float[] v, ByteBuffer dKeys,
                               ByteBuffer dQuery, int queryOffset, float[] dV, int batch, int sources, int a) {
        int bound = SPECIES.loopBound(a);
        for (int b = 0; b < batch; b++) {
            int q = queryOffset + b * a;
            for (int i = 0; i < a; i++) {
                put(dQuery, q + i, 0f);
            }
            for (int j = 0; j < sources; j++) {
                int row = (b * sources + j) * a;
                float d = get(dScores, b * sources + j);
                FloatVector dv = FloatVector.broadcast(SPECIES, d);
                int i = 0;
                for (; i < bound; i += SPECIES.length()) {
                    FloatVector h = FloatVector.fromByteBuffer(SPECIES, hidden, (hiddenOffset + row + i) * F, ORDER);
                    FloatVector g = h.mul(h).neg().add(1f).mul(FloatVector.fromArray(SPECIES, v, i).mul(dv));
                    FloatVector dKey = FloatVector.fromByteBuffer(SPECIES, dKeys, (row + i) * F, ORDER);
                    dKey.add(g).intoByteBuffer(dKeys, (row + i) * F, ORDER);
                    FloatVector dq = FloatVector.fromByteBuffer(SPECIES, dQuery, (q + i) * F, ORDER);
                    dq.add(g).intoByteBuffer(dQuery, (q + i) * F, ORDER);
                    h.fma(dv, FloatVector.fromArray(SPECIES, dV, i)).intoArray(dV, i);
                }
                for (; i < a; i++) {
                    float h = get(hidden, hiddenOffset + row + i);
                    float g = (1f - h * h) * v[i] * d;
                    put(dKeys, row + i, get(dKeys, row + i) + g);
                    put(dQuery, q + i, get(dQuery, q + i) + g);
                    dV[i] += h * d;
                }
            }
        }
    }
}
