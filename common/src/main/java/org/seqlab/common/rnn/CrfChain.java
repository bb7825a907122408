package org.seqlab.common.rnn;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.custom.LogSumExp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Forward-backward over a linear-chain CRF (Lafferty et al. 2001) for a batch of tag sequences: the log partition
 * function of each sequence, each step's tag marginals and the expected count of every transition, from which
 * {@link CrfOutputLayer} makes the loss and its gradient, and the Viterbi decoding of the best tag sequence. Two paths that compute the same: Java loops over each
 * sequence (the default; 12 tags make [tags x tags] steps too small for array operations to pay) and ND4J operations over
 * the whole batch a step at a time (for a backend whose arrays are not on the host; {@code -Dseqlab.vector=false}).
 *
 * <p>Layout: emissions are a C-order [steps * batch, tags] array whose row {@code t * batch + b} is step t of
 * sequence b (DL4J's 3-d to 2-d reshape), the mask one value per row (null = all real). Transitions are a
 * [tags + 1, tags + 1] array: entry (i, j) scores tag i followed by tag j; row {@code tags} is the start (the score
 * of a sequence's first tag), column {@code tags} the end (of its last). Masked steps are skipped: the chain links
 * each sequence's real steps in order.
 */
final class CrfChain {
    private CrfChain() {
    }

    /**
     * @param logPartition        [batch]: log of the sum over all tag sequences of exp(score); 0 for a sequence
     *                            with no real step
     * @param marginals           [steps * batch, tags], C order: P(tag at the step), zero on masked steps
     * @param expectedTransitions [tags + 1, tags + 1]: the expected count of each transition, start and end included,
     *                            summed over the batch
     */
    record Posteriors(INDArray logPartition, INDArray marginals, INDArray expectedTransitions) {
    }

    /**
     * Java loops over each sequence's real steps, in double precision and in scaled probabilities rather than logs
     * (Rabiner 1989): each step's forward vector is normalised to sum 1 and the scales' logs add up to log Z, so
     * the inner loops multiply instead of calling {@code exp} for every pair of tags.
     */
    static Posteriors loops(INDArray emissions, INDArray mask, INDArray transitions, int batch) {
        int rows = (int) emissions.size(0);
        int tags = (int) emissions.size(1);
        int steps = rows / batch;
        double[] e = onHost(emissions);
        float[] m = rowMask(mask);
        int n1 = tags + 1;
        double[] tr = onHost(transitions);
        // exp of the transitions less their maximum, which each of a sequence's length + 1 transitions gives back
        double trMax = Double.NEGATIVE_INFINITY;
        for (double v : tr) {
            trMax = Math.max(trMax, v);
        }
        double[] a = new double[n1 * n1];
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.exp(tr[i] - trMax);
        }
        double[] logZ = new double[batch];
        double[] marginals = new double[rows * tags];
        double[] expected = new double[n1 * n1];
        int[] real = new int[steps];
        double[] em = new double[steps * tags];
        double[] scale = new double[steps];
        double[] alpha = new double[steps * tags];
        double[] beta = new double[steps * tags];
        for (int b = 0; b < batch; b++) {
            int length = realRows(m, b, batch, real);
            if (length == 0) {
                continue;
            }
            double z = (length + 1) * trMax;
            for (int s = 0; s < length; s++) {
                int base = real[s] * tags;
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < tags; j++) {
                    max = Math.max(max, e[base + j]);
                }
                for (int j = 0; j < tags; j++) {
                    em[s * tags + j] = Math.exp(e[base + j] - max);
                }
                z += max;
            }
            for (int s = 0; s < length; s++) {
                double sum = 0;
                for (int j = 0; j < tags; j++) {
                    double v;
                    if (s == 0) {
                        v = a[tags * n1 + j];
                    } else {
                        v = 0;
                        for (int i = 0; i < tags; i++) {
                            v += alpha[(s - 1) * tags + i] * a[i * n1 + j];
                        }
                    }
                    v *= em[s * tags + j];
                    alpha[s * tags + j] = v;
                    sum += v;
                }
                for (int j = 0; j < tags; j++) {
                    alpha[s * tags + j] /= sum;
                }
                scale[s] = sum;
                z += Math.log(sum);
            }
            int last = length - 1;
            double endSum = 0;
            for (int j = 0; j < tags; j++) {
                endSum += alpha[last * tags + j] * a[j * n1 + tags];
            }
            z += Math.log(endSum);
            logZ[b] = z;
            for (int i = 0; i < tags; i++) {
                beta[last * tags + i] = a[i * n1 + tags] / endSum;
            }
            for (int s = last - 1; s >= 0; s--) {
                for (int i = 0; i < tags; i++) {
                    double v = 0;
                    for (int j = 0; j < tags; j++) {
                        v += a[i * n1 + j] * em[(s + 1) * tags + j] * beta[(s + 1) * tags + j];
                    }
                    beta[s * tags + i] = v / scale[s + 1];
                }
            }
            for (int s = 0; s < length; s++) {
                for (int j = 0; j < tags; j++) {
                    double p = alpha[s * tags + j] * beta[s * tags + j];
                    marginals[real[s] * tags + j] = p;
                    if (s == 0) {
                        expected[tags * n1 + j] += p;
                    }
                    if (s == last) {
                        expected[j * n1 + tags] += p;
                    }
                }
                if (s > 0) {
                    for (int j = 0; j < tags; j++) {
                        double right = em[s * tags + j] * beta[s * tags + j] / scale[s];
                        for (int i = 0; i < tags; i++) {
                            expected[i * n1 + j] += alpha[(s - 1) * tags + i] * a[i * n1 + j] * right;
                        }
                    }
                }
            }
        }
        return new Posteriors(Nd4j.createFromArray(logZ).castTo(emissions.dataType()),
                Nd4j.create(marginals, new long[] {rows, tags}, 'c').castTo(emissions.dataType()),
                Nd4j.create(expected, new long[] {n1, n1}, 'c').castTo(emissions.dataType()));
    }

    /**
     * ND4J operations over the batch, one step at a time. A sequence that has not started yet (or has no real step
     * after the current one) takes the start (end) scores instead of the chain's; masked steps carry the previous
     * state, so the chain skips them as the loops do. Exponents are multiplied by their 0/1 weight before
     * {@code exp}, so a masked row's carried scores can never overflow into inf x 0.
     */
    static Posteriors nd4j(INDArray emissions, INDArray mask, INDArray transitions, int batch) {
        DataType type = emissions.dataType();
        int rows = (int) emissions.size(0);
        int tags = (int) emissions.size(1);
        int steps = rows / batch;
        INDArray e = emissions.dup('c').reshape('c', steps, batch, tags);
        INDArray m = mask == null ? Nd4j.ones(type, steps, batch, 1)
                : mask.castTo(type).dup('c').reshape('c', steps, batch, 1);
        INDArray tr = transitions.castTo(type);
        INDArray inner = tr.get(NDArrayIndex.interval(0, tags), NDArrayIndex.interval(0, tags)).dup('c');
        INDArray start = tr.get(NDArrayIndex.point(tags), NDArrayIndex.interval(0, tags)).dup('c').reshape(1, tags);
        INDArray end = tr.get(NDArrayIndex.interval(0, tags), NDArrayIndex.point(tags)).dup('c').reshape(1, tags);
        INDArray inner3 = inner.reshape(1, tags, tags);

        INDArray[] alphaBefore = new INDArray[steps];
        INDArray[] startedBefore = new INDArray[steps];
        INDArray[] alphas = new INDArray[steps];
        INDArray alpha = Nd4j.zeros(type, batch, tags);
        INDArray started = Nd4j.zeros(type, batch, 1);
        for (int t = 0; t < steps; t++) {
            INDArray mt = m.get(NDArrayIndex.point(t)).reshape(batch, 1);
            INDArray fromChain = logSumExp(alpha.reshape(batch, tags, 1).add(inner3), 1);
            INDArray candidate = fromChain.mul(started).add(start.mul(started.rsub(1))).addi(row(e, t, batch, tags));
            alphaBefore[t] = alpha;
            startedBefore[t] = started;
            alpha = candidate.mul(mt).addi(alpha.mul(mt.rsub(1)));
            alphas[t] = alpha;
            started = Transforms.max(started, mt, true);
        }
        INDArray logZ = logSumExp(alpha.add(end), 1).reshape(batch, 1).muli(started);

        INDArray[] betas = new INDArray[steps];
        INDArray[] laterBefore = new INDArray[steps];
        INDArray next = Nd4j.zeros(type, batch, tags);
        INDArray later = Nd4j.zeros(type, batch, 1);
        for (int t = steps - 1; t >= 0; t--) {
            INDArray mt = m.get(NDArrayIndex.point(t)).reshape(batch, 1);
            INDArray fromChain = logSumExp(inner3.add(next.reshape(batch, 1, tags)), 2);
            INDArray betaT = fromChain.mul(later).addi(end.mul(later.rsub(1)));
            betas[t] = betaT;
            laterBefore[t] = later;
            next = row(e, t, batch, tags).add(betaT).muli(mt).addi(next.mul(mt.rsub(1)));
            later = Transforms.max(later, mt, true);
        }

        INDArray marginals = Nd4j.create(type, steps, batch, tags);
        INDArray expected = Nd4j.zeros(type, tags + 1, tags + 1);
        INDArray expectedInner = Nd4j.zeros(type, tags, tags);
        INDArray expectedStart = Nd4j.zeros(type, 1, tags);
        INDArray expectedEnd = Nd4j.zeros(type, 1, tags);
        for (int t = 0; t < steps; t++) {
            INDArray mt = m.get(NDArrayIndex.point(t)).reshape(batch, 1);
            INDArray p = weightedExp(alphas[t].add(betas[t]).subi(logZ), mt);
            marginals.get(NDArrayIndex.point(t)).assign(p);
            expectedStart.addi(p.mul(startedBefore[t].rsub(1)).sum(true, 0));
            expectedEnd.addi(p.mul(laterBefore[t].rsub(1)).sum(true, 0));
            INDArray pairWeight = mt.mul(startedBefore[t]).reshape(batch, 1, 1);
            INDArray pairScore = alphaBefore[t].reshape(batch, tags, 1).add(inner3)
                    .add(row(e, t, batch, tags).add(betas[t]).subi(logZ).reshape(batch, 1, tags));
            expectedInner.addi(weightedExp(pairScore, pairWeight).sum(0));
        }
        expected.get(NDArrayIndex.interval(0, tags), NDArrayIndex.interval(0, tags)).assign(expectedInner);
        expected.get(NDArrayIndex.point(tags), NDArrayIndex.interval(0, tags)).assign(expectedStart.reshape(tags));
        expected.get(NDArrayIndex.interval(0, tags), NDArrayIndex.point(tags)).assign(expectedEnd.reshape(tags));
        return new Posteriors(logZ.reshape(batch), marginals.reshape('c', rows, tags), expected);
    }

    /**
     * The highest-scoring tag sequence of each sequence (Viterbi): the best tag of each row, -1 on masked rows. Java
     * loops on host copies for every backend: decoding happens once per sentence, not in a training step.
     */
    static int[] viterbi(INDArray emissions, INDArray mask, INDArray transitions, int batch) {
        int rows = (int) emissions.size(0);
        int tags = (int) emissions.size(1);
        int steps = rows / batch;
        double[] e = onHost(emissions);
        float[] m = rowMask(mask);
        int n1 = tags + 1;
        double[] tr = onHost(transitions);
        int[] best = new int[rows];
        Arrays.fill(best, -1);
        int[] real = new int[steps];
        double[] score = new double[tags];
        double[] next = new double[tags];
        int[] backPointer = new int[steps * tags];
        for (int b = 0; b < batch; b++) {
            int length = realRows(m, b, batch, real);
            if (length == 0) {
                continue;
            }
            for (int j = 0; j < tags; j++) {
                score[j] = tr[tags * n1 + j] + e[real[0] * tags + j];
            }
            for (int s = 1; s < length; s++) {
                for (int j = 0; j < tags; j++) {
                    int argMax = 0;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int i = 0; i < tags; i++) {
                        double v = score[i] + tr[i * n1 + j];
                        if (v > max) {
                            max = v;
                            argMax = i;
                        }
                    }
                    next[j] = max + e[real[s] * tags + j];
                    backPointer[s * tags + j] = argMax;
                }
                System.arraycopy(next, 0, score, 0, tags);
            }
            int tag = 0;
            for (int j = 1; j < tags; j++) {
                if (score[j] + tr[j * n1 + tags] > score[tag] + tr[tag * n1 + tags]) {
                    tag = j;
                }
            }
            for (int s = length - 1; s >= 0; s--) {
                best[real[s]] = tag;
                tag = backPointer[s * tags + tag];
            }
        }
        return best;
    }

    /** A copy on the host, in C order and double precision, of any array. */
    static double[] onHost(INDArray array) {
        return array.castTo(DataType.DOUBLE).dup('c').reshape(array.length()).toDoubleVector();
    }

    /** The mask as one value per row on the host; null (every row real) stays null. */
    static float[] rowMask(INDArray mask) {
        return mask == null ? null : mask.castTo(DataType.FLOAT).reshape(mask.length()).toFloatVector();
    }

    /** Fills {@code real} with sequence b's unmasked rows ({@code t * batch + b}) in order; returns how many. */
    private static int realRows(float[] mask, int b, int batch, int[] real) {
        int length = 0;
        for (int t = 0; t < real.length; t++) {
            if (mask == null || mask[t * batch + b] != 0) {
                real[length++] = t * batch + b;
            }
        }
        return length;
    }

    private static INDArray row(INDArray e, int t, int batch, int tags) {
        return e.get(NDArrayIndex.point(t)).reshape(batch, tags);
    }

    private static INDArray logSumExp(INDArray x, int dimension) {
        return Nd4j.exec(new LogSumExp(x, dimension))[0];
    }

    /** {@code exp(x w) w} with w in {0, 1} broadcast over x: exp(x) where w is 1, exactly 0 where it is 0. */
    private static INDArray weightedExp(INDArray x, INDArray w) {
        return Transforms.exp(x.mul(w), false).muli(w);
    }
}
