package org.seqlab.tagger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The vertices around the character BiLSTM move each value to the right place, and their backward passes are exact. */
class CharacterSequencesTest {
    private static final LayerWorkspaceMgr NO_WORKSPACES = LayerWorkspaceMgr.noWorkspaces();

    private static GraphVertex vertex(org.deeplearning4j.nn.conf.graph.GraphVertex conf) {
        return conf.instantiate(null, "v", 0, null, false, DataType.DOUBLE);
    }

    /** Forward, then backward of a random output gradient; returns {output, input gradient, that gradient}. */
    private static INDArray[] run(GraphVertex v, INDArray input, INDArray mask, int batch, INDArray[] maskOut) {
        v.setInputVertices(new org.deeplearning4j.nn.graph.vertex.VertexIndices[] {
                new org.deeplearning4j.nn.graph.vertex.VertexIndices(0, 0)});
        maskOut[0] = v.feedForwardMaskArrays(new INDArray[] {mask}, MaskState.Active, batch).getFirst();
        v.setInput(0, input, NO_WORKSPACES);
        INDArray out = v.doForward(true, NO_WORKSPACES);
        INDArray gradOut = Nd4j.rand(DataType.DOUBLE, out.shape());
        v.setEpsilon(gradOut);
        return new INDArray[] {out, v.doBackward(false, NO_WORKSPACES).getSecond()[0], gradOut};
    }

    /** The backward pass of a linear map is its adjoint: <f(x), g> = <x, f'(g)> for every x and g. */
    private static void assertAdjoint(INDArray[] run, INDArray input) {
        assertEquals(run[0].mul(run[2]).sumNumber().doubleValue(), input.mul(run[1]).sumNumber().doubleValue(), 1e-9);
    }

    @Test
    void splitGivesEachWordItsOwnSequence() {
        int slot = 4;
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 3 * slot);
        INDArray mask = Nd4j.rand(DataType.DOUBLE, 2, 3 * slot).gt(0.5).castTo(DataType.DOUBLE);
        INDArray[] maskOut = new INDArray[1];
        INDArray[] r = run(vertex(new CharacterSequences.Split(slot)), x, mask, 2, maskOut);
        assertArrayEquals(new long[] {6, 3, slot}, r[0].shape());
        for (int b = 0; b < 2; b++) {
            for (int w = 0; w < 3; w++) {
                for (int d = 0; d < 3; d++) {
                    for (int c = 0; c < slot; c++) {
                        assertEquals(x.getDouble(b, d, w * slot + c), r[0].getDouble(b * 3 + w, d, c));
                        assertEquals(mask.getDouble(b, w * slot + c), maskOut[0].getDouble(b * 3 + w, c));
                    }
                }
            }
        }
        assertAdjoint(r, x);
    }

    @Test
    void joinReadsTheForwardHalfAtTheLastCharacterAndTheBackwardHalfAtTheFirst() {
        // two sentences of two words, slots of 4, h = 2; word 2 is padding
        INDArray y = Nd4j.rand(DataType.DOUBLE, 4, 4, 4);
        INDArray mask = Nd4j.createFromArray(new double[][] {{0, 1, 1, 0}, {0, 1, 0, 0}, {0, 0, 0, 0}, {0, 1, 1, 1}});
        INDArray[] maskOut = new INDArray[1];
        INDArray[] r = run(vertex(new CharacterSequences.Join()), y, mask, 2, maskOut);
        assertArrayEquals(new long[] {2, 4, 2}, r[0].shape());
        assertEquals(Nd4j.createFromArray(new double[][] {{1, 1}, {0, 1}}), maskOut[0]);
        int[][] lastFirst = {{2, 1}, {1, 1}, {-1, -1}, {3, 1}};
        for (int row = 0; row < 4; row++) {
            for (int j = 0; j < 2; j++) {
                double forward = lastFirst[row][0] < 0 ? 0 : y.getDouble(row, j, lastFirst[row][0]);
                double backward = lastFirst[row][1] < 0 ? 0 : y.getDouble(row, 2 + j, lastFirst[row][1]);
                assertEquals(forward, r[0].getDouble(row / 2, j, row % 2));
                assertEquals(backward, r[0].getDouble(row / 2, 2 + j, row % 2));
            }
        }
        assertAdjoint(r, y);
    }

    @Test
    void joinRefusesAMaskOfAnotherBatch() {
        GraphVertex join = vertex(new CharacterSequences.Join());
        INDArray[] maskOut = new INDArray[1];
        run(join, Nd4j.rand(DataType.DOUBLE, 4, 4, 4), Nd4j.ones(DataType.DOUBLE, 4, 4), 2, maskOut);
        join.setInput(0, Nd4j.rand(DataType.DOUBLE, 6, 4, 4), NO_WORKSPACES);
        assertThrows(IllegalStateException.class, () -> join.doForward(false, NO_WORKSPACES));
    }
}
