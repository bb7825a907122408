package org.seqlab.common.rnn;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import java.util.Arrays;
import java.util.Map;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The computation of {@link BahdanauDecoderVertex}: a loop over target steps, forward and backward
 * (through the recurrence, the attention and the initial state) written out by hand. Per-step results
 * are kept in time-major arrays ([T, batch, ...]) so that the weight gradients are one product each after
 * the backward loop.
 */
public class BahdanauGraphVertex extends HandWrittenVertex implements StatefulVertex {
    /** Key of the decoder state s_{t-1} in {@link #rnnGetPreviousState()}. */
    public static final String STATE_KEY = "s";

    private final BahdanauDecoderVertex conf;
    private INDArray tokenMask;
    private INDArray memoryMask;
    private Map<String, INDArray> state = Map.of();

    /**
     * A forward pass. {@code states} [T+1, B, H] starts with s_0; {@code inputs} [T, B, E+K] holds the GRU
     * inputs [y_t; c_t]; {@code gates} [T, B, 2H] z and r; {@code hidden} [T, B, Tk, A] the tanh of the
     * attention; {@code meanWeights} [B, Tk] the weights of the memory mean (null when s_0 was given).
     */
    record Pass(INDArray memoryRows, INDArray states, INDArray inputs, INDArray gates, INDArray candidates,
                INDArray hidden, INDArray alpha, INDArray meanWeights, INDArray memoryMean, INDArray mask) {
        long steps() {
            return inputs.size(0);
        }

        /** alpha as [B, Tq, Tk]. */
        INDArray weights() {
            return alpha.permute(1, 0, 2).dup('c');
        }
    }

    BahdanauGraphVertex(BahdanauDecoderVertex conf, ComputationGraph graph, String name, int index,
                        INDArray paramsView, boolean initializeParams, DataType dataType) {
        super(conf, graph, name, index, paramsView, initializeParams, dataType);
        this.conf = conf;
    }

