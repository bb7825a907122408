package org.seqlab.common.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Random;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The packed product must equal a plain triple loop (accumulated in double) for every shape: row counts that are
 * and are not multiples of the 4-row block, column counts with a narrower last panel and a scalar tail, packing
 * from arrays, buffers and ND4J arrays in either order, transposed or not.
 */
class PackedProductTest {
    private static final int L = FloatVector.SPECIES_PREFERRED.length();
    /** Sentinel for output elements the product must not touch. */
    private static final float UNTOUCHED = -12345.5f;

    private static float[] random(Random random, int length) {
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] = random.nextFloat() * 2f - 1f;
        }
        return x;
    }

    /**
     * Checks {@code got[outOffset + i * outStride + j]} against {@code before + sum_k a[i][k] B[k][j]} (B[k][j] =
     * {@code b[k * bRow + j * bCol]}) within 1e-4 of {@code sum_k |a[i][k] B[k][j]|} (plus a tiny absolute floor),
     * the usual bound for a float dot product; and that nothing outside the rows' column ranges changed.
     */
    private static void check(String what, float[] a, int aOffset, int aStride, int m, float[] b, int bRow, int bCol,
                              int k, int n, float[] before, float[] got, int outOffset, int outStride,
                              boolean accumulate) {
        boolean[] written = new boolean[got.length];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                double magnitude = 0;
                for (int p = 0; p < k; p++) {
                    double term = (double) a[aOffset + i * aStride + p] * b[p * bRow + j * bCol];
                    sum += term;
                    magnitude += Math.abs(term);
                }
                int at = outOffset + i * outStride + j;
                written[at] = true;
                double expected = accumulate ? before[at] + sum : sum;
                double tolerance = 1e-4 * (magnitude + (accumulate ? Math.abs(before[at]) : 0)) + 1e-6;
                if (Math.abs(got[at] - expected) > tolerance) {
                    fail(what + ": out[" + i + "][" + j + "] = " + got[at] + ", expected " + expected + " (tolerance "
                            + tolerance + ")");
                }
            }
        }
        for (int x = 0; x < got.length; x++) {
            if (!written[x] && got[x] != before[x]) {
                fail(what + ": element " + x + " outside the product changed from " + before[x] + " to " + got[x]);
            }
        }
    }

    /** Multiplies with gaps around and between the rows of a and out, accumulating and not. */
    private static void multiplyAndCheck(String what, PackedProduct product, float[] b, int bRow, int bCol, int m,
                                         Random random) {
        int k = product.rows();
        int n = product.columns();
        for (boolean accumulate : new boolean[] {false, true}) {
            for (int gap : new int[] {0, 3}) {
                int aOffset = gap * 2;
                int aStride = k + gap;
                int outOffset = gap * 5;
                int outStride = n + gap;
                float[] a = random(random, aOffset + m * aStride + gap);
                float[] out = random(random, outOffset + m * outStride + gap);
                if (gap > 0) {
                    java.util.Arrays.fill(out, UNTOUCHED);
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            out[outOffset + i * outStride + j] = random.nextFloat() - 0.5f;
                        }
                    }
                }
                float[] before = out.clone();
                if (gap == 0) {
                    product.multiply(a, aOffset, m, out, outOffset, accumulate);
                } else {
                    product.multiply(a, aOffset, aStride, m, out, outOffset, outStride, accumulate);
                }
                check(what + " m=" + m + " accumulate=" + accumulate + " gap=" + gap, a, aOffset, aStride, m, b,
                        bRow, bCol, k, n, before, out, outOffset, outStride, accumulate);
            }
        }
    }

    private static final int[] ROWS = {1, 2, 3, 4, 5, 7, 16, 32, 33};

    @Test
    void equalsTheTripleLoopForShapesWithAndWithoutTails() {
        Random random = new Random(11);
        // inner sizes x column counts: exact panels, a narrower last panel, a scalar tail, fewer than one vector
        int[][] shapes = {{256, 768}, {64, 4 * L}, {37, 4 * L + 2 * L}, {19, 5 * L + 3}, {5, 3}, {1, L + 1},
                {48, 9 * L - 1}, {3, 2 * L}};
        for (int[] shape : shapes) {
            int k = shape[0];
            int n = shape[1];
            float[] w = random(random, k * n);
            PackedProduct product = PackedProduct.of(w, k, n);
            assertEquals(k, product.rows());
            assertEquals(n, product.columns());
            for (int m : ROWS) {
                multiplyAndCheck("W " + k + "x" + n, product, w, n, 1, m, random);
            }
        }
    }

    @Test
    void transposedPackingMultipliesByTheTranspose() {
        Random random = new Random(12);
        int[][] shapes = {{256, 768}, {40, 4 * L + 5}, {7, L + 9}, {2 * L + 3, 17}};
        for (int[] shape : shapes) {
            int k = shape[0];
            int n = shape[1];
            float[] w = random(random, k * n);
            // B = Wᵀ: n x k, B[r][c] = W[c][r] = w[c * n + r]
            PackedProduct product = PackedProduct.ofTransposed(w, k, n);
            assertEquals(n, product.rows());
            assertEquals(k, product.columns());
            for (int m : new int[] {1, 3, 16, 32}) {
                multiplyAndCheck("Wt of " + k + "x" + n, product, w, 1, n, m, random);
            }
        }
    }

    @Test
    void packsFromBuffersWithOffsetAndStrides() {
        Random random = new Random(13);
        int k = 21;
        int n = 2 * L + 7;
        int offset = 5;
        int leading = n + 4;
        float[] source = random(random, offset + k * leading);
        FloatBuffer direct = ByteBuffer.allocateDirect(source.length * Float.BYTES).order(ByteOrder.nativeOrder())
                .asFloatBuffer().put(source);
        float[] w = new float[k * n];
        for (int r = 0; r < k; r++) {
            System.arraycopy(source, offset + r * leading, w, r * n, n);
        }
        PackedProduct fromArray = new PackedProduct(k, n).pack(source, offset, leading, 1);
        PackedProduct fromBuffer = new PackedProduct(k, n).pack(direct, offset, leading, 1);
        // the same matrix read column-contiguously (stored transposed) and with no unit stride at all
        float[] columnMajor = new float[3 + n * (k + 2)];
        float[] scattered = new float[k * n * 2];
        for (int r = 0; r < k; r++) {
            for (int c = 0; c < n; c++) {
                columnMajor[3 + c * (k + 2) + r] = w[r * n + c];
                scattered[r * 2 * n + c * 2] = w[r * n + c];
            }
        }
        PackedProduct fromColumns = new PackedProduct(k, n).pack(columnMajor, 3, 1, k + 2);
        PackedProduct fromColumnBuffer = new PackedProduct(k, n).pack(FloatBuffer.wrap(columnMajor), 3, 1, k + 2);
        PackedProduct fromScattered = new PackedProduct(k, n).pack(scattered, 0, 2 * n, 2);
        PackedProduct fromScatteredBuffer = new PackedProduct(k, n).pack(FloatBuffer.wrap(scattered), 0, 2 * n, 2);
        for (PackedProduct product : new PackedProduct[] {fromArray, fromBuffer, fromColumns, fromColumnBuffer,
                fromScattered, fromScatteredBuffer}) {
            for (int m : new int[] {1, 6, 16}) {
                multiplyAndCheck("buffer packing", product, w, n, 1, m, random);
            }
        }
    }

    @Test
    void packsNd4jArraysAndViewsInEitherOrder() {
        Nd4j.getRandom().setSeed(14);
        Random random = new Random(14);
        int k = 24;
        int n = 3 * L + 5;
        for (char order : new char[] {'c', 'f'}) {
            INDArray big = Nd4j.rand(DataType.FLOAT, k + 6, n + 9).subi(0.5).dup(order);
            INDArray view = big.get(interval(2, 2 + k), interval(4, 4 + n));
            INDArray whole = view.dup(order);
            float[] w = view.dup('c').data().asFloat();
            for (INDArray source : new INDArray[] {whole, view}) {
                multiplyAndCheck("ND4J " + order, PackedProduct.of(source), w, n, 1, 5, random);
                // B = sourceᵀ: B[r][c] = source[c][r] = w[c * n + r]
                multiplyAndCheck("ND4J transposed " + order, PackedProduct.ofTransposed(source), w, 1, n, 9, random);
            }
        }
    }

    @Test
    void everyElementIsTheSequentialFusedMultiplyAddChain() {
        Random random = new Random(16);
        int k = 45;
        int n = 5 * L + 3; // a full panel, a one-vector panel and a scalar tail
        float[] w = random(random, k * n);
        PackedProduct product = PackedProduct.of(w, k, n);
        for (int m : new int[] {1, 3, 7}) {
            float[] a = random(random, m * k);
            float[] out = random(random, m * n);
            float[] expected = out.clone();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float sum = 0f;
                    for (int p = 0; p < k; p++) {
                        sum = Math.fma(a[i * k + p], w[p * n + j], sum);
                    }
                    expected[i * n + j] += sum;
                }
            }
            product.multiply(a, 0, m, out, 0, true);
            for (int x = 0; x < out.length; x++) {
                assertEquals(Float.floatToIntBits(expected[x]), Float.floatToIntBits(out[x]),
                        "m=" + m + ": element " + x + " is " + out[x] + ", the fma chain gives " + expected[x]);
            }
        }
    }

    @Test
    void repackingReplacesTheWeights() {
        Random random = new Random(15);
        int k = 32;
        int n = 4 * L + 1;
        float[] first = random(random, k * n);
        float[] second = random(random, k * n);
        PackedProduct product = PackedProduct.of(first, k, n);
        product.pack(second, 0, n, 1);
        multiplyAndCheck("repacked", product, second, n, 1, 8, random);
    }

    @Test
    void rejectsOperandsThatDoNotFit() {
        PackedProduct product = PackedProduct.of(new float[8 * 20], 8, 20);
        assertThrows(IndexOutOfBoundsException.class,
                () -> product.multiply(new float[8 * 3 - 1], 0, 3, new float[20 * 3], 0, false));
        assertThrows(IndexOutOfBoundsException.class,
                () -> product.multiply(new float[8 * 3], 0, 3, new float[20 * 3 - 1], 0, false));
        assertThrows(IndexOutOfBoundsException.class, () -> new PackedProduct(8, 20).pack(new float[159], 0, 20, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new PackedProduct(8, 20).pack(Nd4j.create(DataType.FLOAT, 20, 8), false));
        assertTrue(L >= 1);
    }
}
