package org.seqlab.common.rnn;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

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
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The GRU layer itself (see {@link GRU} for the equations). The input projection of all time steps is
 * one matrix multiply; the loop over time then needs two small multiplies per step and writes into
 * arrays allocated once per call. Backprop recomputes the forward pass, keeps the gates of every step,
 * and forms the weight gradients with one multiply per weight block after the loop.
 */
public class GRULayer extends BaseRecurrentLayer<GRU> {
    /** Key of the hidden state in {@link #rnnGetPreviousState()} and the tBPTT state. */
    public static final String STATE_KEY = "h";

    /** The initial state of the latest training forward pass, so that backprop recomputes that pass. */
    private INDArray segmentStart;

    public GRULayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** Everything the backward pass needs, in time-major layouts ([T, batch, ...], C order). */
    private record Forward(INDArray x, INDArray states, INDArray gates, INDArray candidates, INDArray resetStates,
                           INDArray mask, long steps, long batch) {
        INDArray last() {
            return states.get(point(steps), all(), all());
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
        // like DL4J's LSTM: the mask travels on unchanged, masking happens inside this layer
        return new Pair<>(mask, MaskState.Passthrough);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        segmentStart = null;
        return output(forward(null, training, false, workspaceMgr), workspaceMgr);
    }

    @Override
    public INDArray activate(INDArray input, boolean training, LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        return activate(training, workspaceMgr);
    }

    @Override
    public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        Forward f = forward(stateMap.get(STATE_KEY), false, false, workspaceMgr);
        INDArray out = output(f, workspaceMgr);
        stateMap.put(STATE_KEY, f.last().detach());
        return out;
    }

    @Override
    public INDArray rnnActivateUsingStoredState(INDArray input, boolean training, boolean storeLastForTBPTT,
                                                LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        segmentStart = tBpttStateMap.get(STATE_KEY);
        Forward f = forward(segmentStart, training, false, workspaceMgr);
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
        Forward f = forward(segmentStart, true, true, ws);
        long steps = f.steps;
        long batch = f.batch;
        long h = layerConf().getNOut();
        DataType dt = f.states.dataType();
        INDArray u = getParamWithNoise(GRUParamInitializer.INPUT_WEIGHT_KEY, true, ws);
        INDArray w = getParamWithNoise(GRUParamInitializer.RECURRENT_WEIGHT_KEY, true, ws);
        INDArray wGates = w.get(all(), interval(0, 2 * h));
        INDArray wCandidate = w.get(all(), interval(2 * h, 3 * h));

        INDArray eps = ws.dup(ArrayType.BP_WORKING_MEM, toTimeMajor(epsilon), 'c');
        // gradients with respect to the pre-activations of z, r and the candidate, per step
        INDArray dPre = ws.create(ArrayType.BP_WORKING_MEM, dt, new long[] {steps, batch, 3 * h}, 'c');
        INDArray dh = ws.create(ArrayType.BP_WORKING_MEM, dt, new long[] {batch, h}, 'c');
        INDArray dhPrev = ws.createUninitialized(ArrayType.BP_WORKING_MEM, dt, new long[] {batch, h}, 'c');
        INDArray masked = f.mask == null ? null : ws.createUninitialized(ArrayType.BP_WORKING_MEM, dt, new long[] {batch, h}, 'c');
        INDArray tmp = ws.createUninitialized(ArrayType.BP_WORKING_MEM, dt, new long[] {batch, h}, 'c');
        INDArray dResetState = ws.createUninitialized(ArrayType.BP_WORKING_MEM, dt, new long[] {batch, h}, 'c');

        long stop = backLength > 0 ? Math.max(0, steps - backLength) : 0;
        for (long t = steps - 1; t >= stop; t--) {
            INDArray m = f.mask == null ? null : f.mask.get(interval(t, t + 1), all()).reshape(batch, 1);
            INDArray epsT = eps.get(point(t), all(), all());
            // the output is mask * h_t, and h_t = m * gru(h_{t-1}, x_t) + (1 - m) * h_{t-1}
            INDArray g;
            if (m == null) {
                dh.addi(epsT);
                g = dh;
            } else {
                dh.addi(tmp.assign(epsT).muliColumnVector(m));
                g = masked.assign(dh).muliColumnVector(m);
            }
            INDArray hp = f.states.get(point(t), all(), all());
            INDArray gates = f.gates.get(point(t), all(), all());
            INDArray z = gates.get(all(), interval(0, h));
            INDArray r = gates.get(all(), interval(h, 2 * h));
            INDArray c = f.candidates.get(point(t), all(), all());
            INDArray d = dPre.get(point(t), all(), all());
            INDArray dz = d.get(all(), interval(0, h));
            INDArray dr = d.get(all(), interval(h, 2 * h));
            INDArray dc = d.get(all(), interval(2 * h, 3 * h));

            dc.assign(z).rsubi(1.0).muli(g).muli(tmp.assign(c).muli(c).rsubi(1.0));
            dz.assign(hp).subi(c).muli(g).muli(tmp.assign(z).rsubi(1.0).muli(z));
            Nd4j.gemm(dc, wCandidate, dResetState, false, true, 1.0, 0.0);
            dr.assign(dResetState).muli(hp).muli(tmp.assign(r).rsubi(1.0).muli(r));

            dhPrev.assign(g).muli(z).addi(dResetState.muli(r));
            Nd4j.gemm(d.get(all(), interval(0, 2 * h)), wGates, dhPrev, false, true, 1.0, 1.0);
            if (m != null) {
                dhPrev.addi(dh).subi(g);
            }
            INDArray swap = dh;
            dh = dhPrev;
            dhPrev = swap;
        }

        INDArray dPre2d = dPre.reshape('c', steps * batch, 3 * h);
        INDArray gU = gradientViews.get(GRUParamInitializer.INPUT_WEIGHT_KEY);
        INDArray gW = gradientViews.get(GRUParamInitializer.RECURRENT_WEIGHT_KEY);
        INDArray gB = gradientViews.get(GRUParamInitializer.BIAS_KEY);
        gU.assign(f.x.transpose().mmul(dPre2d));
        gB.assign(dPre2d.sum(true, 0));
        INDArray previous = f.states.get(interval(0, steps), all(), all()).reshape('c', steps * batch, h);
        gW.get(all(), interval(0, 2 * h)).assign(previous.transpose().mmul(dPre2d.get(all(), interval(0, 2 * h))));
        gW.get(all(), interval(2 * h, 3 * h)).assign(f.resetStates.reshape('c', steps * batch, h).transpose()
                .mmul(dPre2d.get(all(), interval(2 * h, 3 * h))));

        INDArray dx = dPre2d.mmul(u.transpose()).reshape('c', steps, batch, layerConf().getNIn());
        INDArray epsOut = ws.dup(ArrayType.ACTIVATION_GRAD, fromTimeMajor(dx), 'f');

        Gradient gradient = new DefaultGradient(gradientsFlattened);
        gradient.gradientForVariable().put(GRUParamInitializer.INPUT_WEIGHT_KEY, gU);
        gradient.gradientForVariable().put(GRUParamInitializer.RECURRENT_WEIGHT_KEY, gW);
        gradient.gradientForVariable().put(GRUParamInitializer.BIAS_KEY, gB);
        weightNoiseParams.clear();
        return new Pair<>(gradient, backpropDropOutIfPresent(epsOut));
    }

