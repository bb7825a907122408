package org.seqlab.bench;

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
import org.nd4j.linalg.api.ops.impl.transforms.same.TimesOneMinus;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A faster implementation of DL4J's (peephole-free) LSTM for its helper slot, with the same parameters
 * and gate layout: columns [0,h) are the cell candidate (tanh), [h,2h) the forget gate, [2h,3h) the
 * output gate and [3h,4h) the input gate. Where DL4J multiplies each time step's input by the input
 * weights and accumulates the weight gradients one time step at a time (many small matrix products),
 * this does one large product for all time steps, leaving only the recurrent product in the loop.
 * Intermediate values live in time-major buffers allocated once per pass, so the loop creates only views.
 * Masks, peepholes, reversed direction and other activations return {@code null}: DL4J's own code runs.
 */
public class FusedLstmHelper implements LSTMHelper {

    /** What back-propagation needs from the forward pass, time-major ({@code [T*batch, ...]}, c order). */
    static final class FusedPass extends FwdPassReturn {
        INDArray inputs;      // x_t, [T*mb, nIn]
        INDArray gates;       // activated gates [g f o i], [T*mb, 4h]
        INDArray cells;       // c_t, [T*mb, h]
        INDArray cellsTanh;   // tanh(c_t), [T*mb, h]
        INDArray hidden;      // h_t, [T*mb, h]
        INDArray initialHidden;
        INDArray initialCell;
        int batch;
        int steps;
    }

    boolean supports(org.deeplearning4j.nn.conf.layers.LSTM conf, INDArray mask) {
        return mask == null && conf.getGateActivationFn() instanceof ActivationSigmoid
                && conf.getActivationFn() instanceof ActivationTanH;
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
        if (!forwards || maskArray != null || input.rank() != 3
                || !checkSupported(gateActivationFn, activationFn, hasPeepholeConnections)) {
            return null;
        }
        return forward(input, recurrentWeights, inputWeights, biases, prevOutputActivations, prevMemCellState,
                forBackprop, forBackprop ? ArrayType.BP_WORKING_MEM : ArrayType.FF_WORKING_MEM, workspaceMgr);
    }

