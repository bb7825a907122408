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
 * {@link LstmSteps} with the Vector API ({@code jdk.incubator.vector}): the element-wise work of a
 * step, sigmoids and tanh included, in one pass over the hidden units, one SIMD register of units at a
 * time (16 floats with AVX-512). {@code tanh} and {@code sigmoid} are {@link VectorFloats}' (the same result
 * whether the JIT has compiled the loop or not). Units beyond the last full register run scalar.
 * Loaded by name only (see {@link LstmSteps#vectorised()}).
 */
final class VectorLstmSteps implements LstmSteps {
    @Override
    public void forward(ByteBuffer gates, int gateOffset, ByteBuffer previousCells, int previousOffset,
                        ByteBuffer cells, ByteBuffer cellsTanh, int cellOffset, ByteBuffer states, int stateOffset,
                        float[] bias, int batch, int hidden) {
        int width = 4 * hidden;
        int bound = SPECIES.loopBound(hidden);
        for (int b = 0; b < batch; b++) {
            int z = gateOffset + b * width;
            int p = previousOffset + b * hidden;
            int c = cellOffset + b * hidden;
            int s = stateOffset + b * hidden;
            int j = 0;
            for (; j < bound; j += SPECIES.length()) {
                FloatVector g = tanh(load(gates, z + j).add(FloatVector.fromArray(SPECIES, bias, j)));
                FloatVector f = sigmoid(load(gates, z + hidden + j).add(FloatVector.fromArray(SPECIES, bias, hidden + j)));
                FloatVector o = sigmoid(load(gates, z + 2 * hidden + j)
                        .add(FloatVector.fromArray(SPECIES, bias, 2 * hidden + j)));
                FloatVector i = sigmoid(load(gates, z + 3 * hidden + j)
                        .add(FloatVector.fromArray(SPECIES, bias, 3 * hidden + j)));
                FloatVector cell = f.mul(load(previousCells, p + j)).add(i.mul(g));
                FloatVector tc = tanh(cell);
                store(g, gates, z + j);
                store(f, gates, z + hidden + j);
                store(o, gates, z + 2 * hidden + j);
                store(i, gates, z + 3 * hidden + j);
                store(cell, cells, c + j);
                store(tc, cellsTanh, c + j);
                store(o.mul(tc), states, s + j);
            }
            for (; j < hidden; j++) {
                float g = tanh(get(gates, z + j) + bias[j]);
                float f = sigmoid(get(gates, z + hidden + j) + bias[hidden + j]);
                float o = sigmoid(get(gates, z + 2 * hidden + j) + bias[2 * hidden + j]);
                float i = sigmoid(get(gates, z + 3 * hidden + j) + bias[3 * hidden + j]);
                float cell = f * get(previousCells, p + j) + i * g;
                float tc = tanh(cell);
                put(gates, z + j, g);
                put(gates, z + hidden + j, f);
                put(gates, z + 2 * hidden + j, o);
                put(gates, z + 3 * hidden + j, i);
                put(cells, c + j, cell);
                put(cellsTanh, c + j, tc);
                put(states, s + j, o * tc);
            }
        }
    }

    @Override
    public void backward(ByteBuffer gates, int gateOffset, ByteBuffer previousCells, int previousOffset,
                         ByteBuffer cellsTanh, int cellOffset, ByteBuffer dh, int dhOffset, ByteBuffer dhRecurrent,
                         ByteBuffer dz, float[] dCellNext, int batch, int hidden) {
        int width = 4 * hidden;
        int bound = SPECIES.loopBound(hidden);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        for (int b = 0; b < batch; b++) {
            int z = gateOffset + b * width;
            int p = previousOffset + b * hidden;
            int c = cellOffset + b * hidden;
            int d = dhOffset + b * hidden;
            int r = b * hidden;
            int j = 0;
            for (; j < bound; j += SPECIES.length()) {
                FloatVector g = load(gates, z + j);
                FloatVector f = load(gates, z + hidden + j);
                FloatVector o = load(gates, z + 2 * hidden + j);
                FloatVector i = load(gates, z + 3 * hidden + j);
                FloatVector tc = load(cellsTanh, c + j);
                FloatVector dOut = load(dh, d + j);
                if (dhRecurrent != null) {
                    dOut = dOut.add(load(dhRecurrent, r + j));
                }
                FloatVector dc = dOut.mul(o).mul(one.sub(tc.mul(tc))).add(FloatVector.fromArray(SPECIES, dCellNext, r + j));
                store(dc.mul(i).mul(one.sub(g.mul(g))), dz, z + j);
                store(dc.mul(load(previousCells, p + j)).mul(f).mul(one.sub(f)), dz, z + hidden + j);
                store(dOut.mul(tc).mul(o).mul(one.sub(o)), dz, z + 2 * hidden + j);
                store(dc.mul(g).mul(i).mul(one.sub(i)), dz, z + 3 * hidden + j);
                dc.mul(f).intoArray(dCellNext, r + j);
            }
            for (; j < hidden; j++) {
                float g = get(gates, z + j);
                float f = get(gates, z + hidden + j);
                float o = get(gates, z + 2 * hidden + j);
                float i = get(gates, z + 3 * hidden + j);
                float tc = get(cellsTanh, c + j);
                float dOut = get(dh, d + j);
                if (dhRecurrent != null) {
                    dOut += get(dhRecurrent, r + j);
                }
                float dc = dOut * o * (1 - tc * tc) + dCellNext[r + j];
                put(dz, z + j, dc * i * (1 - g * g));
                put(dz, z + hidden + j, dc * get(previousCells, p + j) * f * (1 - f));
                put(dz, z + 2 * hidden + j, dOut * tc * o * (1 - o));
                put(dz, z + 3 * hidden + j, dc * g * i * (1 - i));
                dCellNext[r + j] = dc * f;
            }
        }
    }
}
