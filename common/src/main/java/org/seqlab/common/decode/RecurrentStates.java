package org.seqlab.common.decode;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Row selection of DL4J recurrent states ({@code rnnGetPreviousState} maps of [rows, units] arrays). */
final class RecurrentStates {
    private RecurrentStates() {
    }

    static Map<String, INDArray> selectRows(Map<String, INDArray> state, int[] rows) {
        Map<String, INDArray> out = new HashMap<>();
        state.forEach((key, value) -> out.put(key, Nd4j.pullRows(value, 1, rows)));
        return out;
    }

    /** Log of each row of a [rows, vocabulary, 1] or [rows, vocabulary] probability output. */
    static float[][] logRows(INDArray probabilities) {
        INDArray p = probabilities.rank() == 3 ? probabilities.reshape(probabilities.size(0), probabilities.size(1)) : probabilities;
        // one copy of the whole matrix (a copy per row was a native call each)
        float[] all = p.dup('c').data().asFloat();
        int columns = (int) p.size(1);
        float[][] out = new float[(int) p.size(0)][];
        for (int r = 0; r < out.length; r++) {
            float[] row = java.util.Arrays.copyOfRange(all, r * columns, (r + 1) * columns);
            for (int i = 0; i < row.length; i++) {
                row[i] = (float) Math.log(row[i]);
            }
            out[r] = row;
        }
        return out;
    }

    /** One-hot [rows, vocabulary, 1] input for the given tokens. */
    static INDArray oneHot(int[] tokens, int vocabulary, org.nd4j.linalg.api.buffer.DataType type) {
        INDArray in = Nd4j.zeros(type, tokens.length, vocabulary, 1);
        for (int r = 0; r < tokens.length; r++) {
            in.putScalar(r, tokens[r], 0, 1.0);
        }
        return in;
    }

    /** One step of token indices, [rows, 1, 1], for networks that start with an embedding layer. */
    static INDArray indices(int[] tokens, org.nd4j.linalg.api.buffer.DataType type) {
        INDArray in = Nd4j.zeros(type, tokens.length, 1, 1);
        for (int r = 0; r < tokens.length; r++) {
            in.putScalar(r, 0, 0, tokens[r]);
        }
        return in;
    }

    /** The network input of one step: one-hot, or token indices when the network embeds them itself. */
    static INDArray tokenInput(int[] tokens, TokenInput kind, int vocabulary, org.nd4j.linalg.api.buffer.DataType type) {
        return kind == TokenInput.INDEX ? indices(tokens, type) : oneHot(tokens, vocabulary, type);
    }
}