    /**
     * The forward pass over an NCW input {@code [mb, nIn, T]}. {@code buffers} is the workspace for the
     * values kept for back-propagation; the output goes to the activations workspace.
     */
    FusedPass forward(INDArray input, INDArray recurrentWeights, INDArray inputWeights, INDArray biases,
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
        pass.inputs = ws.create(buffers, type, new long[] {steps, mb, nIn}, 'c');
        pass.inputs.assign(input.permute(2, 0, 1));
        pass.inputs = pass.inputs.reshape('c', allRows, nIn);
        pass.gates = ws.createUninitialized(buffers, type, new long[] {allRows, 4L * h}, 'c');
        pass.cells = ws.createUninitialized(buffers, type, new long[] {allRows, h}, 'c');
        pass.cellsTanh = ws.createUninitialized(buffers, type, new long[] {allRows, h}, 'c');
        pass.hidden = ws.createUninitialized(buffers, type, new long[] {allRows, h}, 'c');
        pass.initialHidden = prevHidden != null ? prevHidden : ws.create(buffers, type, new long[] {mb, h}, 'c');
        pass.initialCell = prevCell != null ? prevCell : ws.create(buffers, type, new long[] {mb, h}, 'c');
        INDArray candidateTimesInput = ws.createUninitialized(buffers, type, new long[] {mb, h}, 'c');

        // all time steps' input contributions and the bias in one product
        Nd4j.gemm(pass.inputs, inputWeights, pass.gates, false, false, 1.0, 0.0);
        pass.gates.addiRowVector(biases);
        INDArray hPrev = pass.initialHidden;
        INDArray cPrev = pass.initialCell;
        for (int t = 0; t < steps; t++) {
            INDArray z = step(pass.gates, t, mb);
            Nd4j.gemm(hPrev, recurrentWeights, z, false, false, 1.0, 1.0);
            INDArray g = block(z, 0, h);
            INDArray f = block(z, 1, h);
            INDArray o = block(z, 2, h);
            INDArray i = block(z, 3, h);
            Transforms.tanh(g, false);
            Transforms.sigmoid(columns(z, h, 3L * h), false);
            INDArray c = step(pass.cells, t, mb);
            INDArray tc = step(pass.cellsTanh, t, mb);
            INDArray hNow = step(pass.hidden, t, mb);
            f.mul(cPrev, c);
            i.mul(g, candidateTimesInput);
            c.addi(candidateTimesInput);
            Nd4j.exec(new Tanh(c, tc));
            o.mul(tc, hNow);
            hPrev = hNow;
            cPrev = c;
        }
        INDArray out = ws.createUninitialized(ArrayType.ACTIVATIONS, type, new long[] {mb, h, steps}, 'f');
        out.assign(pass.hidden.reshape('c', steps, mb, h).permute(1, 2, 0));
        pass.fwdPassOutput = out;
        pass.lastAct = hPrev;
        pass.lastMemCell = cPrev;
        pass.prevAct = prevHidden;
        pass.prevMemCell = prevCell;
        if (!forBackprop) {
            pass.inputs = null;
            pass.gates = null;
        }
        return pass;
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

        // Per-time-step factors that do not depend on the incoming gradient, computed for all steps at once:
        // dz_o = dh * tanh(c) * o(1-o); dc = dh * o * (1-tanh(c)^2) + dc_next * f_next;
        // dz_g = dc * i * (1-g^2); dz_f = dc * c_prev * f(1-f); dz_i = dc * g * i(1-i)
        INDArray g = block(pass.gates, 0, h);
        INDArray f = block(pass.gates, 1, h);
        INDArray o = block(pass.gates, 2, h);
        INDArray i = block(pass.gates, 3, h);
        INDArray factors = ws.createUninitialized(bp, type, new long[] {allRows, 4L * h}, 'c');
        INDArray pg = block(factors, 0, h);
        INDArray pf = block(factors, 1, h);
        INDArray po = block(factors, 2, h);
        INDArray pi = block(factors, 3, h);
        INDArray cellGain = ws.createUninitialized(bp, type, new long[] {allRows, h}, 'c');

        g.mul(g, pg).rsubi(1.0).muli(i);
        Nd4j.exec(new TimesOneMinus(f, pf));
        step(pf, 0, mb).muli(pass.initialCell);
        if (steps > 1) {
            block(rows(factors, mb, allRows), 1, h).muli(rows(pass.cells, 0, allRows - mb));
        }
        Nd4j.exec(new TimesOneMinus(o, po));
        po.muli(pass.cellsTanh);
        Nd4j.exec(new TimesOneMinus(i, pi));
        pi.muli(g);
        pass.cellsTanh.mul(pass.cellsTanh, cellGain).rsubi(1.0).muli(o);
        INDArray dCell = ws.createUninitialized(bp, type, new long[] {mb, h}, 'c');
        INDArray dCellNext = ws.create(bp, type, new long[] {mb, h}, 'c');
        for (int t = steps - 1; t >= first; t--) {
            INDArray dh = step(dHidden, t, mb);
            if (t < steps - 1) {
                Nd4j.gemm(step(dGates, t + 1, mb), recurrentWeights, dh, false, true, 1.0, 1.0);
            }
            INDArray dz = step(dGates, t, mb);
            INDArray p = step(factors, t, mb);
            dh.mul(block(p, 2, h), block(dz, 2, h));
            dh.mul(step(cellGain, t, mb), dCell);
            dCell.addi(dCellNext);
            dCell.mul(block(p, 0, h), block(dz, 0, h));
            dCell.mul(block(p, 1, h), block(dz, 1, h));
            dCell.mul(block(p, 3, h), block(dz, 3, h));
            dCell.mul(block(step(pass.gates, t, mb), 1, h), dCellNext);
        }
        INDArray wGrad = gradientViews.get(inputWeightKey);
        INDArray rwGrad = gradientViews.get(recurrentWeightKey);
        INDArray bGrad = gradientViews.get(biasWeightKey);
        Nd4j.gemm(pass.inputs, dGates, wGrad, true, false, 1.0, 0.0);
        Nd4j.gemm(pass.initialHidden, step(dGates, 0, mb), rwGrad, true, false, 1.0, 0.0);
        if (steps > 1) {
            Nd4j.gemm(rows(pass.hidden, 0, allRows - mb), rows(dGates, mb, allRows), rwGrad, true, false, 1.0, 1.0);
        }
        // the bias gradient as ones × dGates: a column sum of this c-order array is a strided reduction, ~7x slower
        INDArray ones = ws.createUninitialized(bp, type, new long[] {1, allRows}, 'c').assign(1.0);
        Nd4j.gemm(ones, dGates, bGrad.reshape(1, 4L * h), false, false, 1.0, 0.0);

        INDArray dInputs = ws.createUninitialized(bp, type, new long[] {allRows, nIn}, 'c');
        Nd4j.gemm(dGates, inputWeights, dInputs, false, true, 1.0, 0.0);
        INDArray epsilonNext = ws.createUninitialized(ArrayType.ACTIVATION_GRAD, type, new long[] {mb, nIn, steps}, 'f');
        epsilonNext.assign(dInputs.reshape('c', steps, mb, nIn).permute(1, 2, 0));
        Gradient gradient = new DefaultGradient();
        gradient.gradientForVariable().put(inputWeightKey, wGrad);
        gradient.gradientForVariable().put(recurrentWeightKey, rwGrad);
        gradient.gradientForVariable().put(biasWeightKey, bGrad);
        return new Pair<>(gradient, epsilonNext);
    }

    /*
     * Views are made directly from buffer, shape, strides and offset: INDArray.get() resolves indexes
     * and costs several times more, which adds up over about twenty views per time step.
     */

    /** Rows of time step {@code t} in a c-order time-major {@code [T*mb, n]} array: a contiguous {@code [mb, n]} view. */
    private static INDArray step(INDArray timeMajor, int t, int mb) {
        return rows(timeMajor, (long) t * mb, (long) (t + 1) * mb);
    }

    /** Gate block {@code k} (0 = candidate, 1 = forget, 2 = output, 3 = input) of a c-order {@code [n, 4h]} array. */
    private static INDArray block(INDArray gates, int k, int h) {
        return columns(gates, (long) k * h, h);
    }

    /** Columns {@code [from, from + width)} of a row-major matrix (or of a block of rows of one). */
    private static INDArray columns(INDArray matrix, long from, long width) {
        return Nd4j.create(matrix.data(), new long[] {matrix.size(0), width}, new long[] {matrix.stride(0), 1},
                matrix.offset() + from, 'c');
    }

    /** Rows {@code [from, to)} of a row-major matrix or of a column block of one. */
    private static INDArray rows(INDArray matrix, long from, long to) {
        long rowStride = matrix.stride(0);
        return Nd4j.create(matrix.data(), new long[] {to - from, matrix.size(1)}, new long[] {rowStride, 1},
                matrix.offset() + from * rowStride, 'c');
    }
}
