package org.seqlab.common.rnn;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import java.nio.ByteBuffer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.BaseRecurrentLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.transforms.same.TimesOneMinus;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The GRU layer itself (see {@link GRU} for the equations). The input projection of all time steps is
 * one matrix multiply; the loop over time then needs two small multiplies per step and writes into
 * arrays allocated once per call. Backprop reuses the training forward pass (kept in the activations
 * workspace) when the network hands it the same input, and recomputes it otherwise (tBPTT segments, graphs
 * that set the input again); it keeps the gates of every step and forms the weight gradients with one
 * multiply per weight block after the loop.
 */
public class GRULayer extends BaseRecurrentLayer<GRU> {
    /** Key of the hidden state in {@link #rnnGetPreviousState()} and the tBPTT state. */
    public static final String STATE_KEY = "h";

    /** The initial state of the latest training forward pass, so that backprop recomputes that pass. */
    private INDArray segmentStart;
    /** The training forward pass of the feed-forward phase, reused by backprop when the input is the same. */
    private Forward cachedForward;
    private INDArray cachedInput;
    /**
     * The SIMD step loops for float32 without a mask (one Java loop per half-step instead of a dozen ND4J
     * operations), or null: the ND4J operations run (double precision, masks, no Vector API module).
     * Package-private so that tests compare the two.
     */
    GruSteps simd = GruSteps.vectorised();

    public GRULayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** Everything the backward pass needs, in time-major layouts ([T, batch, ...], C order). */
    private record Forward(INDArray x, INDArray states, INDArray gates, INDArray candidates, INDArray resetStates,
                           INDArray mask, long steps, long batch, ArrayType mem) {
        INDArray last() {
            return step(states, steps, batch);
        }
    }

    @Override
    public Type type() {
        return Type.RECURRENT;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray mask, MaskState state, int minibatchSize) {
        // networks hand the input mask to recurrent layers only through this call; it travels on unchanged
        this.maskArray = mask;
        this.maskState = state;
        return new Pair<>(mask, MaskState.Passthrough);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        segmentStart = null;
        cachedForward = null;
        cachedInput = null;
        // a training pass goes to the activations workspace, which lives until backprop: no second forward pass
        Forward f = forward(null, training, training ? ArrayType.ACTIVATIONS : ArrayType.FF_WORKING_MEM, workspaceMgr);
        if (training) {
            cachedForward = f;
            cachedInput = input;
        }
        return output(f, workspaceMgr);
    }

    @Override
    public INDArray activate(INDArray input, boolean training, LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        return activate(training, workspaceMgr);
    }

