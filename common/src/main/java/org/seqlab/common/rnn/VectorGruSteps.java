package org.seqlab.common.rnn;

import static org.seqlab.common.rnn.VectorFloats.SPECIES;
import static org.seqlab.common.rnn.VectorFloats.get;
import static org.seqlab.common.rnn.VectorFloats.load;
import static org.seqlab.common.rnn.VectorFloats.put;
import static org.seqlab.common.rnn.VectorFloats.sigmoid;
import static org.seqlab.common.rnn.VectorFloats.store;
import static org.seqlab.common.rnn.VectorFloats.tanh;

import java.nio.ByteBuffer;
import jdk.incubator.vector.FloatVector;

/**
 * {@link GruSteps} with the Vector API, one SIMD register of hidden units at a time and a scalar tail;
 * sigmoid as in {@link VectorFloats}. Loaded by name only.
 */
final class VectorGruSteps implements GruSteps {
    @Override
    public void forwardGates(ByteBuffer gates, int gateOffset, ByteBuffer states, int previousOffset,
                             ByteBuffer resetStates, int rowOffset, float[] bias, int batch, int hidden) {
        int bound = SPECIES.loopBound(hidden);
        for (int b = 0; b < batch; b++) {
            int zr = gateOffset + b * 2 * hidden;
            int p = previousOffset + b * hidden;
            int s = rowOffset + b * hidden;
            int j = 0;
            for (; j < bound; j += SPECIES.length()) {
                FloatVector z = sigmoid(load(gates, zr + j).add(FloatVector.fromArray(SPECIES, bias, j)));
                FloatVector r = sigmoid(load(gates, zr + hidden + j).add(FloatVector.fromArray(SPECIES, bias, hidden + j)));
                store(z, gates, zr + j);
                store(r, gates, zr + hidden + j);
                store(r.mul(load(states, p + j)), resetStates, s + j);
            }
            for (; j < hidden; j++) {
                float z = sigmoid(get(gates, zr + j) + bias[j]);
                float r = sigmoid(get(gates, zr + hidden + j) + bias[hidden + j]);
                put(gates, zr + j, z);
                put(gates, zr + hidden + j, r);
                put(resetStates, s + j, r * get(states, p + j));
            }
        }
    }

    @Override
    public void forwardState(ByteBuffer gates, int gateOffset, ByteBuffer candidates, int rowOffset, ByteBuffer states,
                             int previousOffset, int nextOffset, float[] bias, int batch, int hidden) {
        int bound = SPECIES.loopBound(hidden);
        for (int b = 0; b < batch; b++) {
            int zr = gateOffset + b * 2 * hidden;
            int c = rowOffset + b * hidden;
            int p = previousOffset + b * hidden;
            int n = nextOffset + b * hidden;
            int j = 0;
            for (; j < bound; j += SPECIES.length()) {
                FloatVector cand = tanh(load(candidates, c + j).add(FloatVector.fromArray(SPECIES, bias, 2 * hidden + j)));
                store(cand, candidates, c + j);
                store(load(states, p + j).sub(cand).mul(load(gates, zr + j)).add(cand), states, n + j);
            }
            for (; j < hidden; j++) {
                float cand = tanh(get(candidates, c + j) + bias[2 * hidden + j]);
                put(candidates, c + j, cand);
                put(states, n + j, (get(states, p + j) - cand) * get(gates, zr + j) + cand);
            }
        }
    }

    @Override
    public void backwardCandidate(ByteBuffer epsilon, int rowOffset, ByteBuffer dh, ByteBuffer gates, int gateOffset,
                                  ByteBuffer candidates, ByteBuffer states, int previousOffset, ByteBuffer dPre,
                                  int dOffset, int batch, int hidden) {
        int bound = SPECIES.loopBound(hidden);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        for (int b = 0; b < batch; b++) {
            int e = rowOffset + b * hidden;
            int g0 = b * hidden;
            int zr = gateOffset + b * 2 * hidden;
            int p = previousOffset + b * hidden;
            int d = dOffset + b * 3 * hidden;
            int j = 0;
            for (; j < bound; j += SPECIES.length()) {
                FloatVector g = load(dh, g0 + j).add(load(epsilon, e + j));
                store(g, dh, g0 + j);
                FloatVector z = load(gates, zr + j);
                FloatVector c = load(candidates, e + j);
                FloatVector oneMinusZ = one.sub(z);
                store(g.mul(one.sub(c.mul(c)).mul(oneMinusZ)), dPre, d + 2 * hidden + j);
                store(g.mul(load(states, p + j).sub(c).mul(z).mul(oneMinusZ)), dPre, d + j);
            }
            for (; j < hidden; j++) {
                float g = get(dh, g0 + j) + get(epsilon, e + j);
                put(dh, g0 + j, g);
                float z = get(gates, zr + j);
                float c = get(candidates, e + j);
                put(dPre, d + 2 * hidden + j, g * ((1 - c * c) * (1 - z)));
                put(dPre, d + j, g * ((get(states, p + j) - c) * z * (1 - z)));
            }
        }
    }

    @Override
    public void backwardReset(ByteBuffer dResetState, ByteBuffer dh, ByteBuffer gates, int gateOffset, ByteBuffer states,
                              int previousOffset, ByteBuffer dPre, int dOffset, ByteBuffer dhPrevious, int batch,
                              int hidden) {
        int bound = SPECIES.loopBound(hidden);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        for (int b = 0; b < batch; b++) {
            int row = b * hidden;
            int zr = gateOffset + b * 2 * hidden;
            int p = previousOffset + b * hidden;
            int d = dOffset + b * 3 * hidden;
            int j = 0;
            for (; j < bound; j += SPECIES.length()) {
                FloatVector drs = load(dResetState, row + j);
                FloatVector z = load(gates, zr + j);
                FloatVector r = load(gates, zr + hidden + j);
                store(drs.mul(r.mul(one.sub(r)).mul(load(states, p + j))), dPre, d + hidden + j);
                store(load(dh, row + j).mul(z).add(drs.mul(r)), dhPrevious, row + j);
            }
            for (; j < hidden; j++) {
                float drs = get(dResetState, row + j);
                float z = get(gates, zr + j);
                float r = get(gates, zr + hidden + j);
                put(dPre, d + hidden + j, drs * (r * (1 - r) * get(states, p + j)));
                put(dhPrevious, row + j, get(dh, row + j) * z + drs * r);
            }
        }
    }
}
