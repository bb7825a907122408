package org.seqlab.common.rnn;

import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code c = alpha * op(a) op(b) + beta * c}, handed straight to OpenBLAS when ND4J runs on the host with OpenBLAS.
 * {@code Nd4j.gemm} builds and executes a custom operation per call, which costs tens of microseconds on two
 * threads on this machine; the recurrent layers make four small products (a 32 x 256 state by a 256 x 768 weight
 * takes 130-300 microseconds) per time step, so that overhead was a fifth of a textgen training step on two
 * threads (docs/performance.md). Anything else (another backend or BLAS, double precision, a matrix whose rows
 * and columns are both strided) goes through {@code Nd4j.gemm}, which computes the same product.
 */
public final class DirectGemm {
    private static final boolean DIRECT = openBlasOnHost();
    /**
     * Multiply-adds from which a product is cut in two when {@link StepThreads} is on: the per-time-step products of
     * the recurrent layers (32 x 256 x 768 = 6.3 M) stay whole, the input projections and weight gradients of a
     * truncated-BPTT segment (hundreds of millions) are cut.
     */
    private static final double SPLIT_MIN = 1 << 24;

    private DirectGemm() {
    }

    /** Whether products go to OpenBLAS directly (those whose operands one leading dimension describes). */
    static boolean direct() {
        return DIRECT;
    }

    /** Whether a direct product of this size is cut in two across {@link StepThreads}. */
    static boolean cutInTwo(long m, long n, long k) {
        return StepThreads.ways() > 1 && (double) m * n * k >= SPLIT_MIN;
    }

    public static void gemm(INDArray a, INDArray b, INDArray c, boolean transposeA, boolean transposeB, double alpha,
                            double beta) {
        long m = c.size(0);
        long n = c.size(1);
        long k = transposeA ? a.size(0) : a.size(1);
        if ((transposeA ? a.size(1) : a.size(0)) != m || (transposeB ? b.size(0) : b.size(1)) != n
                || (transposeB ? b.size(1) : b.size(0)) != k) {
            throw new IllegalArgumentException("gemm: op(a) " + Arrays.toString(a.shape()) + " x op(b) "
                    + Arrays.toString(b.shape()) + " does not give " + Arrays.toString(c.shape()));
        }
        if (DIRECT && floats(a, b, c)) {
            // the call's order is the output's; an operand stored the other way is its own transpose in that order
            Layout out = Layout.of(c, true);
            if (out != null) {
                boolean rowMajor = !out.flipped;
                Layout la = Layout.of(a, rowMajor);
                Layout lb = Layout.of(b, rowMajor);
                if (la != null && lb != null) {
                    Sgemm call = new Sgemm(rowMajor, transposeA != la.flipped, transposeB != lb.flipped, (int) m,
                            (int) n, (int) k, (float) alpha, address(a), la.leading, address(b), lb.leading,
                            (float) beta, address(c), out.leading);
                    if (cutInTwo(m, n, k)) {
                        StepThreads.run(call.halves());
                    } else {
                        call.run();
                    }
                    return;
                }
            }
        }
        Nd4j.gemm(a, b, c, transposeA, transposeB, alpha, beta);
    }

    /**
     * One {@code cblas_sgemm} call in the order of its output. Cut in two along the output's longer side, each half
     * is the same call on the rows (or columns) of {@code op(a)} (or {@code op(b)}) and of {@code c} that it covers.
     */
    private record Sgemm(boolean rowMajor, boolean transA, boolean transB, int m, int n, int k, float alpha,
                         FloatPointer a, int lda, FloatPointer b, int ldb, float beta, FloatPointer c, int ldc)
            implements Runnable {
        @Override
        public void run() {
            openblas_nolapack.cblas_sgemm(rowMajor ? openblas_nolapack.CblasRowMajor : openblas_nolapack.CblasColMajor,
                    transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                    transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                    m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        }

        List<Runnable> halves() {
            if (m >= n) {
                int top = m / 2;
                return List.of(rows(0, top), rows(top, m - top));
            }
            int left = n / 2;
            return List.of(columns(0, left), columns(left, n - left));
        }

        private Sgemm rows(int from, int count) {
            return new Sgemm(rowMajor, transA, transB, count, n, k, alpha, a.getPointer(lineOffset(transA, lda, from)),
                    lda, b, ldb, beta, c.getPointer(lineOffset(false, ldc, from)), ldc);
        }

        private Sgemm columns(int from, int count) {
            return new Sgemm(rowMajor, transA, transB, m, count, k, alpha, a, lda,
                    b.getPointer(lineOffset(!transB, ldb, from)), ldb, beta,
                    c.getPointer(lineOffset(true, ldc, from)), ldc);
        }

        /**
         * Where row {@code i} of a stored matrix (or, {@code crosswise}, its column {@code i}) starts, in this
         * call's order: a whole leading dimension per step along the order's outer axis, one element along the inner.
         */
        private long lineOffset(boolean crosswise, int leading, int i) {
            return rowMajor != crosswise ? (long) i * leading : i;
        }
    }

    /** How a matrix reads in one storage order: its leading dimension, and whether it is stored the other way. */
    private record Layout(int leading, boolean flipped) {
        /** In row-major ({@code rowMajor}) or column-major order, or null when no leading dimension describes it. */
        static Layout of(INDArray x, boolean rowMajor) {
            int contiguousAxis = rowMajor ? 1 : 0;
            Layout same = along(x, contiguousAxis, false);
            return same != null ? same : along(x, 1 - contiguousAxis, true);
        }

        /**
         * Unit stride along {@code axis} (1: within each row, 0: within each column): the other axis's stride is the
         * leading dimension (any value at least the length will do when there is a single row or column).
         */
        private static Layout along(INDArray x, int axis, boolean flipped) {
            long length = x.size(axis);
            if (length != 1 && x.stride(axis) != 1) {
                return null;
            }
            long leading = x.size(1 - axis) == 1 ? Math.max(1, length) : x.stride(1 - axis);
            return leading >= length && leading <= Integer.MAX_VALUE ? new Layout((int) leading, flipped) : null;
        }
    }

    private static boolean floats(INDArray... xs) {
        for (INDArray x : xs) {
            if (x.dataType() != DataType.FLOAT || x.rank() != 2 || x.length() == 0) {
                return false;
            }
        }
        return true;
    }

    /** The first element: a view's buffer is itself a view whose address already counts the array's offset. */
    private static FloatPointer address(INDArray x) {
        return new FloatPointer(x.data().addressPointer());
    }

    private static boolean openBlasOnHost() {
        try {
            return Boolean.parseBoolean(System.getProperty("seqlab.directBlas", "true"))
                    && Nd4j.getEnvironment().isCPU()
                    && Nd4j.factory().blas().getBlasVendor() == Blas.Vendor.OPENBLAS;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
