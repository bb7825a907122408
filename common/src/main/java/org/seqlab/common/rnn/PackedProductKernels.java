package org.seqlab.common.rnn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked kernels of {@link PackedProduct}: {@code rowsMxV} computes an M-row x V-vector block of
 * the output from M rows of the left-hand matrix (broadcast one float at a time) and V vectors of a packed panel
 * row, with M x V accumulators held in registers over the whole inner dimension {@code k}. Generated code (one
 * method per block shape, so that C2 keeps every accumulator in a register); bounds are checked by the caller.
 */
final class PackedProductKernels {
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final int L = SPECIES.length();
    static final int PANEL = 4 * L;

    private PackedProductKernels() {
    }

    static void rows4x4(float[] a, int a0, int aStride, float[] b, int bBase, int k,
                        float[] c, int c0, int cStride, boolean accumulate) {
        int a1Row = a0 + 1 * aStride;
        int a2Row = a0 + 2 * aStride;
        int a3Row = a0 + 3 * aStride;
        FloatVector c00 = FloatVector.zero(SPECIES);
        FloatVector c01 = FloatVector.zero(SPECIES);
        FloatVector c02 = FloatVector.zero(SPECIES);
        FloatVector c03 = FloatVector.zero(SPECIES);
        FloatVector c10 = FloatVector.zero(SPECIES);
        FloatVector c11 = FloatVector.zero(SPECIES);
        FloatVector c12 = FloatVector.zero(SPECIES);
        FloatVector c13 = FloatVector.zero(SPECIES);
        FloatVector c20 = FloatVector.zero(SPECIES);
        FloatVector c21 = FloatVector.zero(SPECIES);
        FloatVector c22 = FloatVector.zero(SPECIES);
        FloatVector c23 = FloatVector.zero(SPECIES);
        FloatVector c30 = FloatVector.zero(SPECIES);
        FloatVector c31 = FloatVector.zero(SPECIES);
        FloatVector c32 = FloatVector.zero(SPECIES);
        FloatVector c33 = FloatVector.zero(SPECIES);
        for (int p = 0; p < k; p++) {
            int bp = bBase + p * PANEL;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp + 0 * L);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bp + 1 * L);
            FloatVector b2 = FloatVector.fromArray(SPECIES, b, bp + 2 * L);
            FloatVector b3 = FloatVector.fromArray(SPECIES, b, bp + 3 * L);
            FloatVector x0 = FloatVector.broadcast(SPECIES, a[a0 + p]);
            c00 = b0.fma(x0, c00);
            c01 = b1.fma(x0, c01);
            c02 = b2.fma(x0, c02);
            c03 = b3.fma(x0, c03);
            FloatVector x1 = FloatVector.broadcast(SPECIES, a[a1Row + p]);
            c10 = b0.fma(x1, c10);
            c11 = b1.fma(x1, c11);
            c12 = b2.fma(x1, c12);
            c13 = b3.fma(x1, c13);
            FloatVector x2 = FloatVector.broadcast(SPECIES, a[a2Row + p]);
            c20 = b0.fma(x2, c20);
            c21 = b1.fma(x2, c21);
            c22 = b2.fma(x2, c22);
            c23 = b3.fma(x2, c23);
            FloatVector x3 = FloatVector.broadcast(SPECIES, a[a3Row + p]);
            c30 = b0.fma(x3, c30);
            c31 = b1.fma(x3, c31);
            c32 = b2.fma(x3, c32);
            c33 = b3.fma(x3, c33);
        }
        int o0 = c0;
        store(c00, c, o0 + 0 * L, accumulate);
        store(c01, c, o0 + 1 * L, accumulate);
        store(c02, c, o0 + 2 * L, accumulate);
        store(c03, c, o0 + 3 * L, accumulate);
        int o1 = c0 + 1 * cStride;
        store(c10, c, o1 + 0 * L, accumulate);
        store(c11, c, o1 + 1 * L, accumulate);
        store(c12, c, o1 + 2 * L, accumulate);
        store(c13, c, o1 + 3 * L, accumulate);
        int o2 = c0 + 2 * cStride;
        store(c20, c, o2 + 0 * L, accumulate);
        store(c21, c, o2 + 1 * L, accumulate);
        store(c22, c, o2 + 2 * L, accumulate);
        store(c23, c, o2 + 3 * L, accumulate);
        int o3 = c0 + 3 * cStride;
        store(c30, c, o3 + 0 * L, accumulate);
        store(c31, c, o3 + 1 * L, accumulate);
        store(c32, c, o3 + 2 * L, accumulate);
        store(c33, c, o3 + 3 * L, accumulate);
    }

    static void rows2x4(float[] a, int a0, int aStride, float[] b, int bBase, int k,
                        float[] c, int c0, int cStride, boolean accumulate) {
        int a1Row = a0 + 1 * aStride;
        FloatVector c00 = FloatVector.zero(SPECIES);
        FloatVector c01 = FloatVector.zero(SPECIES);
        FloatVector c02 = FloatVector.zero(SPECIES);
        FloatVector c03 = FloatVector.zero(SPECIES);
        FloatVector c10 = FloatVector.zero(SPECIES);
        FloatVector c11 = FloatVector.zero(SPECIES);
        FloatVector c12 = FloatVector.zero(SPECIES);
        FloatVector c13 = FloatVector.zero(SPECIES);
        for (int p = 0; p < k; p++) {
            int bp = bBase + p * PANEL;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp + 0 * L);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bp + 1 * L);
            FloatVector b2 = FloatVector.fromArray(SPECIES, b, bp + 2 * L);
            FloatVector b3 = FloatVector.fromArray(SPECIES, b, bp + 3 * L);
            FloatVector x0 = FloatVector.broadcast(SPECIES, a[a0 + p]);
            c00 = b0.fma(x0, c00);
            c01 = b1.fma(x0, c01);
            c02 = b2.fma(x0, c02);
            c03 = b3.fma(x0, c03);
            FloatVector x1 = FloatVector.broadcast(SPECIES, a[a1Row + p]);
            c10 = b0.fma(x1, c10);
            c11 = b1.fma(x1, c11);
            c12 = b2.fma(x1, c12);
            c13 = b3.fma(x1, c13);
        }
        int o0 = c0;
        store(c00, c, o0 + 0 * L, accumulate);
        store(c01, c, o0 + 1 * L, accumulate);
        store(c02, c, o0 + 2 * L, accumulate);
        store(c03, c, o0 + 3 * L, accumulate);
        int o1 = c0 + 1 * cStride;
        store(c10, c, o1 + 0 * L, accumulate);
        store(c11, c, o1 + 1 * L, accumulate);
        store(c12, c, o1 + 2 * L, accumulate);
        store(c13, c, o1 + 3 * L, accumulate);
    }

    static void rows1x4(float[] a, int a0, float[] b, int bBase, int k, float[] c, int c0, boolean accumulate) {
        FloatVector c00 = FloatVector.zero(SPECIES);
        FloatVector c01 = FloatVector.zero(SPECIES);
        FloatVector c02 = FloatVector.zero(SPECIES);
        FloatVector c03 = FloatVector.zero(SPECIES);
        for (int p = 0; p < k; p++) {
            int bp = bBase + p * PANEL;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp + 0 * L);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bp + 1 * L);
            FloatVector b2 = FloatVector.fromArray(SPECIES, b, bp + 2 * L);
            FloatVector b3 = FloatVector.fromArray(SPECIES, b, bp + 3 * L);
            FloatVector x0 = FloatVector.broadcast(SPECIES, a[a0 + p]);
            c00 = b0.fma(x0, c00);
            c01 = b1.fma(x0, c01);
            c02 = b2.fma(x0, c02);
            c03 = b3.fma(x0, c03);
        }
        int o0 = c0;
        store(c00, c, o0 + 0 * L, accumulate);
        store(c01, c, o0 + 1 * L, accumulate);
        store(c02, c, o0 + 2 * L, accumulate);
        store(c03, c, o0 + 3 * L, accumulate);
    }

    static void rows4x1(float[] a, int a0, int aStride, float[] b, int bBase, int stride, int k,
                        float[] c, int c0, int cStride, boolean accumulate) {
        int a1Row = a0 + 1 * aStride;
        int a2Row = a0 + 2 * aStride;
        int a3Row = a0 + 3 * aStride;
        FloatVector c00 = FloatVector.zero(SPECIES);
        FloatVector c10 = FloatVector.zero(SPECIES);
        FloatVector c20 = FloatVector.zero(SPECIES);
        FloatVector c30 = FloatVector.zero(SPECIES);
        for (int p = 0; p < k; p++) {
            int bp = bBase + p * stride;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp + 0 * L);
            FloatVector x0 = FloatVector.broadcast(SPECIES, a[a0 + p]);
            c00 = b0.fma(x0, c00);
            FloatVector x1 = FloatVector.broadcast(SPECIES, a[a1Row + p]);
            c10 = b0.fma(x1, c10);
            FloatVector x2 = FloatVector.broadcast(SPECIES, a[a2Row + p]);
            c20 = b0.fma(x2, c20);
            FloatVector x3 = FloatVector.broadcast(SPECIES, a[a3Row + p]);
            c30 = b0.fma(x3, c30);
        }
        int o0 = c0;
        store(c00, c, o0 + 0 * L, accumulate);
        int o1 = c0 + 1 * cStride;
        store(c10, c, o1 + 0 * L, accumulate);
        int o2 = c0 + 2 * cStride;
        store(c20, c, o2 + 0 * L, accumulate);
        int o3 = c0 + 3 * cStride;
        store(c30, c, o3 + 0 * L, accumulate);
    }

    static void rows1x1(float[] a, int a0, float[] b, int bBase, int stride, int k,
                        float[] c, int c0, boolean accumulate) {
        FloatVector c00 = FloatVector.zero(SPECIES);
        for (int p = 0; p < k; p++) {
            int bp = bBase + p * stride;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp + 0 * L);
            FloatVector x0 = FloatVector.broadcast(SPECIES, a[a0 + p]);
            c00 = b0.fma(x0, c00);
        }
        int o0 = c0;
        store(c00, c, o0 + 0 * L, accumulate);
    }

    private static void store(FloatVector v, float[] c, int at, boolean accumulate) {
        (accumulate ? v.add(FloatVector.fromArray(SPECIES, c, at)) : v).intoArray(c, at);
    }
}
