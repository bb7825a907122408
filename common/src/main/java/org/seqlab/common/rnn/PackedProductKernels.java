package org.seqlab.common.rnn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked kernels of {@link PackedProduct}: {@code rowsMxV} computes an M-row x V-vector block of
 * the output from M rows of the left-hand matrix (broadcast one float at a time) and V vectors of a packed panel
 * row, with M x V accumulators held in registers over the whole inner dimension {@code k}. Generated code (one
 * method per block shape, so that C2 keeps every accumulator in a register); bounds are checked by the caller.
 *
 * <p>The kernels call only the Vector API, no helper of ours that takes a vector: C2 stops inlining ordinary
 * methods into a compilation once it holds about 18,000 nodes (NodeCountInliningCutoff; the Vector API's own
 * methods are exempt), which a 4 x 4 block reaches, and every call left standing boxes its vector on the heap.
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
        int o1 = c0 + 1 * cStride;
        int o2 = c0 + 2 * cStride;
        int o3 = c0 + 3 * cStride;
        if (accumulate) {
            c00 = c00.add(FloatVector.fromArray(SPECIES, c, o0 + 0 * L));
            c01 = c01.add(FloatVector.fromArray(SPECIES, c, o0 + 1 * L));
            c02 = c02.add(FloatVector.fromArray(SPECIES, c, o0 + 2 * L));
            c03 = c03.add(FloatVector.fromArray(SPECIES, c, o0 + 3 * L));
            c10 = c10.add(FloatVector.fromArray(SPECIES, c, o1 + 0 * L));
            c11 = c11.add(FloatVector.fromArray(SPECIES, c, o1 + 1 * L));
            c12 = c12.add(FloatVector.fromArray(SPECIES, c, o1 + 2 * L));
            c13 = c13.add(FloatVector.fromArray(SPECIES, c, o1 + 3 * L));
            c20 = c20.add(FloatVector.fromArray(SPECIES, c, o2 + 0 * L));
            c21 = c21.add(FloatVector.fromArray(SPECIES, c, o2 + 1 * L));
            c22 = c22.add(FloatVector.fromArray(SPECIES, c, o2 + 2 * L));
            c23 = c23.add(FloatVector.fromArray(SPECIES, c, o2 + 3 * L));
            c30 = c30.add(FloatVector.fromArray(SPECIES, c, o3 + 0 * L));
            c31 = c31.add(FloatVector.fromArray(SPECIES, c, o3 + 1 * L));
            c32 = c32.add(FloatVector.fromArray(SPECIES, c, o3 + 2 * L));
            c33 = c33.add(FloatVector.fromArray(SPECIES, c, o3 + 3 * L));
        }
        c00.intoArray(c, o0 + 0 * L);
        c01.intoArray(c, o0 + 1 * L);
        c02.intoArray(c, o0 + 2 * L);
        c03.intoArray(c, o0 + 3 * L);
        c10.intoArray(c, o1 + 0 * L);
        c11.intoArray(c, o1 + 1 * L);
        c12.intoArray(c, o1 + 2 * L);
        c13.intoArray(c, o1 + 3 * L);
        c20.intoArray(c, o2 + 0 * L);
        c21.intoArray(c, o2 + 1 * L);
        c22.intoArray(c, o2 + 2 * L);
        c23.intoArray(c, o2 + 3 * L);
        c30.intoArray(c, o3 + 0 * L);
        c31.intoArray(c, o3 + 1 * L);
        c32.intoArray(c, o3 + 2 * L);
        c33.intoArray(c, o3 + 3 * L);
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
        int o1 = c0 + 1 * cStride;
        if (accumulate) {
            c00 = c00.add(FloatVector.fromArray(SPECIES, c, o0 + 0 * L));
            c01 = c01.add(FloatVector.fromArray(SPECIES, c, o0 + 1 * L));
            c02 = c02.add(FloatVector.fromArray(SPECIES, c, o0 + 2 * L));
            c03 = c03.add(FloatVector.fromArray(SPECIES, c, o0 + 3 * L));
            c10 = c10.add(FloatVector.fromArray(SPECIES, c, o1 + 0 * L));
            c11 = c11.add(FloatVector.fromArray(SPECIES, c, o1 + 1 * L));
            c12 = c12.add(FloatVector.fromArray(SPECIES, c, o1 + 2 * L));
            c13 = c13.add(FloatVector.fromArray(SPECIES, c, o1 + 3 * L));
        }
        c00.intoArray(c, o0 + 0 * L);
        c01.intoArray(c, o0 + 1 * L);
        c02.intoArray(c, o0 + 2 * L);
        c03.intoArray(c, o0 + 3 * L);
        c10.intoArray(c, o1 + 0 * L);
        c11.intoArray(c, o1 + 1 * L);
        c12.intoArray(c, o1 + 2 * L);
        c13.intoArray(c, o1 + 3 * L);
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
        if (accumulate) {
            c00 = c00.add(FloatVector.fromArray(SPECIES, c, o0 + 0 * L));
            c01 = c01.add(FloatVector.fromArray(SPECIES, c, o0 + 1 * L));
            c02 = c02.add(FloatVector.fromArray(SPECIES, c, o0 + 2 * L));
            c03 = c03.add(FloatVector.fromArray(SPECIES, c, o0 + 3 * L));
        }
        c00.intoArray(c, o0 + 0 * L);
        c01.intoArray(c, o0 + 1 * L);
        c02.intoArray(c, o0 + 2 * L);
        c03.intoArray(c, o0 + 3 * L);
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
        int o1 = c0 + 1 * cStride;
        int o2 = c0 + 2 * cStride;
        int o3 = c0 + 3 * cStride;
        if (accumulate) {
            c00 = c00.add(FloatVector.fromArray(SPECIES, c, o0 + 0 * L));
            c10 = c10.add(FloatVector.fromArray(SPECIES, c, o1 + 0 * L));
            c20 = c20.add(FloatVector.fromArray(SPECIES, c, o2 + 0 * L));
            c30 = c30.add(FloatVector.fromArray(SPECIES, c, o3 + 0 * L));
        }
        c00.intoArray(c, o0 + 0 * L);
        c10.intoArray(c, o1 + 0 * L);
        c20.intoArray(c, o2 + 0 * L);
        c30.intoArray(c, o3 + 0 * L);
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
        if (accumulate) {
            c00 = c00.add(FloatVector.fromArray(SPECIES, c, o0 + 0 * L));
        }
        c00.intoArray(c, o0 + 0 * L);
    }
}
