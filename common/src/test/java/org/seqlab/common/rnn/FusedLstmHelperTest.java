package org.seqlab.common.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The fused helper's two implementations of the step loops (Vector API and scalar with libnd4j's sigmoid)
 * must agree. Comparisons with DL4J's own LSTM are in the bench module's {@code FusedLstmTest}.
 */
class FusedLstmHelperTest {
    /** Float32 rounding; the two differ only in how sigmoid and tanh are rounded. */
    private static final double TOLERANCE = 1e-5;

    /** The outputs of one forward and one backward pass: output, last state and cell, gradients, epsilon. */
    private static Map<String, INDArray> run(FusedLstmHelper helper, int batch, int nIn, int hidden, int steps,
                                             boolean withState, boolean truncated, boolean padded) {
        Nd4j.getRandom().setSeed(42);
        INDArray input = Nd4j.rand(DataType.FLOAT, batch, nIn, steps).subi(0.5).muli(2);
        INDArray w = Nd4j.rand(DataType.FLOAT, nIn, 4L * hidden).subi(0.5);
        INDArray rw = Nd4j.rand(DataType.FLOAT, hidden, 4L * hidden).subi(0.5);
        INDArray b = Nd4j.rand(DataType.FLOAT, 1, 4L * hidden).subi(0.5);
        INDArray epsilon = Nd4j.rand(DataType.FLOAT, batch, hidden, steps).subi(0.5);
        INDArray prevHidden = withState ? Nd4j.rand(DataType.FLOAT, batch, hidden).subi(0.5) : null;
        INDArray prevCell = withState ? Nd4j.rand(DataType.FLOAT, batch, hidden).subi(0.5) : null;
        // every row but the first shorter by its index: right padding of different lengths
        INDArray mask = null;
        if (padded) {
            mask = Nd4j.ones(DataType.FLOAT, batch, steps);
            for (int r = 1; r < batch; r++) {
                mask.get(NDArrayIndex.point(r), NDArrayIndex.interval(Math.max(1, steps - r), steps)).assign(0);
            }
        }
        LayerWorkspaceMgr ws = LayerWorkspaceMgr.noWorkspaces();
        FusedLstmHelper.FusedPass pass = helper.forward(input, mask, rw, w, b, prevHidden, prevCell, true,
                ArrayType.ACTIVATIONS, ws);
        Map<String, INDArray> views = new HashMap<>();
        views.put("W", Nd4j.create(DataType.FLOAT, nIn, 4L * hidden));
        views.put("RW", Nd4j.create(DataType.FLOAT, hidden, 4L * hidden));
        views.put("b", Nd4j.create(DataType.FLOAT, 1, 4L * hidden));
        Pair<Gradient, INDArray> back = helper.backpropGradient(null, null, input, rw, w, epsilon, truncated, 3,
                pass, true, "W", "RW", "b", views, mask, false, ws);
        assertNotNull(back, "the fused helper must handle this case");
        Map<String, INDArray> out = new HashMap<>();
        out.put("output", pass.fwdPassOutput.dup());
        out.put("lastAct", pass.lastAct.dup());
        out.put("lastMemCell", pass.lastMemCell.dup());
        out.put("epsilon", back.getSecond().dup());
        back.getFirst().gradientForVariable().forEach((k, v) -> out.put("grad " + k, v.dup()));
        return out;
    }

    private static void assertSame(int batch, int nIn, int hidden, int steps, boolean withState, boolean truncated) {
        assertSame(batch, nIn, hidden, steps, withState, truncated, false);
    }

    private static void assertSame(int batch, int nIn, int hidden, int steps, boolean withState, boolean truncated,
                                   boolean padded) {
        Map<String, INDArray> scalar = run(new FusedLstmHelper(false), batch, nIn, hidden, steps, withState, truncated, padded);
        Map<String, INDArray> vector = run(new FusedLstmHelper(true), batch, nIn, hidden, steps, withState, truncated, padded);
        for (String key : scalar.keySet()) {
            INDArray s = scalar.get(key);
            INDArray v = vector.get(key);
            assertTrue(s.equalsWithEps(v, TOLERANCE), key + " differs (hidden " + hidden + "): max abs difference "
                    + s.sub(v).amaxNumber());
        }
    }

    @Test
    void vectorLoopsAreInUseUnderMaven() {
        // surefire runs with --add-modules jdk.incubator.vector (test.jvm.args), like the ./seqlab launcher
        assertTrue(new FusedLstmHelper().vectorised(), "jdk.incubator.vector not available: the SIMD loops are untested");
        assertTrue(!new FusedLstmHelper(false).vectorised());
    }

    @Test
    void vectorAndScalarLoopsAgreeOnFullRegistersAndTail() {
        // 37 units: two full 16-lane registers (AVX-512) and a 5-unit scalar tail; 64 units: registers only
        assertSame(3, 5, 37, 6, false, false);
        assertSame(2, 7, 64, 4, false, false);
    }

    @Test
    void vectorAndScalarLoopsAgreeWithStateAndTruncation() {
        assertSame(3, 4, 21, 7, true, true);
    }

    @Test
    void vectorAndScalarLoopsAgreeWithPadding() {
        assertSame(4, 5, 37, 6, false, false, true);
    }

    /** The vector loops with the batch cut in shares of 8 and 9 rows on two threads; the scalar loops stay whole. */
    @Test
    void vectorLoopsOnTwoThreadsAgreeWithTheScalarLoops() {
        assertTrue(StepThreads.enable(2));
        try {
            assertEquals(2, StepThreads.shares(17).size());
            assertSame(17, 5, 37, 6, false, false);
            assertSame(17, 4, 21, 7, true, true);
            // padded rows in both shares
            assertSame(17, 5, 37, 6, false, false, true);
        } finally {
            StepThreads.disable();
        }
    }

    /** From {@link StepProduct#MIN_STEPS} steps on, the vector loops multiply by weights packed once. */
    @Test
    void vectorLoopsWithPackedWeightsAgreeWithTheScalarLoops() {
        int steps = StepProduct.MIN_STEPS + 4;
        assertSame(5, 5, 37, steps, false, false);
        assertSame(3, 4, 21, steps, true, true);
        assertSame(4, 5, 37, steps, false, false, true);
        assertTrue(StepThreads.enable(2));
        try {
            assertSame(17, 5, 37, steps, false, false, true);
        } finally {
            StepThreads.disable();
        }
    }

    @Test
    void vectorAndScalarLoopsAgreeBelowOneRegister() {
        assertSame(2, 3, 5, 4, true, false);
    }
}
