package org.seqlab.common.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The direct OpenBLAS call must compute what {@code Nd4j.gemm} computes, on the views the step loops pass it. */
class DirectGemmTest {

    /** Rows {@code [from, from + count)} and columns {@code [col, col + width)} of a row-major matrix, as a view. */
    private static INDArray block(INDArray m, long from, long count, long col, long width) {
        return Nd4j.create(m.data(), new long[] {count, width}, new long[] {m.stride(0), 1},
                m.offset() + from * m.stride(0) + col, 'c');
    }

    @Test
    void runsOnOpenBlasDirectlyOnTheHost() {
        assertTrue(DirectGemm.direct(), "the CPU backend with OpenBLAS must take the direct path");
    }

    @Test
    void viewsWithOffsetsInBothStorageOrdersGiveNd4jsProductInEveryTransposition() {
        Nd4j.getRandom().setSeed(7);
        for (char orderA : new char[] {'c', 'f'}) {
            for (char orderB : new char[] {'c', 'f'}) {
                for (char orderC : new char[] {'c', 'f'}) {
                    INDArray a = Nd4j.rand(DataType.FLOAT, 20, 30).subi(0.5).dup(orderA);
                    INDArray b = Nd4j.rand(DataType.FLOAT, 25, 40).subi(0.5).dup(orderB);
                    for (boolean ta : new boolean[] {false, true}) {
                        for (boolean tb : new boolean[] {false, true}) {
                            // op(A) is 5 x 7 and op(B) 7 x 9, views at an offset inside larger matrices
                            INDArray av = ta ? a.get(interval(3, 10), interval(11, 16)) : a.get(interval(3, 8), interval(11, 18));
                            INDArray bv = tb ? b.get(interval(2, 11), interval(13, 20)) : b.get(interval(2, 9), interval(13, 22));
                            INDArray c = Nd4j.rand(DataType.FLOAT, 5, 9).dup(orderC);
                            INDArray expected = c.mul(0.75).addi((ta ? av.transpose() : av).mmul(tb ? bv.transpose() : bv).muli(0.5));
                            DirectGemm.gemm(av, bv, c, ta, tb, 0.5, 0.75);
                            assertTrue(expected.equalsWithEps(c, 1e-5), "orders " + orderA + orderB + orderC
                                    + ", transpose " + ta + "/" + tb + ": max difference " + expected.sub(c).amaxNumber());
                        }
                    }
                }
            }
        }
    }

    /** Large products cut in two across the step threads: by rows when the output is tall, by columns when wide. */
    @Test
    void largeProductsCutInTwoGiveNd4jsProductInEveryOrderAndTransposition() {
        assertTrue(StepThreads.enable(2));
        try {
            Nd4j.getRandom().setSeed(9);
            for (long[] mnk : new long[][] {{301, 200, 300}, {100, 601, 300}}) {
                long m = mnk[0];
                long n = mnk[1];
                long k = mnk[2];
                assertTrue(DirectGemm.cutInTwo(m, n, k));
                for (char orderA : new char[] {'c', 'f'}) {
                    for (char orderB : new char[] {'c', 'f'}) {
                        for (char orderC : new char[] {'c', 'f'}) {
                            for (boolean ta : new boolean[] {false, true}) {
                                for (boolean tb : new boolean[] {false, true}) {
                                    // views at an offset: one spare row and column before each operand
                                    INDArray a = Nd4j.rand(DataType.FLOAT, (ta ? k : m) + 1, (ta ? m : k) + 1).subi(0.5)
                                            .dup(orderA).get(interval(1, (ta ? k : m) + 1), interval(1, (ta ? m : k) + 1));
                                    INDArray b = Nd4j.rand(DataType.FLOAT, (tb ? n : k) + 1, (tb ? k : n) + 1).subi(0.5)
                                            .dup(orderB).get(interval(1, (tb ? n : k) + 1), interval(1, (tb ? k : n) + 1));
                                    INDArray c = Nd4j.rand(DataType.FLOAT, m, n).dup(orderC);
                                    INDArray expected = c.mul(0.75).addi(
                                            (ta ? a.transpose() : a).mmul(tb ? b.transpose() : b).muli(0.5));
                                    DirectGemm.gemm(a, b, c, ta, tb, 0.5, 0.75);
                                    assertTrue(expected.equalsWithEps(c, 1e-4), m + "x" + n + "x" + k + ", orders "
                                            + orderA + orderB + orderC + ", transpose " + ta + "/" + tb
                                            + ": max difference " + expected.sub(c).amaxNumber());
                                }
                            }
                        }
                    }
                }
            }
        } finally {
            StepThreads.disable();
        }
        assertTrue(!DirectGemm.cutInTwo(301, 200, 300), "off again: products stay whole");
    }

    /** Nd4j.gemm refuses an output that is a view with strided rows; the direct call writes into it. */
    @Test
    void writesIntoAColumnBlockOfAWiderOutput() {
        Nd4j.getRandom().setSeed(8);
        INDArray a = Nd4j.rand(DataType.FLOAT, 4, 6);
        INDArray b = Nd4j.rand(DataType.FLOAT, 6, 3);
        INDArray wide = Nd4j.zeros(DataType.FLOAT, 4, 10);
        DirectGemm.gemm(a, b, block(wide, 0, 4, 5, 3), false, false, 1.0, 0.0);
        assertTrue(a.mmul(b).equalsWithEps(wide.get(all(), interval(5, 8)), 1e-5));
        assertEquals(0, wide.get(all(), interval(0, 5)).sumNumber().doubleValue());
        assertEquals(0, wide.get(all(), interval(8, 10)).sumNumber().doubleValue());
    }

    @Test
    void doublePrecisionFallsBackToNd4j() {
        INDArray a = Nd4j.rand(DataType.DOUBLE, 3, 4);
        INDArray b = Nd4j.rand(DataType.DOUBLE, 4, 2);
        INDArray c = Nd4j.zeros(DataType.DOUBLE, 3, 2);
        DirectGemm.gemm(a, b, c, false, false, 1.0, 0.0);
        assertEquals(0, a.mmul(b).sub(c).amaxNumber().doubleValue(), 1e-12);
    }

    @Test
    void mismatchedShapesAreRefused() {
        INDArray a = Nd4j.rand(DataType.FLOAT, 3, 4);
        INDArray c = Nd4j.zeros(DataType.FLOAT, 3, 2);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> DirectGemm.gemm(a, Nd4j.rand(DataType.FLOAT, 5, 2), c, false, false, 1.0, 0.0));
    }
}