    /** The forward pass from {@code initialState} [B, H], or from s_0 computed from the memory when null. */
    static Pass run(BahdanauDecoderVertex conf, Map<String, INDArray> params, INDArray tokens, INDArray memory,
                    INDArray memoryMask, INDArray tokenMask, INDArray initialState) {
        DataType dt = tokens.dataType();
        long batch = tokens.size(0);
        long steps = tokens.size(2);
        long tk = memory.size(2);
        long e = conf.getTokenSize();
        long k = conf.getMemorySize();
        long h = conf.getHiddenSize();
        long a = conf.getAttentionSize();
        if (tokens.size(1) != e || memory.size(1) != k || memory.size(0) != batch) {
            throw new IllegalStateException("Bahdanau decoder expects tokens [batch, " + e + ", T] and memory [batch, "
                    + k + ", T'], got " + Arrays.toString(tokens.shape()) + " and " + Arrays.toString(memory.shape()));
        }
        INDArray wq = params.get("Wq");
        INDArray v = params.get("v");
        INDArray w = params.get("W");
        INDArray b = params.get("b");
        INDArray rwGates = params.get("RW").get(all(), interval(0, 2 * h));
        INDArray rwCandidate = params.get("RW").get(all(), interval(2 * h, 3 * h));

        INDArray memoryRows = memory.permute(0, 2, 1).dup('c').reshape('c', batch * tk, k);
        // the memory's half of the attention pre-activations is the same at every step
        INDArray keys = memoryRows.mmul(params.get("Wk")).reshape('c', batch, tk, a);
        // a large negative score makes the softmax weight of a masked step exactly zero
        INDArray penalty = memoryMask == null ? null : memoryMask.castTo(dt).sub(1.0).muli(1e9);
        INDArray mask = tokenMask == null ? null : tokenMask.castTo(dt);

        INDArray states = Nd4j.create(dt, steps + 1, batch, h);
        INDArray meanWeights = null;
        INDArray memoryMean = null;
        if (initialState != null) {
            if (initialState.size(0) != batch) {
                throw new IllegalStateException("Bahdanau decoder: stored state has " + initialState.size(0)
                        + " rows but the input has " + batch + "; clear the state first");
            }
            states.slice(0).assign(initialState);
        } else {
            meanWeights = memoryMask == null ? Nd4j.valueArrayOf(new long[] {batch, tk}, 1.0 / tk, dt)
                    : memoryMask.castTo(dt).dup().diviColumnVector(memoryMask.castTo(dt).sum(true, 1));
            memoryMean = Nd4j.matmul(memory, meanWeights.reshape(batch, tk, 1)).reshape(batch, k);
            states.slice(0).assign(Transforms.tanh(memoryMean.mmul(params.get("Winit")).addiRowVector(params.get("binit")), false));
        }

        INDArray inputs = Nd4j.create(dt, steps, batch, e + k);
        inputs.get(all(), all(), interval(0, e)).assign(tokens.permute(2, 0, 1));
        INDArray gates = Nd4j.create(dt, steps, batch, 2 * h);
        INDArray candidates = Nd4j.create(dt, steps, batch, h);
        INDArray hidden = Nd4j.create(dt, steps, batch, tk, a);
        INDArray alpha = Nd4j.create(dt, steps, batch, tk);
        for (long t = 0; t < steps; t++) {
            INDArray previous = states.slice(t);
            INDArray tanh = Transforms.tanh(Nd4j.exec(new AddOp(keys, previous.mmul(wq).reshape(batch, 1, a)))[0], false);
            hidden.slice(t).assign(tanh);
            INDArray scores = tanh.reshape('c', batch * tk, a).mmul(v.transpose()).reshape('c', batch, tk);
            if (penalty != null) {
                scores.addi(penalty);
            }
            INDArray weights = Nd4j.exec(new SoftMax(scores, 1))[0];
            alpha.slice(t).assign(weights);
            INDArray context = Nd4j.matmul(memory, weights.reshape(batch, tk, 1)).reshape(batch, k);
            INDArray x = inputs.slice(t);
            x.get(all(), interval(e, e + k)).assign(context);

            INDArray pre = x.mmul(w).addiRowVector(b);
            INDArray zr = Transforms.sigmoid(pre.get(all(), interval(0, 2 * h)).add(previous.mmul(rwGates)), false);
            gates.slice(t).assign(zr);
            INDArray z = zr.get(all(), interval(0, h));
            INDArray r = zr.get(all(), interval(h, 2 * h));
            INDArray candidate = Transforms.tanh(pre.get(all(), interval(2 * h, 3 * h)).add(r.mul(previous).mmul(rwCandidate)), false);
            candidates.slice(t).assign(candidate);
            // s = z * s_prev + (1 - z) * candidate  ==  candidate + z * (s_prev - candidate)
            INDArray next = previous.sub(candidate).muli(z).addi(candidate);
            if (mask != null) {
                // a masked step carries the state through
                next.subi(previous).muliColumnVector(mask.get(all(), interval(t, t + 1))).addi(previous);
            }
            states.slice(t + 1).assign(next);
        }
        return new Pass(memoryRows, states, inputs, gates, candidates, hidden, alpha, meanWeights, memoryMean, mask);
    }

