package org.seqlab.common.rnn;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.FwdPassReturn;
import org.deeplearning4j.nn.layers.recurrent.LSTMHelper;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A faster implementation of DL4J's (peephole-free) LSTM for its helper slot, with the same parameters
 * and gate layout: columns [0,h) are the cell candidate (tanh), [h,2h) the forget gate, [2h,3h) the
 * output gate and [3h,4h) the input gate. Where DL4J multiplies each time step's input by the input
 * weights and accumulates the weight gradients one time step at a time (many small matrix products),
 * this does one large product for all time steps, leaving only the recurrent product in the loop.
 * Intermediate values live in time-major buffers allocated once per pass. The element-wise part of a
 * time step is one Java loop over those (off-heap) buffers: as separate ND4J operations it was a dozen
 * native calls per step, each costing more than its arithmetic. {@code tanh} is computed as
 * {@code 2 sigmoid(2x) - 1}, so that each step needs one sigmoid over the whole gate block (libnd4j's
 * tanh costs 2.5 times its sigmoid per element). Float32 only; peepholes, reversed direction,
 * other activations, other data types and buffers beyond 2^31 elements return {@code null}: DL4J's own
 * code runs.
 */
public class FusedLstmHelper implements LSTMHelper {
    /**
     * Set by {@link FusedLstmLayer} around one backward pass of a layer configured with
     * {@link FusedLstm#isInputGradientUnused()}: no input gradient (null), one product less.
     */
    boolean skipInputGradient;
    /** The SIMD step loops, or null: the scalar loops below (with libnd4j's sigmoid) run. */
    private final LstmSteps vector;

    public FusedLstmHelper() {
        this(true);
    }

    /** {@code vectorised = false} forces the scalar step loops (tests compare the two). */
    FusedLstmHelper(boolean vectorised) {
        vector = vectorised ? LstmSteps.vectorised() : null;
    }

    /** Whether the step loops run on the Vector API. */
    boolean vectorised() {
        return vector != null;
    }

    /** What back-propagation needs from the forward pass, time-major ({@code [T*batch, ...]}, c order). */
    static final class FusedPass extends FwdPassReturn {
        INDArray inputs;      // x_t, [T*mb, nIn], or its transpose [nIn, T*mb] when inputsTransposed
        boolean inputsTransposed;
        INDArray gates;       // activated gates [g f o i], [T*mb, 4h]
        INDArray cells;       // c_t, [T*mb, h]
        INDArray cellsTanh;   // tanh(c_t), [T*mb, h]
        INDArray states;      // h_{t-1} for t = 0..T: the initial state, then h_0..h_{T-1}, [(T+1)*mb, h]
        INDArray initialCell;
        float[] mask;         // [mb, T] c order, or null
        int batch;
        int steps;

        boolean masked(int b, int t) {
            return mask != null && mask[b * steps + t] == 0f;
        }
    }

    boolean supports(org.deeplearning4j.nn.conf.layers.LSTM conf, INDArray input) {
        return fits(input, conf.getNOut()) && conf.getGateActivationFn() instanceof ActivationSigmoid
                && conf.getActivationFn() instanceof ActivationTanH;
    }

    /** Float32, rank 3, and the gate buffer indexable by an int (Java buffers are). */
    private static boolean fits(INDArray input, long hidden) {
        return input.rank() == 3 && input.dataType() == DataType.FLOAT
                && (input.size(0) + 1) * input.size(2) * 4 * hidden < Integer.MAX_VALUE;
    }

    @Override
    public boolean checkSupported(IActivation gateActivationFn, IActivation activationFn, boolean hasPeepholeConnections) {
        return gateActivationFn instanceof ActivationSigmoid && activationFn instanceof ActivationTanH
                && !hasPeepholeConnections;
    }

    @Override
    public boolean checkSupported() {
        return true;
    }

    @Override
    public Map<String, Long> helperMemoryUse() {
        return Map.of();
    }