    @Override
    public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        Forward f = forward(stateMap.get(STATE_KEY), false, ArrayType.FF_WORKING_MEM, workspaceMgr);
        INDArray out = output(f, workspaceMgr);
        stateMap.put(STATE_KEY, f.last().detach());
        return out;
    }

    @Override
    public INDArray rnnActivateUsingStoredState(INDArray input, boolean training, boolean storeLastForTBPTT,
                                                LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        segmentStart = tBpttStateMap.get(STATE_KEY);
        cachedForward = null;
        cachedInput = null;
        // as in activate: a truncated-BPTT segment's training pass is kept for its backprop, from the same start
        Forward f = forward(segmentStart, training, training ? ArrayType.ACTIVATIONS : ArrayType.FF_WORKING_MEM,
                workspaceMgr);
        if (training) {
            cachedForward = f;
            cachedInput = input;
        }
        INDArray out = output(f, workspaceMgr);
        if (storeLastForTBPTT) {
            tBpttStateMap.put(STATE_KEY, f.last().detach());
        }
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        return tbpttBackpropGradient(epsilon, -1, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> tbpttBackpropGradient(INDArray epsilon, int backLength, LayerWorkspaceMgr ws) {
        assertInputSet(true);
        // the kept pass started where this backprop starts: activate clears segmentStart, a stored-state pass sets it
        Forward f = cachedForward != null && cachedInput == input
                ? cachedForward : forward(segmentStart, true, ArrayType.BP_WORKING_MEM, ws);
        cachedForward = null;
        cachedInput = null;
        long steps = f.steps;
        long batch = f.batch;
        long h = layerConf().getNOut();
        long rows = steps * batch;
        DataType dt = f.states.dataType();
        ArrayType bp = ArrayType.BP_WORKING_MEM;
        INDArray u = getParamWithNoise(GRUParamInitializer.INPUT_WEIGHT_KEY, true, ws);
        INDArray w = getParamWithNoise(GRUParamInitializer.RECURRENT_WEIGHT_KEY, true, ws);
        INDArray wGates = w.get(all(), interval(0, 2 * h));
        INDArray wCandidate = w.get(all(), interval(2 * h, 3 * h));

        INDArray eps = ws.dup(bp, toTimeMajor(epsilon), 'c').reshape('c', rows, h);
        // gradients with respect to the pre-activations of z, r and the candidate, per step
        INDArray dPre = ws.create(bp, dt, new long[] {rows, 3 * h}, 'c');
        INDArray previous = rows(f.states, 0, rows);
        long stop = backLength > 0 ? Math.max(0, steps - backLength) : 0;
        if (f.mask == null && useSimd(dt, steps, batch)) {
            simdBackward(f, eps, dPre, wGates, wCandidate, stop, ws);
        } else {
            ndBackward(f, eps, dPre, previous, wGates, wCandidate, stop, ws);
        }

        INDArray gU = gradientViews.get(GRUParamInitializer.INPUT_WEIGHT_KEY);
        INDArray gW = gradientViews.get(GRUParamInitializer.RECURRENT_WEIGHT_KEY);
        INDArray gB = gradientViews.get(GRUParamInitializer.BIAS_KEY);
        DirectGemm.gemm(f.x, dPre, gU, true, false, 1.0, 0.0);
        // the bias gradient as ones x dPre: a column sum of this c-order array is a strided reduction, ~7x slower
        INDArray ones = ws.createUninitialized(bp, dt, new long[] {1, rows}, 'c').assign(1.0);
        DirectGemm.gemm(ones, dPre, gB, false, false, 1.0, 0.0);
        DirectGemm.gemm(previous, columns(dPre, 0, 2 * h), gW.get(all(), interval(0, 2 * h)), true, false, 1.0, 0.0);
        DirectGemm.gemm(f.resetStates, columns(dPre, 2 * h, h), gW.get(all(), interval(2 * h, 3 * h)), true, false, 1.0, 0.0);

        // dL/dx time-major, handed on as a view in the layer's format (no copy)
        INDArray dx = ws.createUninitialized(ArrayType.ACTIVATION_GRAD, dt, new long[] {rows, layerConf().getNIn()}, 'c');
        DirectGemm.gemm(dPre, u, dx, false, true, 1.0, 0.0);
        INDArray epsOut = fromTimeMajor(dx.reshape('c', steps, batch, layerConf().getNIn()));

        Gradient gradient = new DefaultGradient(gradientsFlattened);
        gradient.gradientForVariable().put(GRUParamInitializer.INPUT_WEIGHT_KEY, gU);
        gradient.gradientForVariable().put(GRUParamInitializer.RECURRENT_WEIGHT_KEY, gW);
        gradient.gradientForVariable().put(GRUParamInitializer.BIAS_KEY, gB);
        weightNoiseParams.clear();
        return new Pair<>(gradient, backpropDropOutIfPresent(epsOut));
    }

    /** The backward loop as ND4J operations (double precision, masks, no Vector API); fills {@code dPre}. */
    private void ndBackward(Forward f, INDArray eps, INDArray dPre, INDArray previous, INDArray wGates,
                            INDArray wCandidate, long stop, LayerWorkspaceMgr ws) {
        long steps = f.steps;
        long batch = f.batch;
        long h = layerConf().getNOut();
        long rows = steps * batch;
        DataType dt = f.states.dataType();
        ArrayType bp = ArrayType.BP_WORKING_MEM;
        INDArray dh = ws.create(bp, dt, new long[] {batch, h}, 'c');
        INDArray dhPrev = ws.createUninitialized(bp, dt, new long[] {batch, h}, 'c');
        INDArray masked = f.mask == null ? null : ws.createUninitialized(bp, dt, new long[] {batch, h}, 'c');
        INDArray tmp = ws.createUninitialized(bp, dt, new long[] {batch, h}, 'c');
        INDArray dResetState = ws.createUninitialized(bp, dt, new long[] {batch, h}, 'c');

        // Factors that do not depend on the incoming gradient, for all steps at once (a few large operations
        // instead of a dozen small ones per step): dc = g * (1-z)(1-c^2), dz = g * (h_prev-c) z(1-z),
        // dr = dResetState * h_prev r(1-r)
        INDArray z = columns(f.gates, 0, h);
        INDArray r = columns(f.gates, h, h);
        INDArray oneMinusZ = ws.createUninitialized(bp, dt, new long[] {rows, h}, 'c');
        INDArray candidateFactor = ws.createUninitialized(bp, dt, new long[] {rows, h}, 'c');
        INDArray updateFactor = ws.createUninitialized(bp, dt, new long[] {rows, h}, 'c');
        INDArray resetFactor = ws.createUninitialized(bp, dt, new long[] {rows, h}, 'c');
        z.rsub(1.0, oneMinusZ);
        f.candidates.mul(f.candidates, candidateFactor).rsubi(1.0).muli(oneMinusZ);
        previous.sub(f.candidates, updateFactor).muli(z).muli(oneMinusZ);
        Nd4j.exec(new TimesOneMinus(r, resetFactor));
        resetFactor.muli(previous);

        for (long t = steps - 1; t >= stop; t--) {
            INDArray m = f.mask == null ? null : f.mask.get(interval(t, t + 1), all()).reshape(batch, 1);
            INDArray epsT = step(eps, t, batch);
            // the output is mask * h_t, and h_t = m * gru(h_{t-1}, x_t) + (1 - m) * h_{t-1}
            INDArray g;
            if (m == null) {
                dh.addi(epsT);
                g = dh;
            } else {
                dh.addi(tmp.assign(epsT).muliColumnVector(m));
                g = masked.assign(dh).muliColumnVector(m);
            }
            INDArray d = step(dPre, t, batch);
            INDArray dc = columns(d, 2 * h, h);
            g.mul(step(candidateFactor, t, batch), dc);
            g.mul(step(updateFactor, t, batch), columns(d, 0, h));
            DirectGemm.gemm(dc, wCandidate, dResetState, false, true, 1.0, 0.0);
            dResetState.mul(step(resetFactor, t, batch), columns(d, h, h));

            g.mul(step(z, t, batch), dhPrev);
            dhPrev.addi(dResetState.muli(step(r, t, batch)));
            DirectGemm.gemm(columns(d, 0, 2 * h), wGates, dhPrev, false, true, 1.0, 1.0);
            if (m != null) {
                dhPrev.addi(dh).subi(g);
            }
            INDArray swap = dh;
            dh = dhPrev;
            dhPrev = swap;
        }
    }

    /** The forward pass; {@code mem} is the workspace of everything backprop reads. */
    private Forward forward(INDArray initialState, boolean training, ArrayType mem, LayerWorkspaceMgr ws) {
        assertInputSet(false);
        if (input.rank() != 3) {
            throw new IllegalStateException("GRU layer " + layerId() + " expects 3d input, got rank " + input.rank());
        }
        applyDropOutIfNecessary(training, ws);
        long h = layerConf().getNOut();
        long nIn = layerConf().getNIn();
        INDArray xTm = toTimeMajor(input);
        long steps = xTm.size(0);
        long batch = xTm.size(1);
        if (xTm.size(2) != nIn) {
            throw new IllegalStateException("GRU layer " + layerId() + " expects " + nIn + " input features, got " + xTm.size(2));
        }
        DataType dt = input.dataType();
        INDArray u = getParamWithNoise(GRUParamInitializer.INPUT_WEIGHT_KEY, training, ws);
        INDArray w = getParamWithNoise(GRUParamInitializer.RECURRENT_WEIGHT_KEY, training, ws);
        INDArray b = getParamWithNoise(GRUParamInitializer.BIAS_KEY, training, ws);
        INDArray wGates = w.get(all(), interval(0, 2 * h));
        INDArray wCandidate = w.get(all(), interval(2 * h, 3 * h));

        INDArray x = ws.dup(mem, xTm, 'c').reshape('c', steps * batch, nIn);
        if (useSimd(dt, steps, batch)) {
            return simdForward(x, u, wGates, wCandidate, b, initialState, mem, ws, steps, batch);
        }
        INDArray projected = ws.createUninitialized(mem, dt, new long[] {steps * batch, 3 * h}, 'c');
        DirectGemm.gemm(x, u, projected, false, false, 1.0, 0.0);
        projected.addiRowVector(b);

        // time-major [T*batch, ...] matrices; the state matrix has one more block, the initial state
        INDArray states = ws.create(mem, dt, new long[] {(steps + 1) * batch, h}, 'c');
        if (initialState != null) {
            if (initialState.size(0) != batch) {
                throw new IllegalStateException("GRU layer " + layerId() + ": stored state has batch size "
                        + initialState.size(0) + " but the input has " + batch + "; clear the state first");
            }
            step(states, 0, batch).assign(initialState);
        }
        // the input parts of the pre-activations go in first; each step then adds its recurrent product
        INDArray gates = ws.createUninitialized(mem, dt, new long[] {steps * batch, 2 * h}, 'c');
        gates.assign(columns(projected, 0, 2 * h));
        INDArray candidates = ws.createUninitialized(mem, dt, new long[] {steps * batch, h}, 'c');
        candidates.assign(columns(projected, 2 * h, h));
        INDArray resetStates = ws.createUninitialized(mem, dt, new long[] {steps * batch, h}, 'c');
        INDArray mask = maskArray == null ? null : ws.dup(mem, maskArray.castTo(dt).transpose(), 'c');

        for (long t = 0; t < steps; t++) {
            INDArray hp = step(states, t, batch);
            INDArray hn = step(states, t + 1, batch);
            INDArray zr = step(gates, t, batch);
            DirectGemm.gemm(hp, wGates, zr, false, false, 1.0, 1.0);
            Transforms.sigmoid(zr, false);
            INDArray rh = step(resetStates, t, batch);
            columns(zr, h, h).mul(hp, rh);
            INDArray c = step(candidates, t, batch);
            DirectGemm.gemm(rh, wCandidate, c, false, false, 1.0, 1.0);
            Transforms.tanh(c, false);
            // h = z * h_prev + (1 - z) * c  ==  c + z * (h_prev - c)
            hp.sub(c, hn).muli(columns(zr, 0, h)).addi(c);
            if (mask != null) {
                hn.subi(hp).muliColumnVector(mask.get(interval(t, t + 1), all()).reshape(batch, 1)).addi(hp);
            }
        }
        return new Forward(x, states, gates, candidates, resetStates, mask, steps, batch, mem);
    }

    /** Float32, no mask, the Vector API present, and every buffer indexable by an int (Java buffers are). */
    private boolean useSimd(DataType dt, long steps, long batch) {
        return simd != null && dt == DataType.FLOAT && maskArray == null
                && (steps + 1) * batch * 3 * layerConf().getNOut() < Integer.MAX_VALUE;
    }

    /** Float32 without a mask: the input projections without the bias, then one SIMD loop per half-step. */
    private Forward simdForward(INDArray x, INDArray u, INDArray wGates, INDArray wCandidate, INDArray b,
                                INDArray initialState, ArrayType mem, LayerWorkspaceMgr ws, long steps, long batch) {
        long h = layerConf().getNOut();
        long rows = steps * batch;
        DataType dt = DataType.FLOAT;
        INDArray gates = ws.createUninitialized(mem, dt, new long[] {rows, 2 * h}, 'c');
        DirectGemm.gemm(x, u.get(all(), interval(0, 2 * h)), gates, false, false, 1.0, 0.0);
        INDArray candidates = ws.createUninitialized(mem, dt, new long[] {rows, h}, 'c');
        DirectGemm.gemm(x, u.get(all(), interval(2 * h, 3 * h)), candidates, false, false, 1.0, 0.0);
        INDArray states = ws.create(mem, dt, new long[] {(steps + 1) * batch, h}, 'c');
        if (initialState != null) {
            checkStateBatch(initialState, batch);
            step(states, 0, batch).assign(initialState);
        }
        INDArray resetStates = ws.createUninitialized(mem, dt, new long[] {rows, h}, 'c');
        float[] bias = b.toFloatVector();
        ByteBuffer gateBytes = NativeFloats.bytes(gates);
        ByteBuffer candidateBytes = NativeFloats.bytes(candidates);
        ByteBuffer stateBytes = NativeFloats.bytes(states);
        ByteBuffer resetBytes = NativeFloats.bytes(resetStates);
        int mb = (int) batch;
        int hi = (int) h;
        StepProduct byGates = StepProduct.of(wGates, false, steps);
        StepProduct byCandidate = StepProduct.of(wCandidate, false, steps);
        // each share of the batch (independent sequences) runs the whole loop over time on a thread of its own
        StepThreads.forEachShare(batch, share -> () -> {
            for (int t = 0; t < steps; t++) {
                long first = (long) t * mb + share.from();
                long last = first + share.count();
                int row = (int) first * hi;
                byGates.multiply(rows(states, first, last), rows(gates, first, last), true);
                simd.forwardGates(gateBytes, 2 * row, stateBytes, row, resetBytes, row, bias, share.count(), hi);
                byCandidate.multiply(rows(resetStates, first, last), rows(candidates, first, last), true);
                simd.forwardState(gateBytes, 2 * row, candidateBytes, row, stateBytes, row, row + mb * hi, bias,
                        share.count(), hi);
            }
        });
        return new Forward(x, states, gates, candidates, resetStates, null, steps, batch, mem);
    }

    /** The SIMD backward pass over all steps (or the last {@code stop..steps-1}); fills {@code dPre}. */
    private void simdBackward(Forward f, INDArray eps, INDArray dPre, INDArray wGates, INDArray wCandidate, long stop,
                              LayerWorkspaceMgr ws) {
        int mb = (int) f.batch;
        int h = (int) layerConf().getNOut();
        ByteBuffer epsBytes = NativeFloats.bytes(eps);
        ByteBuffer gateBytes = NativeFloats.bytes(f.gates);
        ByteBuffer candidateBytes = NativeFloats.bytes(f.candidates);
        ByteBuffer stateBytes = NativeFloats.bytes(f.states);
        ByteBuffer dPreBytes = NativeFloats.bytes(dPre);
        StepProduct byCandidate = StepProduct.of(wCandidate, true, f.steps - stop);
        StepProduct byGates = StepProduct.of(wGates, true, f.steps - stop);
        StepThreads.forEachShare(mb, share -> {
            // the running gradients are per share, allocated here: workspaces belong to this thread
            long[] shape = {share.count(), h};
            INDArray[] dh = {ws.create(ArrayType.BP_WORKING_MEM, DataType.FLOAT, shape, 'c'),
                    ws.createUninitialized(ArrayType.BP_WORKING_MEM, DataType.FLOAT, shape, 'c')};
            INDArray dResetState = ws.createUninitialized(ArrayType.BP_WORKING_MEM, DataType.FLOAT, shape, 'c');
            return () -> {
                ByteBuffer resetBytes = NativeFloats.bytes(dResetState);
                ByteBuffer[] dhBytes = {NativeFloats.bytes(dh[0]), NativeFloats.bytes(dh[1])};
                int current = 0;
                for (int t = (int) f.steps - 1; t >= stop; t--) {
                    long first = (long) t * mb + share.from();
                    int row = (int) first * h;
                    simd.backwardCandidate(epsBytes, row, dhBytes[current], gateBytes, 2 * row, candidateBytes,
                            stateBytes, row, dPreBytes, 3 * row, share.count(), h);
                    INDArray d = rows(dPre, first, first + share.count());
                    byCandidate.multiply(columns(d, 2 * h, h), dResetState, false);
                    simd.backwardReset(resetBytes, dhBytes[current], gateBytes, 2 * row, stateBytes, row, dPreBytes,
                            3 * row, dhBytes[1 - current], share.count(), h);
                    byGates.multiply(columns(d, 0, 2 * h), dh[1 - current], true);
                    current = 1 - current;
                }
            };
        });
    }

    private void checkStateBatch(INDArray initialState, long batch) {
        if (initialState.size(0) != batch) {
            throw new IllegalStateException("GRU layer " + layerId() + ": stored state has batch size "
                    + initialState.size(0) + " but the input has " + batch + "; clear the state first");
        }
    }


    private INDArray output(Forward f, LayerWorkspaceMgr ws) {
        INDArray timeMajor = fromTimeMajor(
                rows(f.states, f.batch, (f.steps + 1) * f.batch).reshape('c', f.steps, f.batch, f.states.size(1)));
        if (f.mem == ArrayType.ACTIVATIONS && maskArray == null) {
            // a training pass: the states outlive the layer, so the output is a view of them (no copy)
            return timeMajor;
        }
        INDArray out = ws.dup(ArrayType.ACTIVATIONS, timeMajor, 'f');
        if (maskArray != null) {
            int timeDim = getDataFormat() == RNNFormat.NWC ? 1 : 2;
            Nd4j.getExecutioner().exec(new BroadcastMulOp(out, maskArray.castTo(out.dataType()), out, 0, timeDim));
        }
        return out;
    }

    /** [batch, features, time] (NCW) or [batch, time, features] (NWC) to a [time, batch, features] view. */
    private INDArray toTimeMajor(INDArray a) {
        return getDataFormat() == RNNFormat.NWC ? a.permute(1, 0, 2) : a.permute(2, 0, 1);
    }

    private INDArray fromTimeMajor(INDArray a) {
        return getDataFormat() == RNNFormat.NWC ? a.permute(1, 0, 2) : a.permute(1, 2, 0);
    }

    /*
     * Views made directly from buffer, shape, strides and offset: INDArray.get() resolves indexes and
     * costs several times more, which adds up over the views a time step needs.
     */

    /** The rows of step {@code t} in a time-major {@code [T*batch, n]} matrix. */
    private static INDArray step(INDArray timeMajor, long t, long batch) {
        return rows(timeMajor, t * batch, (t + 1) * batch);
    }

    /** Rows {@code [from, to)} of a row-major matrix or of a column block of one. */
    private static INDArray rows(INDArray matrix, long from, long to) {
        long rowStride = matrix.stride(0);
        return Nd4j.create(matrix.data(), new long[] {to - from, matrix.size(1)}, new long[] {rowStride, 1},
                matrix.offset() + from * rowStride, 'c');
    }

    /** Columns {@code [from, from + width)} of a row-major matrix (or of a block of rows of one). */
    private static INDArray columns(INDArray matrix, long from, long width) {
        return Nd4j.create(matrix.data(), new long[] {matrix.size(0), width}, new long[] {matrix.stride(0), 1},
                matrix.offset() + from, 'c');
    }
}
