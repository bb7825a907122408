package org.seqlab.common.rnn;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The packed per-step product equals ND4J's product on the views the recurrent loops use, and leaves the rest alone. */
class StepProductTest {
    private static void assertClose(INDArray expected, INDArray actual) {
        double scale = Math.max(1, expected.amaxNumber().doubleValue());
        assertTrue(expected.equalsWithEps(actual, 1e-4 * scale), "max abs difference " + expected.sub(actual).amaxNumber());
    }

    @Test
    void packedStepsMatchTheProductOnRowBlocksAndColumnBlocks() {
        Nd4j.getRandom().setSeed(5);
        // a [k, 3n] weight, its column blocks as the GRU has them (row stride 3n), and rows of a larger state matrix
        for (int[] shape : new int[][] {{37, 21, 1}, {64, 48, 16}, {21, 37, 17}, {5, 3, 4}}) {
            int k = shape[0];
            int n = shape[1];
            int m = shape[2];
            INDArray weight = Nd4j.rand(DataType.FLOAT, k, 3 * n).subi(0.5);
            INDArray block = weight.get(all(), interval(n, 2 * n));
            INDArray states = Nd4j.rand(DataType.FLOAT, 3 * m, k).subi(0.5);
            INDArray a = states.get(interval(m, 2 * m), all());
            INDArray out = Nd4j.rand(DataType.FLOAT, 2 * m, 3 * n);
            INDArray target = out.get(interval(m, 2 * m), interval(n, 2 * n));
            INDArray before = out.dup();
            StepProduct.of(block, false, StepProduct.MIN_STEPS).multiply(a, target, true);
            assertClose(before.get(interval(m, 2 * m), interval(n, 2 * n)).add(a.mmul(block)), target);
            INDArray outside = out.dup();
            outside.get(interval(m, 2 * m), interval(n, 2 * n)).assign(0);
            before.get(interval(m, 2 * m), interval(n, 2 * n)).assign(0);
            assertTrue(before.equals(outside), "nothing outside the target block is written");

            // the backward product by the transpose, into a fresh array
            INDArray gradients = Nd4j.rand(DataType.FLOAT, m, 3 * n).subi(0.5).get(all(), interval(n, 2 * n));
            INDArray dh = Nd4j.rand(DataType.FLOAT, m, k);
            StepProduct.of(block, true, StepProduct.MIN_STEPS).multiply(gradients, dh, false);
            assertClose(gradients.mmul(block.transpose()), dh);
            // a short loop keeps cblas_sgemm, with the same result
            INDArray shortLoop = Nd4j.rand(DataType.FLOAT, m, k);
            StepProduct.of(block, true, 1).multiply(gradients, shortLoop, false);
            assertClose(dh, shortLoop);
        }
    }
}