    private Forward forward(INDArray initialState, boolean training, boolean forBackprop, LayerWorkspaceMgr ws) {
        assertInputSet(false);
        if (input.rank() != 3) {
            throw new IllegalStateException("GRU layer " + layerId() + " expects 3d input, got rank " + input.rank());
        }
        applyDropOutIfNecessary(training, ws);
        ArrayType mem = forBackprop ? ArrayType.BP_WORKING_MEM : ArrayType.FF_WORKING_MEM;
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
        INDArray projected = ws.createUninitialized(mem, dt, new long[] {steps * batch, 3 * h}, 'c');
        Nd4j.gemm(x, u, projected, false, false, 1.0, 0.0);
        projected.addiRowVector(b);
        INDArray proj = projected.reshape('c', steps, batch, 3 * h);

        INDArray states = ws.create(mem, dt, new long[] {steps + 1, batch, h}, 'c');
        if (initialState != null) {
            if (initialState.size(0) != batch) {
                throw new IllegalStateException("GRU layer " + layerId() + ": stored state has batch size "
                        + initialState.size(0) + " but the input has " + batch + "; clear the state first");
            }
            states.get(point(0), all(), all()).assign(initialState);
        }
        INDArray gates = ws.createUninitialized(mem, dt, new long[] {steps, batch, 2 * h}, 'c');
        INDArray candidates = ws.createUninitialized(mem, dt, new long[] {steps, batch, h}, 'c');
        INDArray resetStates = ws.createUninitialized(mem, dt, new long[] {steps, batch, h}, 'c');
        INDArray mask = maskArray == null ? null : ws.dup(mem, maskArray.castTo(dt).transpose(), 'c');

        for (long t = 0; t < steps; t++) {
            INDArray hp = states.get(point(t), all(), all());
            INDArray hn = states.get(point(t + 1), all(), all());
            INDArray zr = gates.get(point(t), all(), all());
            INDArray pt = proj.get(point(t), all(), all());
            Nd4j.gemm(hp, wGates, zr, false, false, 1.0, 0.0);
            Transforms.sigmoid(zr.addi(pt.get(all(), interval(0, 2 * h))), false);
            INDArray z = zr.get(all(), interval(0, h));
            INDArray rh = resetStates.get(point(t), all(), all()).assign(zr.get(all(), interval(h, 2 * h))).muli(hp);
            INDArray c = candidates.get(point(t), all(), all());
            Nd4j.gemm(rh, wCandidate, c, false, false, 1.0, 0.0);
            Transforms.tanh(c.addi(pt.get(all(), interval(2 * h, 3 * h))), false);
            // h = z * h_prev + (1 - z) * c  ==  c + z * (h_prev - c)
            hn.assign(hp).subi(c).muli(z).addi(c);
            if (mask != null) {
                hn.subi(hp).muliColumnVector(mask.get(interval(t, t + 1), all()).reshape(batch, 1)).addi(hp);
            }
        }
        return new Forward(x, states, gates, candidates, resetStates, mask, steps, batch);
    }

    private INDArray output(Forward f, LayerWorkspaceMgr ws) {
        INDArray out = ws.dup(ArrayType.ACTIVATIONS, fromTimeMajor(f.states.get(interval(1, f.steps + 1), all(), all())), 'f');
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
}
