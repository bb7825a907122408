package org.seqlab.common.rnn;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import java.lang.ref.Reference;
import java.util.Arrays;
import java.util.Map;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
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
    /**
     * The SIMD attention loops for float32, or null: the ND4J operations run (double precision, no Vector API
     * module). Package-private so that tests compare the two.
     */
    AttentionSteps simd = AttentionSteps.vectorised();
    private INDArray tokenMask;
    private INDArray memoryMask;
    private Map<String, INDArray> state = Map.of();
    /** The memory of the latest decoding step with its keys, reused while the memory array stays the same. */
    private Attended attended;
    /** The keys of the memory that the next step brings, selected from {@link #attended} ({@link #selectFixedRows}). */
    private Attended selectedAttended;
    /** The latest training forward pass and its inputs. */
    private Pass trainingPass;
    private INDArray[] trainingInputs;

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

    /**
     * The memory as rows [B * T', K] and the memory's half of the attention pre-activations, keys [B, T', A]:
     * the same at every step of a decoding.
     */
    record Attended(INDArray memory, INDArray rows, INDArray keys) {
        static Attended of(INDArray memory, INDArray wk) {
            long batch = memory.size(0);
            long k = memory.size(1);
            long tk = memory.size(2);
            INDArray rows = memory.permute(0, 2, 1).dup('c').reshape('c', batch * tk, k);
            return new Attended(memory, rows, NativeFloats.whole(rows.mmul(wk).reshape('c', batch, tk, wk.size(1))));
        }

        /** The rows {@code selected} of these (each with all its memory steps), for a memory still to come. */
        Attended select(int[] selected) {
            long batch = keys.size(0);
            long tk = keys.size(1);
            INDArray pickedRows = Nd4j.pullRows(rows.reshape('c', batch, tk * rows.size(1)), 1, selected, 'c');
            INDArray pickedKeys = Nd4j.pullRows(keys.reshape('c', batch, tk * keys.size(2)), 1, selected, 'c');
            return new Attended(null, NativeFloats.whole(pickedRows.reshape('c', selected.length * tk, rows.size(1))),
                    NativeFloats.whole(pickedKeys.reshape('c', selected.length, tk, keys.size(2))));
        }

        Attended of(INDArray memory) {
            return new Attended(memory, rows, keys);
        }
    }

    BahdanauGraphVertex(BahdanauDecoderVertex conf, ComputationGraph graph, String name, int index,
                        INDArray paramsView, boolean initializeParams, DataType dataType) {
        super(conf, graph, name, index, paramsView, initializeParams, dataType);
        this.conf = conf;
    }

    /**
     * The forward pass from {@code initialState} [B, H], or from s_0 computed from the memory when null; the
     * attention with {@code simd} when it is given and the data are float32; {@code attended} when it was made
     * from this memory, else computed.
     */
    static Pass run(BahdanauDecoderVertex conf, Map<String, INDArray> params, INDArray tokens, INDArray memory,
                    INDArray memoryMask, INDArray tokenMask, INDArray initialState, AttentionSteps simd,
                    Attended attended) {
        DataType dt = tokens.dataType();
        boolean vector = simd != null && dt == DataType.FLOAT;
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
        INDArray rwGates = params.get("RW").get(all(), interval(0, 2 * h));
        INDArray rwCandidate = params.get("RW").get(all(), interval(2 * h, 3 * h));

        Attended memoryKeys = attended != null && attended.memory() == memory ? attended : Attended.of(memory, params.get("Wk"));
        INDArray memoryRows = memoryKeys.rows();
        INDArray keys = memoryKeys.keys();
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
                    // max(count, 1): a row whose memory is all padding gets a zero mean, not NaN
                    : memoryMask.castTo(dt).dup().diviColumnVector(Transforms.max(memoryMask.castTo(dt).sum(true, 1), 1.0));
            memoryMean = Nd4j.matmul(memory, meanWeights.reshape(batch, tk, 1)).reshape(batch, k);
            states.slice(0).assign(Transforms.tanh(memoryMean.mmul(params.get("Winit")).addiRowVector(params.get("binit")), false));
        }

        // the tokens' part of the GRU pre-activations for all steps in one product; each step then adds the
        // context's and the state's products in place
        INDArray tokenRows = tokens.permute(2, 0, 1).dup('c').reshape('c', steps * batch, e);
        INDArray inputs = Nd4j.create(dt, steps, batch, e + k);
        inputs.get(all(), all(), interval(0, e)).assign(tokenRows.reshape('c', steps, batch, e));
        INDArray tokenPre = tokenRows.mmul(w.get(interval(0, e), all())).addiRowVector(params.get("b"));
        INDArray gates = tokenPre.get(all(), interval(0, 2 * h)).dup('c').reshape('c', steps, batch, 2 * h);
        INDArray candidates = tokenPre.get(all(), interval(2 * h, 3 * h)).dup('c').reshape('c', steps, batch, h);
        INDArray wContextGates = w.get(interval(e, e + k), interval(0, 2 * h));
        INDArray wContextCandidate = w.get(interval(e, e + k), interval(2 * h, 3 * h));
        INDArray hidden = Nd4j.create(dt, steps, batch, tk, a);
        INDArray alpha = Nd4j.create(dt, steps, batch, tk);
        // the SIMD path's per-step arrays, reused
        INDArray query = vector ? Nd4j.create(dt, batch, a) : null;
        INDArray simdScores = vector ? Nd4j.create(dt, batch, tk) : null;
        INDArray simdContext = vector ? Nd4j.create(dt, batch, k) : null;
        float[] vector1d = vector ? v.toFloatVector() : null;
        // the SIMD path packs the per-step products' weights once for the whole loop when it is long enough; the
        // ND4J path, the reference it is tested against, keeps cblas_sgemm
        long packedSteps = vector ? steps : 0;
        StepProduct byQuery = StepProduct.of(wq, false, packedSteps);
        StepProduct byContextGates = StepProduct.of(wContextGates, false, packedSteps);
        StepProduct byStateGates = StepProduct.of(rwGates, false, packedSteps);
        StepProduct byContextCandidate = StepProduct.of(wContextCandidate, false, packedSteps);
        StepProduct byResetState = StepProduct.of(rwCandidate, false, packedSteps);
        for (long t = 0; t < steps; t++) {
            INDArray previous = states.slice(t);
            INDArray weights = alpha.slice(t);
            INDArray context;
            if (vector) {
                byQuery.multiply(previous, query, false);
                simd.scores(NativeFloats.bytes(keys), NativeFloats.bytes(query), vector1d, NativeFloats.bytes(hidden),
                        (int) (t * batch * tk * a), NativeFloats.bytes(simdScores), (int) batch, (int) tk, (int) a);
                if (penalty != null) {
                    simdScores.addi(penalty);
                }
                Nd4j.exec(new SoftMax(simdScores, weights, 1));
                simd.context(NativeFloats.bytes(memoryRows), NativeFloats.bytes(alpha), (int) (t * batch * tk),
                        NativeFloats.bytes(simdContext), (int) batch, (int) tk, (int) k);
                context = simdContext;
            } else {
                INDArray tanh = hidden.slice(t);
                Nd4j.exec(new AddOp(keys, previous.mmul(wq).reshape(batch, 1, a), tanh));
                Transforms.tanh(tanh, false);
                INDArray scores = tanh.reshape('c', batch * tk, a).mmul(v.transpose()).reshape('c', batch, tk);
                if (penalty != null) {
                    scores.addi(penalty);
                }
                Nd4j.exec(new SoftMax(scores, weights, 1));
                context = Nd4j.matmul(memory, weights.reshape(batch, tk, 1)).reshape(batch, k);
            }
            inputs.slice(t).get(all(), interval(e, e + k)).assign(context);

            INDArray zr = gates.slice(t);
            byContextGates.multiply(context, zr, true);
            byStateGates.multiply(previous, zr, true);
            Transforms.sigmoid(zr, false);
            INDArray z = zr.get(all(), interval(0, h));
            INDArray r = zr.get(all(), interval(h, 2 * h));
            INDArray candidate = candidates.slice(t);
            byContextCandidate.multiply(context, candidate, true);
            byResetState.multiply(r.mul(previous), candidate, true);
            Transforms.tanh(candidate, false);
            // s = z * s_prev + (1 - z) * candidate  ==  candidate + z * (s_prev - candidate)
            INDArray next = states.slice(t + 1);
            previous.sub(candidate, next).muli(z).addi(candidate);
            if (mask != null) {
                // a masked step carries the state through
                next.subi(previous).muliColumnVector(mask.get(all(), interval(t, t + 1))).addi(previous);
            }
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
        trainingPass = null;
        trainingInputs = null;
        if (!training) {
            return workspaceMgr.dup(ArrayType.ACTIVATIONS, output(run(conf, params, inputs[0], inputs[1], memoryMask, tokenMask, null, simd, null)));
        }
        // kept for backprop, so that it need not run the loop again: outside workspaces, which the graph may
        // reset in between
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            trainingPass = run(conf, params, inputs[0], inputs[1], memoryMask, tokenMask, null, simd, null);
        }
        trainingInputs = new INDArray[] {inputs[0], inputs[1], tokenMask, memoryMask};
        return workspaceMgr.dup(ArrayType.ACTIVATIONS, output(trainingPass));
    }

    private boolean sameAsTrainingInputs() {
        return trainingInputs != null && trainingInputs[0] == inputs[0] && trainingInputs[1] == inputs[1]
                && trainingInputs[2] == tokenMask && trainingInputs[3] == memoryMask;
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        INDArray memory = inputs[1];
        Pass f = sameAsTrainingInputs() ? trainingPass : run(conf, params, inputs[0], memory, memoryMask, tokenMask, null, simd, null);
        trainingPass = null;
        trainingInputs = null;
        DataType dt = f.states.dataType();
        boolean vector = simd != null && dt == DataType.FLOAT;
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
        // Factors that do not depend on the incoming gradient, for all steps at once (a few large operations
        // instead of many small ones per step): dCandidate = g (1-z)(1-c^2), dz = g (s_prev-c) z(1-z),
        // dr = dResetState s_prev r(1-r), and the tanh derivative of the attention
        INDArray previousStates = f.states.get(interval(0, steps), all(), all()).dup('c');
        INDArray z = f.gates.get(all(), all(), interval(0, h)).dup('c');
        INDArray r = f.gates.get(all(), all(), interval(h, 2 * h)).dup('c');
        INDArray oneMinusZ = z.rsub(1.0);
        INDArray candidateFactor = f.candidates.mul(f.candidates).rsubi(1.0).muli(oneMinusZ);
        INDArray updateFactor = previousStates.sub(f.candidates).muli(z).muli(oneMinusZ);
        INDArray resetFactor = r.rsub(1.0).muli(r).muli(previousStates);
        INDArray tanhFactor = vector ? null : f.hidden.mul(f.hidden).rsubi(1.0);

        // per step: gradients with respect to the GRU pre-activations (z, r, candidate), the contexts, the
        // attention scores, their tanh layer and the query projections
        INDArray dPre = Nd4j.create(dt, steps, batch, 3 * h);
        INDArray dContexts = Nd4j.create(dt, steps, batch, k);
        // the ND4J path keeps the score and tanh gradients of every step; the SIMD path sums them as it goes
        INDArray dScores = vector ? null : Nd4j.create(dt, steps, batch, tk);
        INDArray dHidden = vector ? null : Nd4j.create(dt, steps, batch, tk, a);
        INDArray dKeys = vector ? Nd4j.create(dt, batch, tk, a) : null;
        float[] dV = vector ? new float[(int) a] : null;
        float[] vector1d = vector ? v.toFloatVector() : null;
        INDArray dAlphaBuffer = vector ? Nd4j.create(dt, batch, tk) : null;
        INDArray dQueries = Nd4j.create(dt, steps, batch, a);
        INDArray wContext = w.get(interval(e, e + k), all());
        INDArray dState = Nd4j.create(dt, batch, h);
        INDArray dResetState = Nd4j.create(dt, batch, h);
        long packedSteps = vector ? steps : 0;
        StepProduct byResetStateT = StepProduct.of(rwCandidate, true, packedSteps);
        StepProduct byStateGatesT = StepProduct.of(rwGates, true, packedSteps);
        StepProduct byContextT = StepProduct.of(wContext, true, packedSteps);
        StepProduct byQueryT = StepProduct.of(wq, true, packedSteps);
        for (long t = steps - 1; t >= 0; t--) {
            INDArray epsT = eps.slice(t);
            INDArray dNext = dState.addi(epsT.get(all(), interval(0, h)));
            INDArray carried = null;
            if (f.mask != null) {
                // s_t = m gru(s_{t-1}, x_t) + (1 - m) s_{t-1}
                INDArray m = f.mask.get(all(), interval(t, t + 1));
                carried = dNext.mulColumnVector(m.rsub(1.0));
                dNext.muliColumnVector(m);
            }
            INDArray d = dPre.slice(t);
            INDArray dCandidate = d.get(all(), interval(2 * h, 3 * h));
            dNext.mul(candidateFactor.slice(t), dCandidate);
            dNext.mul(updateFactor.slice(t), d.get(all(), interval(0, h)));
            byResetStateT.multiply(dCandidate, dResetState, false);
            dResetState.mul(resetFactor.slice(t), d.get(all(), interval(h, 2 * h)));
            INDArray dPrevious = dNext.mul(z.slice(t)).addi(dResetState.muli(r.slice(t)));
            byStateGatesT.multiply(d.get(all(), interval(0, 2 * h)), dPrevious, true);
            if (carried != null) {
                dPrevious.addi(carried);
            }

            INDArray dContext = dContexts.slice(t);
            byContextT.multiply(d, dContext, false);
            dContext.addi(epsT.get(all(), interval(h, h + k)));
            // c = sum_j alpha_j h_j; softmax: de = alpha * (dAlpha - sum_j dAlpha_j alpha_j)
            INDArray alpha = f.alpha.slice(t);
            INDArray dQuery = dQueries.slice(t);
            if (vector) {
                INDArray dContextRows = dContext.dup('c');
                simd.contextBackward(NativeFloats.bytes(f.memoryRows), NativeFloats.bytes(dContextRows),
                        NativeFloats.bytes(dAlphaBuffer), (int) batch, (int) tk, (int) k);
                // the loop reads the copy through a buffer that does not keep it alive
                Reference.reachabilityFence(dContextRows);
                INDArray de = dAlphaBuffer.subiColumnVector(dAlphaBuffer.mul(alpha).sum(true, 1)).muli(alpha);
                simd.scoresBackward(NativeFloats.bytes(f.hidden), (int) (t * batch * tk * a), NativeFloats.bytes(de),
                        vector1d, NativeFloats.bytes(dKeys), NativeFloats.bytes(dQueries), (int) (t * batch * a), dV,
                        (int) batch, (int) tk, (int) a);
            } else {
                INDArray dAlpha = Nd4j.matmul(dContext.reshape(batch, 1, k), memory).reshape(batch, tk);
                INDArray de = dAlpha.subiColumnVector(dAlpha.mul(alpha).sum(true, 1)).muli(alpha);
                dScores.slice(t).assign(de);
                INDArray dTanh = de.reshape('c', batch * tk, 1).mmul(v).reshape('c', batch, tk, a).muli(tanhFactor.slice(t));
                dHidden.slice(t).assign(dTanh);
                dQuery.assign(dTanh.sum(1));
            }
            byQueryT.multiply(dQuery, dPrevious, true);
            dState = dPrevious;
        }

        INDArray dPre2d = dPre.reshape('c', steps * batch, 3 * h);
        INDArray previous2d = f.states.get(interval(0, steps), all(), all()).dup('c').reshape('c', steps * batch, h);
        gradients.get("W").assign(f.inputs.reshape('c', steps * batch, e + k).transpose().mmul(dPre2d));
        gradients.get("b").assign(dPre2d.sum(true, 0));
        INDArray gRW = gradients.get("RW");
        gRW.get(all(), interval(0, 2 * h)).assign(previous2d.transpose().mmul(dPre2d.get(all(), interval(0, 2 * h))));
        INDArray resetStates = f.gates.reshape('c', steps * batch, 2 * h).get(all(), interval(h, 2 * h)).mul(previous2d);
        gRW.get(all(), interval(2 * h, 3 * h)).assign(resetStates.transpose().mmul(dPre2d.get(all(), interval(2 * h, 3 * h))));
        gradients.get("Wq").assign(previous2d.transpose().mmul(dQueries.reshape('c', steps * batch, a)));
        gradients.get("v").assign(vector ? Nd4j.createFromArray(dV).reshape(1, a)
                : dScores.reshape('c', 1, steps * batch * tk).mmul(f.hidden.reshape('c', steps * batch * tk, a)));
        // through c_t = sum_j alpha_tj h_j: dMemory[b] = sum_t dc_t alpha_t^T, as one product per row
        INDArray dMemory = Nd4j.matmul(dContexts.permute(1, 2, 0).dup('c'), f.alpha.permute(1, 0, 2).dup('c'));
        INDArray dKeys2d = (vector ? dKeys : dHidden.sum(0)).reshape('c', batch * tk, a);
        gradients.get("Wk").assign(f.memoryRows.transpose().mmul(dKeys2d));
        dMemory.addi(dKeys2d.mmul(params.get("Wk").transpose()).reshape('c', batch, tk, k).permute(0, 2, 1));

        // s_0 = tanh(mean Winit + binit), mean = memory weighted by meanWeights
        INDArray s0 = f.states.slice(0);
        INDArray dInit = dState.muli(s0.mul(s0).rsubi(1.0));
        gradients.get("Winit").assign(f.memoryMean.transpose().mmul(dInit));
        gradients.get("binit").assign(dInit.sum(true, 0));
        INDArray dMean = dInit.mmul(params.get("Winit").transpose());
        dMemory.addi(Nd4j.matmul(dMean.reshape(batch, k, 1), f.meanWeights.reshape(batch, 1, tk)));

        INDArray dTokens = dPre2d.mmul(w.get(interval(0, e), all()).transpose()).reshape('c', steps, batch, e);
        return new Pair<>(gradient(), new INDArray[] {
                workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, dTokens.permute(1, 2, 0), 'c'),
                workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, dMemory, 'c')});
    }

    /**
     * Steps from the stored state; the memory's mask is the one given by the latest {@link #feedForwardMaskArrays}
     * (a batch of padded sources: the initial state averages only real steps and attention skips padding), which a
     * step-by-step decoder sets before every step.
     */
    @Override
    public INDArray rnnTimeStep(INDArray... stepInputs) {
        if (attended == null || attended.memory() != stepInputs[1]) {
            if (selectedAttended != null && selectedAttended.keys().size(0) == stepInputs[1].size(0)) {
                attended = selectedAttended.of(stepInputs[1]);
            } else {
                try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                    attended = Attended.of(stepInputs[1], params.get("Wk"));
                }
            }
            selectedAttended = null;
        }
        Pass f = run(conf, params, stepInputs[0], stepInputs[1], memoryMask, null, state.get(STATE_KEY), simd, attended);
        state = Map.of(STATE_KEY, f.states.slice(f.steps()).dup().detach());
        return output(f);
    }

    /** The memory's keys follow its rows (the product per row is the costly part of a batch's new memory). */
    @Override
    public void selectFixedRows(int[] rows) {
        if (attended != null) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                selectedAttended = attended.select(rows);
            }
        }
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
        attended = null;
        selectedAttended = null;
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
        trainingPass = null;
        trainingInputs = null;
        attended = null;
        selectedAttended = null;
    }

    @Override
    public String toString() {
        return "BahdanauGraphVertex(" + vertexName + ")";
    }
}
