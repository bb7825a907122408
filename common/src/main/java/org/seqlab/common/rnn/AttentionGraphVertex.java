package org.seqlab.common.rnn;

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
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The computation of {@link AttentionVertex}: batched matrix products over [batch, features, time]
 * arrays, forward and backward written out by hand.
 */
public class AttentionGraphVertex extends HandWrittenVertex {
    private final AttentionVertex conf;
    private INDArray keyMask;

    /** Intermediate results; {@code hidden} (additive) or {@code projected} (general) only where used. */
    record Attended(INDArray alpha, INDArray context, INDArray projected, INDArray hidden) {
    }

    AttentionGraphVertex(AttentionVertex conf, ComputationGraph graph, String name, int index, INDArray paramsView,
                         boolean initializeParams, DataType dataType) {
        super(conf, graph, name, index, paramsView, initializeParams, dataType);
        this.conf = conf;
    }

    /** The forward computation, shared with {@link AttentionVertex#weights}. */
    static Attended attend(AttentionVertex conf, Map<String, INDArray> params, INDArray queries, INDArray keys, INDArray mask) {
        INDArray projected = null;
        INDArray hidden = null;
        INDArray scores;
        switch (conf.getScore()) {
            case DOT -> scores = Nd4j.matmul(queries, keys, true, false, false);
            case GENERAL -> {
                projected = project(queries, params.get("W"));
                scores = Nd4j.matmul(projected, keys);
            }
            case ADDITIVE -> {
                long batch = queries.size(0);
                long tq = queries.size(2);
                long tk = keys.size(2);
                long a = conf.getAttentionSize();
                INDArray q = project(queries, params.get("Wq")).reshape('c', batch, tq, 1, a);
                INDArray k = project(keys, params.get("Wk")).reshape('c', batch, 1, tk, a);
                hidden = Transforms.tanh(Nd4j.exec(new AddOp(q, k))[0], false);
                scores = hidden.reshape('c', batch * tq * tk, a).mmul(params.get("v").transpose()).reshape('c', batch, tq, tk);
            }
            default -> throw new IllegalStateException("unknown score " + conf.getScore());
        }
        if (mask != null) {
            // a large negative score makes the softmax weight of a masked step exactly zero
            INDArray penalty = mask.castTo(scores.dataType()).sub(1.0).muli(1e9).reshape(scores.size(0), 1, scores.size(2));
            scores = Nd4j.exec(new AddOp(scores, penalty))[0];
        }
        INDArray alpha = Nd4j.exec(new SoftMax(scores, 2))[0];
        INDArray context = Nd4j.matmul(keys, alpha, false, true, false);
        return new Attended(alpha, context, projected, hidden);
    }

    /** [batch, F, T] times [F, A] at every step: [batch, T, A]. */
    private static INDArray project(INDArray seq, INDArray w) {
        long batch = seq.size(0);
        long steps = seq.size(2);
        return flatSteps(seq).mmul(w).reshape('c', batch, steps, w.size(1));
    }

    /** [batch, F, T] as [batch * T, F]. */
    private static INDArray flatSteps(INDArray seq) {
        return seq.permute(0, 2, 1).dup('c').reshape('c', seq.size(0) * seq.size(2), seq.size(1));
    }

    /** Backprop through {@link #project}: adds dL/dW into {@code wGrad}, returns dL/dseq as [batch, F, T]. */
    private static INDArray projectBack(INDArray seq, INDArray w, INDArray dProjected, INDArray wGrad) {
        INDArray dFlat = dProjected.dup('c').reshape('c', seq.size(0) * seq.size(2), w.size(1));
        wGrad.addi(flatSteps(seq).transpose().mmul(dFlat));
        return dFlat.mmul(w.transpose()).reshape('c', seq.size(0), seq.size(2), seq.size(1)).permute(0, 2, 1);
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        INDArray context = attend(conf, params, inputs[0], inputs[1], keyMask).context();
        return workspaceMgr.dup(ArrayType.ACTIVATIONS, context);
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        INDArray queries = inputs[0];
        INDArray keys = inputs[1];
        Attended f = attend(conf, params, queries, keys, keyMask);
        INDArray dContext = epsilon;
        INDArray dAlpha = Nd4j.matmul(dContext, keys, true, false, false);
        INDArray dKeys = Nd4j.matmul(dContext, f.alpha());
        // softmax: dS = alpha * (dAlpha - sum_j dAlpha * alpha)
        INDArray weighted = dAlpha.mul(f.alpha()).sum(true, 2);
        INDArray dScores = Nd4j.exec(new SubOp(dAlpha, weighted))[0].muli(f.alpha());
        gradients.values().forEach(g -> g.assign(0));
        INDArray dQueries;
        switch (conf.getScore()) {
            case DOT -> {
                dQueries = Nd4j.matmul(keys, dScores, false, true, false);
                dKeys.addi(Nd4j.matmul(queries, dScores));
            }
            case GENERAL -> {
                INDArray dProjected = Nd4j.matmul(dScores, keys, false, true, false);
                dKeys.addi(Nd4j.matmul(f.projected(), dScores, true, false, false));
                dQueries = projectBack(queries, params.get("W"), dProjected, gradients.get("W"));
            }
            case ADDITIVE -> {
                long a = conf.getAttentionSize();
                INDArray hidden = f.hidden();
                long n = hidden.length() / a;
                INDArray hidden2d = hidden.reshape('c', n, a);
                INDArray dScoresCol = dScores.dup('c').reshape('c', n, 1);
                gradients.get("v").addi(dScoresCol.transpose().mmul(hidden2d));
                // d pre-activation = dScores * v * (1 - hidden^2)
                INDArray dPre = dScoresCol.mmul(params.get("v")).muli(hidden2d.mul(hidden2d).rsubi(1.0))
                        .reshape('c', hidden.shape());
                dQueries = projectBack(queries, params.get("Wq"), dPre.sum(2), gradients.get("Wq"));
                dKeys.addi(projectBack(keys, params.get("Wk"), dPre.sum(1), gradients.get("Wk")));
            }
            default -> throw new IllegalStateException("unknown score " + conf.getScore());
        }
        return new Pair<>(gradient(), new INDArray[] {
                workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, dQueries, 'c'),
                workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, dKeys, 'c')});
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState, int minibatchSize) {
        keyMask = maskArrays == null ? null : maskArrays[1];
        // one output step per query step
        return new Pair<>(maskArrays == null ? null : maskArrays[0], currentMaskState);
    }

    @Override
    public void clear() {
        super.clear();
        // the graph clears masks only on layers; a mask left here would leak into the next unmasked call
        keyMask = null;
    }

    @Override
    public String toString() {
        return "AttentionGraphVertex(" + vertexName + ", " + conf.getScore() + ")";
    }
}