    @Override
    public FwdPassReturn activate(Layer layer, NeuralNetConfiguration conf, IActivation gateActivationFn, INDArray input,
                                  INDArray recurrentWeights, INDArray inputWeights, INDArray biases, boolean training,
                                  INDArray prevOutputActivations, INDArray prevMemCellState, boolean forBackprop,
                                  boolean forwards, String inputWeightKey, INDArray maskArray,
                                  boolean hasPeepholeConnections, LayerWorkspaceMgr workspaceMgr) {
        IActivation activationFn = ((BaseLayer) conf.getLayer()).getActivationFn();
        if (!forwards || !fits(input, recurrentWeights.size(0))
                || !checkSupported(gateActivationFn, activationFn, hasPeepholeConnections)) {
            return null;
        }
        return forward(input, maskArray, recurrentWeights, inputWeights, biases, prevOutputActivations, prevMemCellState,
                forBackprop, forBackprop ? ArrayType.BP_WORKING_MEM : ArrayType.FF_WORKING_MEM, workspaceMgr);
    }

    /**
     * The forward pass over an NCW input {@code [mb, nIn, T]}. {@code buffers} is the workspace for the
     * values kept for back-propagation; the output goes to the activations workspace. Where the mask
     * ({@code [mb, T]}, may be null) is 0, the cell and the output are 0, as in DL4J's LSTM: a padded
     * step passes nothing on, so the backward direction of a bidirectional layer starts from a zero
     * state after the leading padding.
     */
    FusedPass forward(INDArray input, INDArray mask, INDArray recurrentWeights, INDArray inputWeights, INDArray biases,
                      INDArray prevHidden, INDArray prevCell, boolean forBackprop, ArrayType buffers,
                      LayerWorkspaceMgr ws) {
        int mb = (int) input.size(0);
        int nIn = (int) input.size(1);
        int steps = (int) input.size(2);
        int h = (int) recurrentWeights.size(0);
        DataType type = input.dataType();
        long allRows = (long) steps * mb;
        FusedPass pass = new FusedPass();
        pass.batch = mb;
        pass.steps = steps;
        pass.mask = mask == null ? null : mask.castTo(DataType.FLOAT).dup('c').data().asFloat();
        if (input.stride(0) == 1 && input.stride(2) == mb && input.stride(1) == allRows) {
            // a fused layer's output (feature-major, see below): it is X^T as it stands
            pass.inputs = Nd4j.create(input.data(), new long[] {nIn, allRows}, new long[] {allRows, 1}, input.offset(), 'c');
            pass.inputsTransposed = true;
        } else if (input.stride(1) == 1 && input.stride(0) == nIn && (steps == 1 || input.stride(2) == (long) mb * nIn)) {
            // time-major already (one step of row-major rows is: a decoder's step)
            pass.inputs = Nd4j.create(input.data(), new long[] {allRows, nIn}, new long[] {nIn, 1}, input.offset(), 'c');
        } else {
            pass.inputs = ws.create(buffers, type, new long[] {steps, mb, nIn}, 'c');
            pass.inputs.assign(input.permute(2, 0, 1));
            pass.inputs = pass.inputs.reshape('c', allRows, nIn);
        }
        pass.gates = ws.createUninitialized(buffers, type, new long[] {allRows, 4L * h}, 'c');
        pass.cells = ws.createUninitialized(buffers, type, new long[] {allRows, h}, 'c');
        pass.cellsTanh = ws.createUninitialized(buffers, type, new long[] {allRows, h}, 'c');
        // one block longer than the output, so that the recurrent weight gradient is a single product
        pass.states = ws.createUninitialized(buffers, type, new long[] {allRows + mb, h}, 'c');
        if (prevHidden == null) {
            step(pass.states, 0, mb).assign(0);
        } else {
            step(pass.states, 0, mb).assign(prevHidden);
        }
        pass.initialCell = prevCell == null ? ws.create(buffers, type, new long[] {mb, h}, 'c') : ws.dup(buffers, prevCell, 'c');

        // all time steps' input contributions in one product; the bias is added in the loop
        DirectGemm.gemm(pass.inputs, inputWeights, pass.gates, pass.inputsTransposed, false, 1.0, 0.0);
        float[] bias = biases.toFloatVector();

        if (vector != null) {
            ByteBuffer gates = NativeFloats.bytes(pass.gates);
            ByteBuffer cells = NativeFloats.bytes(pass.cells);
            ByteBuffer initialCell = NativeFloats.bytes(pass.initialCell);
            ByteBuffer cellsTanh = NativeFloats.bytes(pass.cellsTanh);
            ByteBuffer states = NativeFloats.bytes(pass.states);
            FloatBuffer cellFloats = floats(pass.cells);
            FloatBuffer stateFloats = floats(pass.states);
            StepProduct byWeights = StepProduct.of(recurrentWeights, false, steps);
            // each share of the batch runs the whole loop over time, on a thread of its own when there are two
            StepThreads.forEachShare(mb, share -> () -> {
                for (int t = 0; t < steps; t++) {
                    long firstRow = (long) t * mb + share.from();
                    byWeights.multiply(rows(pass.states, firstRow, firstRow + share.count()),
                            rows(pass.gates, firstRow, firstRow + share.count()), true);
                    int row = (int) firstRow * h;
                    vector.forward(gates, 4 * row, t == 0 ? initialCell : cells,
                            t == 0 ? share.from() * h : row - mb * h, cells, cellsTanh, row, states, row + mb * h,
                            bias, share.count(), h);
                    zeroPadded(pass, t, cellFloats, stateFloats, share, mb, h);
                }
            });
        } else {
            scalarForward(pass, recurrentWeights, bias, mb, h, steps);
        }

        // The output [mb, h, T] laid out feature-major, [h][T][mb]: DL4J's RnnOutputLayer turns that into its
        // [T*mb, h] f-order matrix without reordering (other layouts cost it a transposing copy, twice per
        // step), and a fused layer above reads it as X^T without a copy.
        INDArray out = ws.createUninitialized(ArrayType.ACTIVATIONS, type, new long[] {h, allRows}, 'c');
        transpose(floats(pass.states), mb, (int) allRows, h, floats(out));
        pass.fwdPassOutput = out.reshape('c', h, steps, mb).permute(2, 0, 1);
        pass.lastAct = step(pass.states, steps, mb);
        pass.lastMemCell = step(pass.cells, steps - 1, mb);
        pass.prevAct = prevHidden;
        pass.prevMemCell = prevCell;
        if (!forBackprop) {
            pass.inputs = null;
            pass.gates = null;
        }
        return pass;
    }

