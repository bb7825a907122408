package org.seqlab.common.rnn;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * Once C2 has compiled them, the SIMD step loops and the packed product's kernels allocate nothing: every vector stays
 * in registers. A vector handed to a method that C2 declined to inline is boxed on the heap at every call (see
 * {@link VectorFloats}); that showed as hundreds of megabytes a second of garbage in training, and as 15 to 21 kB a
 * call of the step loops here. The loops run until a round of calls allocates nothing or the time is up (the
 * interpreter and C1 allocate freely, so early rounds do).
 */
class VectorStepsAllocationTest {
    private static final int BATCH = 4;
    private static final int HIDDEN = 64;
    private static final int CALLS = 1000;
    private static final long PATIENCE_NANOS = 30_000_000_000L;

    private static ByteBuffer floats(int n) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(n * Float.BYTES).order(ByteOrder.nativeOrder());
        for (int i = 0; i < n; i++) {
            buffer.putFloat(i * Float.BYTES, (float) Math.sin(i));
        }
        return buffer;
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** Calls {@code step} in rounds of {@link #CALLS} until a round allocates nothing. */
    private static void assertEventuallyAllocatesNothing(String what, Runnable step) {
        long start = System.nanoTime();
        long perCall = Long.MAX_VALUE;
        while (System.nanoTime() - start < PATIENCE_NANOS) {
            long before = allocatedBytes();
            for (int i = 0; i < CALLS; i++) {
                step.run();
            }
            perCall = (allocatedBytes() - before) / CALLS;
            if (perCall == 0) {
                return;
            }
        }
        fail(what + " still allocates " + perCall + " bytes a call after " + PATIENCE_NANOS / 1_000_000_000 + " s");
    }

    @Test
    void gruStepsAllocateNothingOnceCompiled() {
        GruSteps steps = GruSteps.vectorised();
        assertNotNull(steps, "the Vector API loops should load in the tests' JVM");
        ByteBuffer gates = floats(BATCH * 2 * HIDDEN);
        ByteBuffer states = floats(2 * BATCH * HIDDEN);
        ByteBuffer rows = floats(BATCH * HIDDEN);
        ByteBuffer candidates = floats(BATCH * HIDDEN);
        ByteBuffer dh = floats(BATCH * HIDDEN);
        ByteBuffer dPre = floats(BATCH * 3 * HIDDEN);
        ByteBuffer dPrevious = floats(BATCH * HIDDEN);
        float[] bias = new float[3 * HIDDEN];
        assertEventuallyAllocatesNothing("the GRU's step loops", () -> {
            steps.forwardGates(gates, 0, states, 0, rows, 0, bias, BATCH, HIDDEN);
            steps.forwardState(gates, 0, candidates, 0, states, 0, BATCH * HIDDEN, bias, BATCH, HIDDEN);
            steps.backwardCandidate(rows, 0, dh, gates, 0, candidates, states, 0, dPre, 0, BATCH, HIDDEN);
            steps.backwardReset(rows, dh, gates, 0, states, 0, dPre, 0, dPrevious, BATCH, HIDDEN);
        });
    }

    @Test
    void lstmStepsAllocateNothingOnceCompiled() {
        LstmSteps steps = LstmSteps.vectorised();
        assertNotNull(steps, "the Vector API loops should load in the tests' JVM");
        ByteBuffer gates = floats(BATCH * 4 * HIDDEN);
        ByteBuffer previousCells = floats(BATCH * HIDDEN);
        ByteBuffer cells = floats(BATCH * HIDDEN);
        ByteBuffer cellsTanh = floats(BATCH * HIDDEN);
        ByteBuffer states = floats(BATCH * HIDDEN);
        ByteBuffer dh = floats(BATCH * HIDDEN);
        ByteBuffer dz = floats(BATCH * 4 * HIDDEN);
        float[] dCellNext = new float[BATCH * HIDDEN];
        float[] bias = new float[4 * HIDDEN];
        assertEventuallyAllocatesNothing("the LSTM's step loops", () -> {
            steps.forward(gates, 0, previousCells, 0, cells, cellsTanh, 0, states, 0, bias, BATCH, HIDDEN);
            steps.backward(gates, 0, previousCells, 0, cellsTanh, 0, dh, 0, states, dz, dCellNext, BATCH, HIDDEN);
        });
    }

    @Test
    void packedProductAllocatesNothingOnceCompiled() {
        int m = 8;
        int k = 64;
        int n = 128;
        float[] w = new float[k * n];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) Math.cos(i);
        }
        PackedProduct product = PackedProduct.of(w, k, n);
        float[] a = new float[m * k];
        float[] out = new float[m * n];
        assertEventuallyAllocatesNothing("the packed product", () -> product.multiply(a, 0, m, out, 0, true));
    }
}
