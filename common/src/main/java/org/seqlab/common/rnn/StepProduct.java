package org.seqlab.common.rnn;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The product of every time step of a recurrent loop, {@code out (+)= a · W} (or {@code a · Wᵀ} in backprop), whose
 * weight W stays the same for the whole loop. {@code cblas_sgemm} packs W again on every call, which at the loops'
 * few rows (16 or 32 sequences) costs as much as the arithmetic; here W is packed once per loop into a
 * {@link PackedProduct} and each step copies its few rows to the heap and back. A loop shorter than
 * {@link #MIN_STEPS} (one step at a time when sampling or decoding) keeps {@code cblas_sgemm}: packing would cost more
 * than it saves. {@code -Dseqlab.packedSteps=false} turns the packing off everywhere.
 */
final class StepProduct {
    /** Steps from which packing W once pays for itself (packing costs about two products). */
    static final int MIN_STEPS = 8;
    private static final boolean ENABLED = Boolean.parseBoolean(System.getProperty("seqlab.packedSteps", "true"))
            && Nd4j.getEnvironment().isCPU();
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);

    private final INDArray w;
    private final boolean transposed;
    /** Null: each step calls {@code cblas_sgemm} (through {@link DirectGemm}). */
    private final PackedProduct packed;

    private StepProduct(INDArray w, boolean transposed, PackedProduct packed) {
        this.w = w;
        this.transposed = transposed;
        this.packed = packed;
    }

    /** The product by {@code w} ({@code transposed}: by {@code wᵀ}) for a loop of {@code steps} steps. */
    static StepProduct of(INDArray w, boolean transposed, long steps) {
        boolean pack = ENABLED && steps >= MIN_STEPS && w.dataType() == DataType.FLOAT && w.rank() == 2
                && !w.isEmpty();
        return new StepProduct(w, transposed, pack ? (transposed ? PackedProduct.ofTransposed(w) : PackedProduct.of(w)) : null);
    }

    /** {@code out = a · W} or, with {@code accumulate}, {@code out += a · W}; safe on several threads at once. */
    void multiply(INDArray a, INDArray out, boolean accumulate) {
        if (packed == null || !rowsOf(a) || !rowsOf(out)) {
            DirectGemm.gemm(a, w, out, false, transposed, 1.0, accumulate ? 1.0 : 0.0);
            return;
        }
        int m = (int) a.size(0);
        int k = packed.rows();
        int n = packed.columns();
        float[][] scratch = SCRATCH.get();
        if (scratch[0].length < m * k) {
            scratch[0] = new float[m * k];
        }
        if (scratch[1].length < m * n) {
            scratch[1] = new float[m * n];
        }
        FloatBuffer from = buffer(a);
        int aStride = (int) a.stride(0);
        for (int i = 0; i < m; i++) {
            from.get(i * aStride, scratch[0], i * k, k);
        }
        FloatBuffer to = buffer(out);
        int outStride = (int) out.stride(0);
        if (accumulate) {
            for (int i = 0; i < m; i++) {
                to.get(i * outStride, scratch[1], i * n, n);
            }
        }
        packed.multiply(scratch[0], 0, m, scratch[1], 0, accumulate);
        for (int i = 0; i < m; i++) {
            to.put(i * outStride, scratch[1], i * n, n);
        }
    }

    /** A float matrix on the host whose rows are contiguous (any row stride): what the copies read and write. */
    private static boolean rowsOf(INDArray x) {
        return x.rank() == 2 && x.dataType() == DataType.FLOAT && (x.size(1) == 1 || x.stride(1) == 1)
                && x.stride(0) >= x.size(1) && x.size(0) * x.stride(0) < Integer.MAX_VALUE;
    }

    /** The view's floats from its first element (the buffer's address already counts the view's offset). */
    private static FloatBuffer buffer(INDArray x) {
        return NativeFloats.fromFirst(x, (x.size(0) - 1) * x.stride(0) + x.size(1));
    }
}