    /** The step loops without the Vector API; the sigmoids are libnd4j's, one call per step and block. */
    private static void scalarForward(FusedPass pass, INDArray recurrentWeights, float[] bias, int mb, int h, int steps) {
        FloatBuffer gates = floats(pass.gates);
        FloatBuffer cells = floats(pass.cells);
        FloatBuffer cellsTanh = floats(pass.cellsTanh);
        FloatBuffer states = floats(pass.states);
        FloatBuffer initialCell = floats(pass.initialCell);
        int width = 4 * h;
        for (int t = 0; t < steps; t++) {
            INDArray z = step(pass.gates, t, mb);
            DirectGemm.gemm(step(pass.states, t, mb), recurrentWeights, z, false, false, 1.0, 1.0);
            int zRow = t * mb * width;
            int row = t * mb * h;
            for (int b = 0; b < mb; b++) {
                int base = zRow + b * width;
                // the candidate's pre-activation doubled: tanh(x) = 2 sigmoid(2x) - 1
                for (int k = 0; k < h; k++) {
                    gates.put(base + k, 2 * (gates.get(base + k) + bias[k]));
                }
                for (int k = h; k < width; k++) {
                    gates.put(base + k, gates.get(base + k) + bias[k]);
                }
            }
            Transforms.sigmoid(z, false);
            for (int b = 0; b < mb; b++) {
                int base = zRow + b * width;
                int cellBase = row + b * h;
                int prevBase = t == 0 ? b * h : cellBase - mb * h;
                FloatBuffer previous = t == 0 ? initialCell : cells;
                for (int j = 0; j < h; j++) {
                    float g = 2 * gates.get(base + j) - 1;
                    gates.put(base + j, g);
                    float c = gates.get(base + h + j) * previous.get(prevBase + j) + gates.get(base + 3 * h + j) * g;
                    cells.put(cellBase + j, c);
                    cellsTanh.put(cellBase + j, 2 * c);
                }
            }
            INDArray cellTanh = step(pass.cellsTanh, t, mb);
            Transforms.sigmoid(cellTanh, false);
            for (int b = 0; b < mb; b++) {
                int base = zRow + b * width;
                int cellBase = row + b * h;
                for (int j = 0; j < h; j++) {
                    float tc = 2 * cellsTanh.get(cellBase + j) - 1;
                    cellsTanh.put(cellBase + j, tc);
                    states.put(cellBase + mb * h + j, gates.get(base + 2 * h + j) * tc);
                }
            }
            zeroPadded(pass, t, cells, states, new StepThreads.Rows(0, mb), mb, h);
        }
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(NeuralNetConfiguration conf, IActivation gateActivationFn,
                                                     INDArray input, INDArray recurrentWeights, INDArray inputWeights,
                                                     INDArray epsilon, boolean truncatedBPTT, int tbpttBackwardLength,
                                                     FwdPassReturn fwdPass, boolean forwards, String inputWeightKey,
                                                     String recurrentWeightKey, String biasWeightKey,
                                                     Map<String, INDArray> gradientViews, INDArray maskArray,
                                                     boolean hasPeepholeConnections, LayerWorkspaceMgr ws) {
        if (!(fwdPass instanceof FusedPass pass) || pass.gates == null) {
            return null;
        }
        int mb = pass.batch;
        int steps = pass.steps;
        int h = (int) recurrentWeights.size(0);
        int nIn = (int) inputWeights.size(0);
        long allRows = (long) steps * mb;
        DataType type = epsilon.dataType();
        int first = truncatedBPTT ? Math.max(0, steps - tbpttBackwardLength) : 0;
        ArrayType bp = ArrayType.BP_WORKING_MEM;

        // dL/dh_t from the layer above, time-major; the recurrent part is added in the loop
        INDArray dHidden = ws.createUninitialized(bp, type, new long[] {steps, mb, h}, 'c');
        dHidden.assign(epsilon.permute(2, 0, 1));
        dHidden = dHidden.reshape('c', allRows, h);
        // zero-filled: time steps before a truncated window contribute nothing
        INDArray dGates = ws.create(bp, type, new long[] {allRows, 4L * h}, 'c');

        // per element: dz_o = dh tanh(c) o(1-o); dc = dh o (1-tanh(c)^2) + dc_next f_next;
        // dz_g = dc i (1-g^2); dz_f = dc c_prev f(1-f); dz_i = dc g i(1-i)
        if (vector != null) {
            ByteBuffer gates = NativeFloats.bytes(pass.gates);
            ByteBuffer cells = NativeFloats.bytes(pass.cells);
            ByteBuffer initialCell = NativeFloats.bytes(pass.initialCell);
            ByteBuffer cellsTanh = NativeFloats.bytes(pass.cellsTanh);
            ByteBuffer dh = NativeFloats.bytes(dHidden);
            ByteBuffer dz = NativeFloats.bytes(dGates);
            FloatBuffer dzFloats = floats(dGates);
            INDArray dHiddenRows = dHidden;
            StepProduct byWeights = StepProduct.of(recurrentWeights, true, steps - first);
            StepThreads.forEachShare(mb, share -> () -> {
                float[] dCellNext = new float[share.count() * h];
                for (int t = steps - 1; t >= first; t--) {
                    long firstRow = (long) t * mb + share.from();
                    if (t < steps - 1) {
                        byWeights.multiply(rows(dGates, firstRow + mb, firstRow + mb + share.count()),
                                rows(dHiddenRows, firstRow, firstRow + share.count()), true);
                    }
                    int row = (int) firstRow * h;
                    vector.backward(gates, 4 * row, t == 0 ? initialCell : cells,
                            t == 0 ? share.from() * h : row - mb * h, cellsTanh, row, dh, row, null, dz, dCellNext,
                            share.count(), h);
                    clearPadded(pass, t, dzFloats, dCellNext, share, mb, h);
                }
            });
        } else {
            scalarBackward(pass, recurrentWeights, dHidden, dGates, new float[mb * h], first, mb, h, steps);
        }

        // weight and bias gradients: one product over all time steps each
        INDArray wGrad = gradientViews.get(inputWeightKey);
        INDArray rwGrad = gradientViews.get(recurrentWeightKey);
        INDArray bGrad = gradientViews.get(biasWeightKey);
        DirectGemm.gemm(pass.inputs, dGates, wGrad, !pass.inputsTransposed, false, 1.0, 0.0);
        DirectGemm.gemm(rows(pass.states, 0, allRows), dGates, rwGrad, true, false, 1.0, 0.0);
        // the bias gradient as ones × dGates: a column sum of this c-order array is a strided reduction, ~7x slower
        INDArray ones = ws.createUninitialized(bp, type, new long[] {1, allRows}, 'c').assign(1.0);
        DirectGemm.gemm(ones, dGates, bGrad.reshape(1, 4L * h), false, false, 1.0, 0.0);

        INDArray epsilonNext = null;
        if (!skipInputGradient) {
            // dL/dx time-major, handed on as a [mb, nIn, T] view (no copy); a fused layer below reads it contiguously
            INDArray dInputs = ws.createUninitialized(ArrayType.ACTIVATION_GRAD, type, new long[] {allRows, nIn}, 'c');
            DirectGemm.gemm(dGates, inputWeights, dInputs, false, true, 1.0, 0.0);
            epsilonNext = dInputs.reshape('c', steps, mb, nIn).permute(1, 2, 0);
        }
        Gradient gradient = new DefaultGradient();
        gradient.gradientForVariable().put(inputWeightKey, wGrad);
        gradient.gradientForVariable().put(recurrentWeightKey, rwGrad);
        gradient.gradientForVariable().put(biasWeightKey, bGrad);
        return new Pair<>(gradient, epsilonNext);
    }

    /** The backward step loops without the Vector API. */
    private static void scalarBackward(FusedPass pass, INDArray recurrentWeights, INDArray dHidden, INDArray dGates,
                                       float[] dCellNext, int first, int mb, int h, int steps) {
        FloatBuffer gates = floats(pass.gates);
        FloatBuffer cells = floats(pass.cells);
        FloatBuffer cellsTanh = floats(pass.cellsTanh);
        FloatBuffer initialCell = floats(pass.initialCell);
        FloatBuffer dh = floats(dHidden);
        FloatBuffer dz = floats(dGates);
        int width = 4 * h;
        for (int t = steps - 1; t >= first; t--) {
            if (t < steps - 1) {
                DirectGemm.gemm(step(dGates, t + 1, mb), recurrentWeights, step(dHidden, t, mb), false, true, 1.0, 1.0);
            }
            int zRow = t * mb * width;
            int row = t * mb * h;
            for (int b = 0; b < mb; b++) {
                int base = zRow + b * width;
                int cellBase = row + b * h;
                int prevBase = t == 0 ? b * h : cellBase - mb * h;
                FloatBuffer previous = t == 0 ? initialCell : cells;
                for (int j = 0; j < h; j++) {
                    float g = gates.get(base + j);
                    float f = gates.get(base + h + j);
                    float o = gates.get(base + 2 * h + j);
                    float i = gates.get(base + 3 * h + j);
                    float tc = cellsTanh.get(cellBase + j);
                    float dOut = dh.get(cellBase + j);
                    float dc = dOut * o * (1 - tc * tc) + dCellNext[b * h + j];
                    dz.put(base + j, dc * i * (1 - g * g));
                    dz.put(base + h + j, dc * previous.get(prevBase + j) * f * (1 - f));
                    dz.put(base + 2 * h + j, dOut * tc * o * (1 - o));
                    dz.put(base + 3 * h + j, dc * g * i * (1 - i));
                    dCellNext[b * h + j] = dc * f;
                }
            }
            clearPadded(pass, t, dz, dCellNext, new StepThreads.Rows(0, mb), mb, h);
        }
    }

    /**
     * {@code to[c * rows + r] = from[(first + r) * cols + c]}: rows {@code [first, first + rows)} of a row-major
     * {@code [*, cols]} matrix, transposed. In blocks of 32 rows, so that both sides stay in the L1/L2 cache.
     */
    private static void transpose(FloatBuffer from, int first, int rows, int cols, FloatBuffer to) {
        for (int r0 = 0; r0 < rows; r0 += 32) {
            int r1 = Math.min(rows, r0 + 32);
            for (int c = 0; c < cols; c++) {
                int target = c * rows;
                for (int r = r0; r < r1; r++) {
                    to.put(target + r, from.get((first + r) * cols + c));
                }
            }
        }
    }

    /** Padded steps pass nothing on: their cell and output are 0, as in DL4J's LSTM. */
    private static void zeroPadded(FusedPass pass, int t, FloatBuffer cells, FloatBuffer states, StepThreads.Rows rows,
                                   int mb, int h) {
        if (pass.mask == null) {
            return;
        }
        int row = t * mb * h;
        for (int b = rows.from(); b < rows.from() + rows.count(); b++) {
            if (pass.masked(b, t)) {
                for (int j = 0; j < h; j++) {
                    cells.put(row + b * h + j, 0f);
                    states.put(row + mb * h + b * h + j, 0f);
                }
            }
        }
    }

    /**
     * Nothing flows back through a padded step: its gate gradients and the cell gradient it passes are 0.
     * {@code dCellNext} holds the rows of {@code rows} only.
     */
    private static void clearPadded(FusedPass pass, int t, FloatBuffer dGates, float[] dCellNext, StepThreads.Rows rows,
                                    int mb, int h) {
        if (pass.mask == null) {
            return;
        }
        for (int b = rows.from(); b < rows.from() + rows.count(); b++) {
            if (pass.masked(b, t)) {
                int base = (t * mb + b) * 4 * h;
                for (int k = 0; k < 4 * h; k++) {
                    dGates.put(base + k, 0f);
                }
                int local = b - rows.from();
                Arrays.fill(dCellNext, local * h, (local + 1) * h, 0f);
            }
        }
    }

    /**
     * The float buffer of a fresh c-order array, indexed from its first element. Only arrays this class
     * allocated itself go through here, so offset 0 and unit column stride hold.
     */
    private static FloatBuffer floats(INDArray fresh) {
        NativeFloats.checkFresh(fresh);
        return fresh.data().asNioFloat();
    }

    /** Rows of time step {@code t} in a c-order time-major {@code [T*mb, n]} array: a contiguous {@code [mb, n]} view. */
    private static INDArray step(INDArray timeMajor, int t, int mb) {
        return rows(timeMajor, (long) t * mb, (long) (t + 1) * mb);
    }

    /**
     * Rows {@code [from, to)} of a row-major matrix, made from buffer, strides and offset: INDArray.get()
     * resolves indexes and costs several times more, once per view and time step.
     */
    private static INDArray rows(INDArray matrix, long from, long to) {
        long rowStride = matrix.stride(0);
        return Nd4j.create(matrix.data(), new long[] {to - from, matrix.size(1)}, new long[] {rowStride, 1},
                matrix.offset() + from * rowStride, 'c');
    }
}