    /** [s_t; c_t] as [B, H + K, T], zero at masked target steps. */
    private INDArray output(Pass f) {
        long steps = f.steps();
        INDArray out = Nd4j.concat(2, f.states.get(interval(1, steps + 1), all(), all()),
                f.inputs.get(all(), all(), interval(conf.getTokenSize(), f.inputs.size(2)))).permute(1, 2, 0);
        if (f.mask != null) {
            out = Nd4j.exec(new MulOp(out, f.mask.reshape(f.mask.size(0), 1, steps)))[0];
        }
        return out;
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        Pass f = run(conf, params, inputs[0], inputs[1], memoryMask, tokenMask, null);
        return workspaceMgr.dup(ArrayType.ACTIVATIONS, output(f));
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        INDArray memory = inputs[1];
        Pass f = run(conf, params, inputs[0], memory, memoryMask, tokenMask, null);
        DataType dt = f.states.dataType();
        long steps = f.steps();
        long batch = f.states.size(1);
        long tk = memory.size(2);
        long e = conf.getTokenSize();
        long k = conf.getMemorySize();
        long h = conf.getHiddenSize();
        long a = conf.getAttentionSize();
        INDArray wq = params.get("Wq");
        INDArray v = params.get("v");
        INDArray w = params.get("W");
        INDArray rwGates = params.get("RW").get(all(), interval(0, 2 * h));
        INDArray rwCandidate = params.get("RW").get(all(), interval(2 * h, 3 * h));

        // [T, B, H + K]; the output is mask * [s_t; c_t]
        INDArray eps = epsilon.permute(2, 0, 1).dup('c');
        if (f.mask != null) {
            eps = Nd4j.exec(new MulOp(eps, f.mask.transpose().reshape(steps, batch, 1)))[0];
        }
        // gradients with respect to the GRU pre-activations (z, r, candidate), the attention scores and query
        // projections per step, and the accumulated gradients of the memory and its projection
        INDArray dPre = Nd4j.create(dt, steps, batch, 3 * h);
        INDArray dScores = Nd4j.create(dt, steps, batch, tk);
        INDArray dQueries = Nd4j.create(dt, steps, batch, a);
        INDArray dTokens = Nd4j.create(dt, steps, batch, e);
        INDArray dKeys = Nd4j.create(dt, batch, tk, a);
        INDArray dMemory = Nd4j.create(dt, batch, k, tk);
        INDArray dState = Nd4j.create(dt, batch, h);

        for (long t = steps - 1; t >= 0; t--) {
            INDArray previous = f.states.slice(t);
            INDArray epsT = eps.slice(t);
            INDArray dTotal = dState.add(epsT.get(all(), interval(0, h)));
            INDArray dNext = dTotal;
            INDArray carried = null;
            if (f.mask != null) {
                INDArray m = f.mask.get(all(), interval(t, t + 1));
                dNext = dTotal.mulColumnVector(m);
                carried = dTotal.sub(dNext);
            }
            INDArray gates = f.gates.slice(t);
            INDArray z = gates.get(all(), interval(0, h));
            INDArray r = gates.get(all(), interval(h, 2 * h));
            INDArray candidate = f.candidates.slice(t);
            INDArray d = dPre.slice(t);
            INDArray dCandidate = dNext.mul(z.rsub(1.0)).muli(candidate.mul(candidate).rsubi(1.0));
            d.get(all(), interval(2 * h, 3 * h)).assign(dCandidate);
            d.get(all(), interval(0, h)).assign(dNext.mul(previous.sub(candidate)).muli(z).muli(z.rsub(1.0)));
            INDArray dResetState = dCandidate.mmul(rwCandidate.transpose());
            d.get(all(), interval(h, 2 * h)).assign(dResetState.mul(previous).muli(r).muli(r.rsub(1.0)));
            INDArray dPrevious = dNext.mul(z).addi(dResetState.muli(r)).addi(d.get(all(), interval(0, 2 * h)).mmul(rwGates.transpose()));
            if (carried != null) {
                dPrevious.addi(carried);
            }

            INDArray dInput = d.mmul(w.transpose());
            dTokens.slice(t).assign(dInput.get(all(), interval(0, e)));
            INDArray dContext = dInput.get(all(), interval(e, e + k)).add(epsT.get(all(), interval(h, h + k)));
            // c = sum_j alpha_j h_j
            INDArray alpha = f.alpha.slice(t);
            INDArray dAlpha = Nd4j.matmul(dContext.reshape(batch, 1, k), memory).reshape(batch, tk);
            dMemory.addi(Nd4j.matmul(dContext.reshape(batch, k, 1), alpha.reshape(batch, 1, tk)));
            // softmax: de = alpha * (dAlpha - sum_j dAlpha_j alpha_j)
            INDArray de = dAlpha.subColumnVector(dAlpha.mul(alpha).sum(true, 1)).muli(alpha);
            dScores.slice(t).assign(de);
            INDArray tanh = f.hidden.slice(t).reshape('c', batch * tk, a);
            INDArray dHidden = de.reshape('c', batch * tk, 1).mmul(v).muli(tanh.mul(tanh).rsubi(1.0)).reshape('c', batch, tk, a);
            dKeys.addi(dHidden);
            INDArray dQuery = dHidden.sum(1);
            dQueries.slice(t).assign(dQuery);
            dState = dPrevious.addi(dQuery.mmul(wq.transpose()));
        }

        gradients.values().forEach(g -> g.assign(0));
        INDArray dPre2d = dPre.reshape('c', steps * batch, 3 * h);
        INDArray previous2d = f.states.get(interval(0, steps), all(), all()).dup('c').reshape('c', steps * batch, h);
        gradients.get("W").assign(f.inputs.reshape('c', steps * batch, e + k).transpose().mmul(dPre2d));
        gradients.get("b").assign(dPre2d.sum(true, 0));
        INDArray gRW = gradients.get("RW");
        gRW.get(all(), interval(0, 2 * h)).assign(previous2d.transpose().mmul(dPre2d.get(all(), interval(0, 2 * h))));
        INDArray resetStates = f.gates.reshape('c', steps * batch, 2 * h).get(all(), interval(h, 2 * h)).mul(previous2d);
        gRW.get(all(), interval(2 * h, 3 * h)).assign(resetStates.transpose().mmul(dPre2d.get(all(), interval(2 * h, 3 * h))));
        gradients.get("Wq").assign(previous2d.transpose().mmul(dQueries.reshape('c', steps * batch, a)));
        gradients.get("v").assign(dScores.reshape('c', 1, steps * batch * tk).mmul(f.hidden.reshape('c', steps * batch * tk, a)));
        INDArray dKeys2d = dKeys.reshape('c', batch * tk, a);
        gradients.get("Wk").assign(f.memoryRows.transpose().mmul(dKeys2d));
        dMemory.addi(dKeys2d.mmul(params.get("Wk").transpose()).reshape('c', batch, tk, k).permute(0, 2, 1));

        // s_0 = tanh(mean Winit + binit), mean = memory weighted by meanWeights
        INDArray s0 = f.states.slice(0);
        INDArray dInit = dState.muli(s0.mul(s0).rsubi(1.0));
        gradients.get("Winit").assign(f.memoryMean.transpose().mmul(dInit));
        gradients.get("binit").assign(dInit.sum(true, 0));
        INDArray dMean = dInit.mmul(params.get("Winit").transpose());
        dMemory.addi(Nd4j.matmul(dMean.reshape(batch, k, 1), f.meanWeights.reshape(batch, 1, tk)));

        return new Pair<>(gradient(), new INDArray[] {
                workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, dTokens.permute(1, 2, 0), 'c'),
                workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, dMemory, 'c')});
    }

    @Override
    public INDArray rnnTimeStep(INDArray... stepInputs) {
        Pass f = run(conf, params, stepInputs[0], stepInputs[1], null, null, state.get(STATE_KEY));
        state = Map.of(STATE_KEY, f.states.slice(f.steps()).dup().detach());
        return output(f);
    }

    @Override
    public Map<String, INDArray> rnnGetPreviousState() {
        return state;
    }

    @Override
    public void rnnSetPreviousState(Map<String, INDArray> previousState) {
        state = Map.copyOf(previousState);
    }

    @Override
    public void rnnClearPreviousState() {
        state = Map.of();
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState, int minibatchSize) {
        tokenMask = maskArrays == null ? null : maskArrays[0];
        memoryMask = maskArrays == null ? null : maskArrays[1];
        // one output step per target step
        return new Pair<>(tokenMask, currentMaskState);
    }

    @Override
    public void clear() {
        super.clear();
        // the graph clears masks only on layers; a mask left here would leak into the next unmasked call
        tokenMask = null;
        memoryMask = null;
    }

    @Override
    public String toString() {
        return "BahdanauGraphVertex(" + vertexName + ")";
    }
}
