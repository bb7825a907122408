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
 * {@link LstmSteps} with the Vector API ({@code jdk.incubator.vector}): the element-wise work of a step, one SIMD
 * register of units at a time (16 floats with AVX-512), units beyond the last full register scalar. The sigmoids and
 * tanh are {@link VectorFloats}' passes over a row (the same result whether the JIT has compiled the loop or not);
 * the loops call the Vector API directly (see {@link VectorFloats} for why). Loaded by name only (see
 * {@link LstmSteps#vectorised()}).
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
            // the row is [g | f | o | i]: tanh on the first quarter, the sigmoid on the other three
            addBias(gates, z, bias, 0, width);
            tanh(gates, z, gates, z, hidden);
            sigmoid(gates, z + hidden, gates, z + hidden, 3 * hidden);
            int j = 0;
            for (; j < bound; j += SPECIES.length()) {
                FloatVector g = FloatVector.fromByteBuffer(SPECIES, gates, (z + j) * F, ORDER);
                FloatVector f = FloatVector.fromByteBuffer(SPECIES, gates, (z + hidden + j) * F, ORDER);
                FloatVector i = FloatVector.fromByteBuffer(SPECIES, gates, (z + 3 * hidden + j) * F, ORDER);
                FloatVector previous = FloatVector.fromByteBuffer(SPECIES, previousCells, (p + j) * F, ORDER);
                f.mul(previous).add(i.mul(g)).intoByteBuffer(cells, (c + j) * F, ORDER);
            }
            for (; j < hidden; j++) {
                float g = get(gates, z + j);
                float f = get(gates, z + hidden + j);
                float i = get(gates, z + 3 * hidden + j);
                put(cells, c + j, f * get(previousCells, p + j) + i * g);
            }
            tanh(cells, c, cellsTanh, c, hidden);
            j = 0;
            for (; j < bound; j += SPECIES.length()) {
                FloatVector o = FloatVector.fromByteBuffer(SPECIES, gates, (z + 2 * hidden + j) * F, ORDER);
                FloatVector tc = FloatVector.fromByteBuffer(SPECIES, cellsTanh, (c + j) * F, ORDER);
                o.mul(tc).intoByteBuffer(states, (s + j) * F, ORDER);
            }
            for (; j < hidden; j++) {
                put(states, s + j, get(gates, z + 2 * hidden + j) * get(cellsTanh, c + j));
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
                FloatVector g = FloatVector.fromByteBuffer(SPECIES, gates, (z + j) * F, ORDER);
                FloatVector f = FloatVector.fromByteBuffer(SPECIES, gates, (z + hidden + j) * F, ORDER);
                FloatVector o = FloatVector.fromByteBuffer(SPECIES, gates, (z + 2 * hidden + j) * F, ORDER);
                FloatVector i = FloatVector.fromByteBuffer(SPECIES, gates, (z + 3 * hidden + j) * F, ORDER);
                FloatVector tc = FloatVector.fromByteBuffer(SPECIES, cellsTanh, (c + j) * F, ORDER);
                FloatVector dOut = FloatVector.fromByteBuffer(SPECIES, dh, (d + j) * F, ORDER);
                if (dhRecurrent != null) {
                    dOut = dOut.add(FloatVector.fromByteBuffer(SPECIES, dhRecurrent, (r + j) * F, ORDER));
                }
                FloatVector previous = FloatVector.fromByteBuffer(SPECIES, previousCells, (p + j) * F, ORDER);
                FloatVector dc = dOut.mul(o).mul(one.sub(tc.mul(tc)))
                        .add(FloatVector.fromArray(SPECIES, dCellNext, r + j));
                dc.mul(i).mul(one.sub(g.mul(g))).intoByteBuffer(dz, (z + j) * F, ORDER);
                dc.mul(previous).mul(f).mul(one.sub(f)).intoByteBuffer(dz, (z + hidden + j) * F, ORDER);
                dOut.mul(tc).mul(o).mul(one.sub(o)).intoByteBuffer(dz, (z + 2 * hidden + j) * F, ORDER);
                dc.mul(g).mul(i).mul(one.sub(i)).intoByteBuffer(dz, (z + 3 * hidden + j) * F, ORDER);
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
