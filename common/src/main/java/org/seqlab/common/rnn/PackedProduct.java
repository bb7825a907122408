package org.seqlab.common.rnn;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A right-hand matrix B (rows x columns) packed once into a heap array laid out for a Vector API kernel, then
 * multiplied many times by small left-hand matrices: {@code out[m x columns] (+)= a[m x rows] · B}. Meant for the
 * recurrent layers' per-time-step products {@code h · W} (B = W) and {@code dgates · Wᵀ} (B = Wᵀ, see
 * {@link #ofTransposed(INDArray)}), whose weight does not change over the time steps of a pass, so that the packing
 * which {@code cblas_sgemm} repeats on every call is done once.
 *
 * <p>Layout: the first {@code columns - columns % L} columns (L = lanes of the preferred float species, 16 with
 * AVX-512) are cut into panels of {@code 4 L} columns (the last panel may be 1 to 4 vectors wide); a panel stores
 * its {@code rows} rows one after the other, each row's panel-width floats contiguous, so the kernel reads B
 * sequentially. The last {@code columns % L} columns are kept row-major in a small array and multiplied in scalar
 * code. The kernel keeps a 4-row x 4-vector block of the output in 16 registers; rows past a multiple of 4 go
 * through 2- and 1-row kernels, the last narrower panel through 1-vector kernels.
 *
 * <p>Every output element is one fused multiply-add chain over k in order 0, 1, ..., then added to {@code out}
 * when accumulating, so results depend neither on the block an element falls in nor on the JIT tier (the Vector
 * API's fallback computes lane-wise {@code Math.fma}, which rounds as the instruction does).
 *
 * <p>The GRU's and the fused LSTM's SIMD loops and the Bahdanau decoder's loop use it through {@link StepProduct}. It references
 * {@code jdk.incubator.vector} directly, so it loads only in a JVM started with
 * {@code --add-modules jdk.incubator.vector} (as the SIMD loops do). An instance is not
 * safe for concurrent packing, but {@link #multiply} only reads the packed arrays and may run on several threads.
 */
public final class PackedProduct {
    /** Lanes of a vector: 16 floats with AVX-512, 8 with AVX2. */
    private static final int L = PackedProductKernels.L;
    /** Panel width in floats: 4 vectors. */
    private static final int PANEL = PackedProductKernels.PANEL;

    private final int rows;
    private final int columns;
    /** Columns in vector panels: a multiple of L. */
    private final int vectorColumns;
    /** Columns in the scalar tail: columns % L. */
    private final int tailColumns;
    private final float[] packed;
    private final float[] tail;
    /** Scratch for a source line when packing from column-contiguous storage. */
    private float[] line;

    /** An empty packing for a {@code rows x columns} right-hand matrix; fill it with one of the pack methods. */
    public PackedProduct(int rows, int columns) {
        if (rows <= 0 || columns <= 0) {
            throw new IllegalArgumentException("packed product: shape " + rows + " x " + columns);
        }
        this.rows = rows;
        this.columns = columns;
        this.tailColumns = columns % L;
        this.vectorColumns = columns - tailColumns;
        this.packed = new float[Math.multiplyExact(rows, vectorColumns)];
        this.tail = new float[Math.multiplyExact(rows, tailColumns)];
    }

    /** B = the row-major {@code rows x columns} matrix {@code w} (leading dimension {@code columns}). */
    public static PackedProduct of(float[] w, int rows, int columns) {
        return new PackedProduct(rows, columns).pack(w, 0, columns, 1);
    }

    /** B = Wᵀ ({@code columns x rows}) for the row-major {@code rows x columns} matrix {@code w}. */
    public static PackedProduct ofTransposed(float[] w, int rows, int columns) {
        return new PackedProduct(columns, rows).pack(w, 0, 1, columns);
    }

    /** B = the rank-2 float array {@code w} (any order, a view or not). */
    public static PackedProduct of(INDArray w) {
        return new PackedProduct(checkedSize(w, 0), checkedSize(w, 1)).pack(w, false);
    }

    /** B = {@code wᵀ} for the rank-2 float array {@code w}. */
    public static PackedProduct ofTransposed(INDArray w) {
        return new PackedProduct(checkedSize(w, 1), checkedSize(w, 0)).pack(w, true);
    }

    public int rows() {
        return rows;
    }

    public int columns() {
        return columns;
    }

    /** Packs B[r][c] = {@code src[offset + r * rowStride + c * columnStride]}; returns this. */
    public PackedProduct pack(float[] src, int offset, int rowStride, int columnStride) {
        long last = offset + (long) (rows - 1) * rowStride + (long) (columns - 1) * columnStride;
        if (offset < 0 || rowStride < 0 || columnStride < 0 || last >= src.length) {
            throw new IndexOutOfBoundsException("packed product: source of " + src.length + " floats");
        }
        if (columnStride == 1) {
            for (int r = 0; r < rows; r++) {
                int from = offset + r * rowStride;
                for (int c0 = 0; c0 < vectorColumns; c0 += PANEL) {
                    int width = Math.min(PANEL, vectorColumns - c0);
                    System.arraycopy(src, from + c0, packed, c0 * rows + r * width, width);
                }
                if (tailColumns > 0) {
                    System.arraycopy(src, from + vectorColumns, tail, r * tailColumns, tailColumns);
                }
            }
        } else {
            for (int c = 0; c < columns; c++) {
                int from = offset + c * columnStride;
                float[] column = line(rows);
                for (int r = 0; r < rows; r++) {
                    column[r] = src[from + r * rowStride];
                }
                scatterColumn(c, column);
            }
        }
        return this;
    }

    /** Packs B[r][c] = {@code src.get(offset + r * rowStride + c * columnStride)} (absolute); returns this. */
    public PackedProduct pack(FloatBuffer src, int offset, int rowStride, int columnStride) {
        long last = offset + (long) (rows - 1) * rowStride + (long) (columns - 1) * columnStride;
        if (offset < 0 || rowStride < 0 || columnStride < 0 || last >= src.limit()) {
            throw new IndexOutOfBoundsException("packed product: source of " + src.limit() + " floats");
        }
        if (columnStride == 1) {
            for (int r = 0; r < rows; r++) {
                int from = offset + r * rowStride;
                for (int c0 = 0; c0 < vectorColumns; c0 += PANEL) {
                    int width = Math.min(PANEL, vectorColumns - c0);
                    src.get(from + c0, packed, c0 * rows + r * width, width);
                }
                if (tailColumns > 0) {
                    src.get(from + vectorColumns, tail, r * tailColumns, tailColumns);
                }
            }
        } else {
            float[] column = line(rows);
            for (int c = 0; c < columns; c++) {
                int from = offset + c * columnStride;
                if (rowStride == 1) {
                    src.get(from, column, 0, rows);
                } else {
                    for (int r = 0; r < rows; r++) {
                        column[r] = src.get(from + r * rowStride);
                    }
                }
                scatterColumn(c, column);
            }
        }
        return this;
    }

    /** Packs B = {@code w} ({@code transpose}: B = wᵀ) from a rank-2 float array of the packing's shape. */
    public PackedProduct pack(INDArray w, boolean transpose) {
        if (w.rank() != 2 || w.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("packed product: needs a rank-2 float array, got "
                    + w.shapeInfoToString());
        }
        int wRows = checkedSize(w, 0);
        int wColumns = checkedSize(w, 1);
        if ((transpose ? wColumns : wRows) != rows || (transpose ? wRows : wColumns) != columns) {
            throw new IllegalArgumentException("packed product: packing of " + rows + " x " + columns + " given "
                    + wRows + " x " + wColumns + (transpose ? " transposed" : ""));
        }
        long s0 = wRows == 1 ? 1 : w.stride(0);
        long s1 = wColumns == 1 ? 1 : w.stride(1);
        long span = 1 + (wRows - 1) * s0 + (wColumns - 1) * s1;
        if (s0 < 0 || s1 < 0 || span > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("packed product: unsupported strides " + s0 + ", " + s1);
        }
        FloatBuffer buffer = NativeFloats.fromFirst(w, span);
        return transpose ? pack(buffer, 0, (int) s1, (int) s0) : pack(buffer, 0, (int) s0, (int) s1);
    }

    /**
     * {@code out[i][j] (+)= sum_k a[i][k] B[k][j]} for {@code i < m}, with {@code a} row-major of leading dimension
     * {@code rows()} from {@code aOffset} and {@code out} row-major of leading dimension {@code columns()}.
     */
    public void multiply(float[] a, int aOffset, int m, float[] out, int outOffset, boolean accumulate) {
        multiply(a, aOffset, rows, m, out, outOffset, columns, accumulate);
    }

    /**
     * {@code out[i][j] (+)= sum_k a[aOffset + i * aStride + k] B[k][j]}, stored at {@code out[outOffset + i *
     * outStride + j]}, for {@code i < m}, {@code j < columns()}; nothing else of {@code out} is written.
     */
    public void multiply(float[] a, int aOffset, int aStride, int m, float[] out, int outOffset, int outStride,
                         boolean accumulate) {
        if (m == 0) {
            return;
        }
        if (m < 0 || aOffset < 0 || outOffset < 0 || aStride < rows && m > 1 || outStride < columns && m > 1
                || aOffset + (long) (m - 1) * aStride + rows > a.length
                || outOffset + (long) (m - 1) * outStride + columns > out.length) {
            throw new IndexOutOfBoundsException("packed product: " + m + " rows of a (" + a.length + " floats) or out ("
                    + out.length + " floats) out of range");
        }
        final int k = rows;
        for (int c0 = 0; c0 < vectorColumns; c0 += PANEL) {
            int width = Math.min(PANEL, vectorColumns - c0);
            int base = c0 * k;
            if (width == PANEL) {
                int i = 0;
                for (; i + 4 <= m; i += 4) {
                    PackedProductKernels.rows4x4(a, aOffset + i * aStride, aStride, packed, base, k, out,
                            outOffset + i * outStride + c0, outStride, accumulate);
                }
                for (; i + 2 <= m; i += 2) {
                    PackedProductKernels.rows2x4(a, aOffset + i * aStride, aStride, packed, base, k, out,
                            outOffset + i * outStride + c0, outStride, accumulate);
                }
                if (i < m) {
                    PackedProductKernels.rows1x4(a, aOffset + i * aStride, packed, base, k, out,
                            outOffset + i * outStride + c0, accumulate);
                }
            } else {
                for (int v = 0; v < width; v += L) {
                    int i = 0;
                    for (; i + 4 <= m; i += 4) {
                        PackedProductKernels.rows4x1(a, aOffset + i * aStride, aStride, packed, base + v, width, k,
                                out, outOffset + i * outStride + c0 + v, outStride, accumulate);
                    }
                    for (; i < m; i++) {
                        PackedProductKernels.rows1x1(a, aOffset + i * aStride, packed, base + v, width, k, out,
                                outOffset + i * outStride + c0 + v, accumulate);
                    }
                }
            }
        }
        if (tailColumns > 0) {
            multiplyTail(a, aOffset, aStride, m, out, outOffset + vectorColumns, outStride, accumulate);
        }
    }

    /**
     * The last columns % L columns, in scalar code: the same fused multiply-add chain over k as the vector lanes, so
     * that every output element is rounded alike wherever its column falls.
     */
    private void multiplyTail(float[] a, int aOffset, int aStride, int m, float[] out, int outOffset, int outStride,
                              boolean accumulate) {
        final int k = rows;
        final int t = tailColumns;
        for (int i = 0; i < m; i++) {
            int ai = aOffset + i * aStride;
            int oi = outOffset + i * outStride;
            for (int j = 0; j < t; j++) {
                float sum = 0f;
                for (int p = 0; p < k; p++) {
                    sum = Math.fma(a[ai + p], tail[p * t + j], sum);
                }
                out[oi + j] = accumulate ? out[oi + j] + sum : sum;
            }
        }
    }

    /** Writes column {@code c} of B, given as {@code rows} floats, to its place in the packing. */
    private void scatterColumn(int c, float[] column) {
        if (c >= vectorColumns) {
            int j = c - vectorColumns;
            for (int r = 0; r < rows; r++) {
                tail[r * tailColumns + j] = column[r];
            }
            return;
        }
        int c0 = c - c % PANEL;
        int width = Math.min(PANEL, vectorColumns - c0);
        int at = c0 * rows + (c - c0);
        for (int r = 0; r < rows; r++) {
            packed[at + r * width] = column[r];
        }
    }

    private float[] line(int length) {
        if (line == null || line.length < length) {
            line = new float[length];
        }
        return line;
    }

    private static int checkedSize(INDArray w, int axis) {
        long size = w.size(axis);
        if (size <= 0 || size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("packed product: size " + size + " along axis " + axis);
        }
        return (int) size;
    }
}
