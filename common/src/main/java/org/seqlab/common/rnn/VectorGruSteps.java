package org.seqlab.common.rnn;

import static org.seqlab.common.rnn.VectorFloats.F;
import static org.seqlab.common.rnn.VectorFloats.ORDER;
import static org.seqlab.common.rnn.VectorFloats.SPECIES;
import static org.seqlab.common.rnn.VectorFloats.addBias;
import static org.seqlab.common.rnn.VectorFloats.get;
import static org.seqlab.common.rnn.VectorFloats.put;
import static org.seqlab.common.rnn.VectorFloats.sigmoid;
import static org.seqlab.common.rnn.VectorFloats.tanh;

import java.nio.ByteBuffer;
import jdk.incubator.vector.FloatVector;

/**
 * {@link GruSteps} with the Vector API, one SIMD register of hidden units at a time and a scalar tail. The
 * activations are {@link VectorFloats}' passes over a row; the loops call the Vector API directly (see
 * {@link VectorFloats} for why). Loaded by name only.
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
            // z and r side by side: one pass each over both
            addBias(gates, zr, bias, 0, 2 * hidden);
            sigmoid(gates, zr, gates, zr, 2 * hidden);
            int j = 0;
            for (; j < bound; j += SPECIES.length()) {
                FloatVector r = FloatVector.fromByteBuffer(SPECIES, gates, (zr + hidden + j) * F, ORDER);
                FloatVector previous = FloatVector.fromByteBuffer(SPECIES, states, (p + j) * F, ORDER);
                r.mul(previous).intoByteBuffer(resetStates, (s + j) * F, ORDER);
            }
            for (; j < hidden; j++) {
                put(resetStates, s + j, get(gates, zr + hidden + j) * get(states, p + j));
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
            addBias(candidates, c, bias, 2 * hidden, hidden);
            tanh(candidates, c, candidates, c, hidden);
            int j = 0;
            for (; j < bound; j += SPECIES.length()) {
                FloatVector candidate = FloatVector.fromByteBuffer(SPECIES, candidates, (c + j) * F, ORDER);
                FloatVector previous = FloatVector.fromByteBuffer(SPECIES, states, (p + j) * F, ORDER);
                FloatVector z = FloatVector.fromByteBuffer(SPECIES, gates, (zr + j) * F, ORDER);
                previous.sub(candidate).mul(z).add(candidate).intoByteBuffer(states, (n + j) * F, ORDER);
            }
            for (; j < hidden; j++) {
                float candidate = get(candidates, c + j);
                put(states, n + j, (get(states, p + j) - candidate) * get(gates, zr + j) + candidate);
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
                FloatVector g = FloatVector.fromByteBuffer(SPECIES, dh, (g0 + j) * F, ORDER)
                        .add(FloatVector.fromByteBuffer(SPECIES, epsilon, (e + j) * F, ORDER));
                g.intoByteBuffer(dh, (g0 + j) * F, ORDER);
                FloatVector z = FloatVector.fromByteBuffer(SPECIES, gates, (zr + j) * F, ORDER);
                FloatVector c = FloatVector.fromByteBuffer(SPECIES, candidates, (e + j) * F, ORDER);
                FloatVector previous = FloatVector.fromByteBuffer(SPECIES, states, (p + j) * F, ORDER);
                FloatVector oneMinusZ = one.sub(z);
                g.mul(one.sub(c.mul(c)).mul(oneMinusZ)).intoByteBuffer(dPre, (d + 2 * hidden + j) * F, ORDER);
                g.mul(previous.sub(c).mul(z).mul(oneMinusZ)).intoByteBuffer(dPre, (d + j) * F, ORDER);
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
                FloatVector drs = FloatVector.fromByteBuffer(SPECIES, dResetState, (row + j) * F, ORDER);
                FloatVector z = FloatVector.fromByteBuffer(SPECIES, gates, (zr + j) * F, ORDER);
                FloatVector r = FloatVector.fromByteBuffer(SPECIES, gates, (zr + hidden + j) * F, ORDER);
                FloatVector previous = FloatVector.fromByteBuffer(SPECIES, states, (p + j) * F, ORDER);
                FloatVector dNext = FloatVector.fromByteBuffer(SPECIES, dh, (row + j) * F, ORDER);
                drs.mul(r.mul(one.sub(r)).mul(previous)).intoByteBuffer(dPre, (d + hidden + j) * F, ORDER);
                dNext.mul(z).add(drs.mul(r)).intoByteBuffer(dhPrevious, (row + j) * F, ORDER);
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
