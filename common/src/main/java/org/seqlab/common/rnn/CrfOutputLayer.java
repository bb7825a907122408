package org.seqlab.common.rnn;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.TimeSeriesUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.OneHot;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The layer of {@link CrfOutput}. Per step the input is projected to tag scores (the emissions); the loss of a
 * sequence is {@code log Z - score(gold tags)}, where a tag sequence's score is the sum of its emissions and its
 * transitions (start and end included) and Z sums exp(score) over all tag sequences ({@link CrfChain}). Its
 * gradient with respect to the emissions is each step's tag marginals minus the gold one-hot, with respect to the
 * transitions their expected counts minus the gold counts. As DL4J's output layers, the gradient is of the loss
 * summed over the batch and the score is its mean per sequence.
 */
public class CrfOutputLayer extends LossCachingOutputLayer {
    /** Java loops, or ND4J operations over the batch (package-private: tests compare the two). */
    boolean javaLoops = Boolean.parseBoolean(System.getProperty("seqlab.vector", "true"));
    /** The loss of the latest backprop, per sequence. */
    private double[] lossPerSequence;

    public CrfOutputLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /**
     * The steps the chain links: the label mask, or else the input's mask when the network passed it on; null = every
     * step. A MultiLayerNetwork does not pass the input's mask to its output layer, so predictions on padded batches
     * give the label mask ({@code output(input, false, featuresMask, labelsMask)}), as the tagger does.
     */
    private INDArray chainMask() {
        if (maskArray != null) {
            return maskArray;
        }
        return inputMaskArrayState == MaskState.Active ? inputMaskArray : null;
    }

    private void checkShapes() {
        INDArray mask = chainMask();
        if (input.rank() != 3 || (labels != null && labels.rank() != 3) || (mask != null && !mask.isColumnVector())) {
            throw new IllegalStateException("CRF output layer: needs 3-d input and labels [batch, size, time] and at "
                    + "most one mask value per time step; got input " + java.util.Arrays.toString(input.shape()));
        }
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        forgetLoss();
        assertInputSet(true);
        checkShapes();
        INDArray input3d = input;
        int batch = (int) input3d.size(0);
        INDArray w = getParamWithNoise(CrfParamInitializer.WEIGHT_KEY, true, workspaceMgr);
        input = TimeSeriesUtils.reshape3dTo2d(input3d.castTo(w.dataType()), workspaceMgr, ArrayType.BP_WORKING_MEM);
        applyDropOutIfNecessary(true, workspaceMgr);
        INDArray x = input;
        INDArray emissions = emissions(x, w, getParamWithNoise(CrfParamInitializer.BIAS_KEY, true, workspaceMgr),
                workspaceMgr, ArrayType.BP_WORKING_MEM);
        INDArray transitions = getParamWithNoise(CrfParamInitializer.TRANSITION_KEY, true, workspaceMgr);
        CrfChain.Posteriors posteriors = posteriors(emissions, transitions, batch);
        int[] gold = goldTags(workspaceMgr, ArrayType.BP_WORKING_MEM);
        Gold goldScores = gold(emissions, transitions, gold, batch);
        lossPerSequence = losses(posteriors, goldScores);

        // d loss / d emissions = marginals - gold one-hot, on real steps (the marginals are zero on masked ones)
        INDArray delta = posteriors.marginals().subi(oneHot(gold, emissions));
        Gradient gradient = new DefaultGradient();
        INDArray weightGradient = gradientViews.get(CrfParamInitializer.WEIGHT_KEY);
        DirectGemm.gemm(x, delta, weightGradient, true, false, 1.0, 0.0);
        gradient.gradientForVariable().put(CrfParamInitializer.WEIGHT_KEY, weightGradient);
        INDArray biasGradient = gradientViews.get(CrfParamInitializer.BIAS_KEY);
        delta.sum(biasGradient, 0);
        gradient.gradientForVariable().put(CrfParamInitializer.BIAS_KEY, biasGradient);
        INDArray transitionGradient = gradientViews.get(CrfParamInitializer.TRANSITION_KEY);
        transitionGradient.assign(posteriors.expectedTransitions().sub(goldScores.transitionCounts));
        gradient.gradientForVariable().put(CrfParamInitializer.TRANSITION_KEY, transitionGradient);

        return new Pair<>(gradient, finishBackprop(gradient, delta, w, input3d, workspaceMgr));
    }

    /** Tag scores per step, C order [steps * batch, tags], row {@code t * batch + b}. */
    private INDArray emissions(INDArray x, INDArray w, INDArray bias, LayerWorkspaceMgr workspaceMgr, ArrayType type) {
        INDArray emissions = workspaceMgr.createUninitialized(type, w.dataType(), new long[] {x.size(0), w.size(1)}, 'c');
        DirectGemm.gemm(x, w, emissions, false, false, 1.0, 0.0);
        return emissions.addiRowVector(bias);
    }

    private CrfChain.Posteriors posteriors(INDArray emissions, INDArray transitions, int batch) {
        return javaLoops ? CrfChain.loops(emissions, chainMask(), transitions, batch)
                : CrfChain.nd4j(emissions, chainMask(), transitions, batch);
    }

    /** The gold tag of each row (one-hot or id labels), row {@code t * batch + b}. */
    private int[] goldTags(LayerWorkspaceMgr workspaceMgr, ArrayType type) {
        INDArray labels2d = TimeSeriesUtils.reshape3dTo2d(labels, workspaceMgr, type);
        INDArray ids = labels2d.size(1) == 1 ? labels2d : Nd4j.argMax(labels2d, 1);
        return ids.castTo(DataType.INT).reshape(labels2d.size(0)).toIntVector();
    }

    private INDArray oneHot(int[] gold, INDArray emissions) {
        INDArray oneHot = Nd4j.exec(new OneHot(Nd4j.createFromArray(gold), (int) emissions.size(1), 1, 1.0, 0.0,
                emissions.dataType()))[0];
        INDArray mask = chainMask();
        return mask == null ? oneHot : oneHot.muliColumnVector(mask.castTo(emissions.dataType()));
    }

    /** Each sequence's gold score and the batch's gold transition counts [tags + 1, tags + 1]. */
    private record Gold(double[] scores, INDArray transitionCounts) {
    }

    private Gold gold(INDArray emissions, INDArray transitions, int[] gold, int batch) {
        int rows = (int) emissions.size(0);
        int tags = (int) emissions.size(1);
        int n1 = tags + 1;
        double[] e = CrfChain.onHost(emissions);
        float[] mask = CrfChain.rowMask(chainMask());
        double[] tr = CrfChain.onHost(transitions);
        double[] scores = new double[batch];
        double[] counts = new double[n1 * n1];
        for (int b = 0; b < batch; b++) {
            int previous = tags;
            for (int r = b; r < rows; r += batch) {
                if (mask != null && mask[r] == 0) {
                    continue;
                }
                int tag = gold[r];
                if (tag < 0 || tag >= tags) {
                    throw new IllegalArgumentException("CRF output layer: label " + tag + " is not one of " + tags + " tags");
                }
                scores[b] += e[r * tags + tag] + tr[previous * n1 + tag];
                counts[previous * n1 + tag]++;
                previous = tag;
            }
            if (previous != tags) {
                scores[b] += tr[previous * n1 + tags];
                counts[previous * n1 + tags]++;
            }
        }
        return new Gold(scores, Nd4j.create(counts, new long[] {n1, n1}, 'c').castTo(emissions.dataType()));
    }

    /** Each step's tag marginals [batch, tags, T], zero on masked steps. */
    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        checkShapes();
        INDArray marginals = posteriors(inferenceEmissions(workspaceMgr), getParam(CrfParamInitializer.TRANSITION_KEY),
                (int) input.size(0)).marginals();
        return TimeSeriesUtils.reshape2dTo3d(marginals, input.size(0), workspaceMgr, ArrayType.ACTIVATIONS);
    }

    private INDArray inferenceEmissions(LayerWorkspaceMgr workspaceMgr) {
        return inferenceEmissions(input, workspaceMgr);
    }

    private INDArray inferenceEmissions(INDArray input3d, LayerWorkspaceMgr workspaceMgr) {
        INDArray w = getParam(CrfParamInitializer.WEIGHT_KEY);
        INDArray x = TimeSeriesUtils.reshape3dTo2d(input3d.castTo(w.dataType()), workspaceMgr, ArrayType.FF_WORKING_MEM);
        return emissions(x, w, getParam(CrfParamInitializer.BIAS_KEY), workspaceMgr, ArrayType.FF_WORKING_MEM);
    }

    /**
     * The highest-scoring tag sequence of each sequence (Viterbi decoding), from this layer's input
     * {@code [batch, size, T]} and the steps to link ({@code [batch, T]}, null = every step; as the label mask):
     * {@code [batch][T]} tag ids, -1 on masked steps. Unlike the marginals {@link #activate} gives, the sequence is
     * consistent as a whole (never a transition the CRF has learned to rule out, such as O followed by I-PER).
     */
    public int[][] viterbi(INDArray input3d, INDArray mask) {
        if (input3d.rank() != 3 || (mask != null && (mask.rank() != 2 || mask.size(0) != input3d.size(0)
                || mask.size(1) != input3d.size(2)))) {
            throw new IllegalArgumentException("CRF Viterbi: needs input [batch, size, time] and a mask [batch, time]");
        }
        LayerWorkspaceMgr noWorkspaces = LayerWorkspaceMgr.noWorkspaces();
        int batch = (int) input3d.size(0);
        int steps = (int) input3d.size(2);
        INDArray rowMask = mask == null ? null
                : TimeSeriesUtils.reshapeTimeSeriesMaskToVector(mask, noWorkspaces, ArrayType.FF_WORKING_MEM);
        int[] best = CrfChain.viterbi(inferenceEmissions(input3d, noWorkspaces), rowMask,
                getParam(CrfParamInitializer.TRANSITION_KEY), batch);
        int[][] paths = new int[batch][steps];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                paths[b][t] = best[t * batch + b];
            }
        }
        return paths;
    }

    /** The loss of each sequence from the current input and labels (no dropout). */
    private double[] lossPerSequence(LayerWorkspaceMgr workspaceMgr) {
        checkShapes();
        int batch = (int) input.size(0);
        INDArray emissions = inferenceEmissions(workspaceMgr);
        INDArray transitions = getParam(CrfParamInitializer.TRANSITION_KEY);
        return losses(posteriors(emissions, transitions, batch),
                gold(emissions, transitions, goldTags(workspaceMgr, ArrayType.FF_WORKING_MEM), batch));
    }

    /** Each sequence's loss, {@code log Z - score(gold tags)}. */
    private static double[] losses(CrfChain.Posteriors posteriors, Gold gold) {
        double[] loss = posteriors.logPartition().castTo(DataType.DOUBLE).toDoubleVector();
        for (int b = 0; b < loss.length; b++) {
            loss[b] -= gold.scores[b];
        }
        return loss;
    }

    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr workspaceMgr) {
        double sum = 0;
        for (double loss : lossIsCurrent() ? lossPerSequence : lossPerSequence(workspaceMgr)) {
            sum += loss;
        }
        double score = conf().isMiniBatch() ? sum / input.size(0) : sum;
        this.score = score + fullNetRegTerm;
        return this.score;
    }

    @Override
    public INDArray computeScoreForExamples(double fullNetRegTerm, LayerWorkspaceMgr workspaceMgr) {
        double[] loss = lossPerSequence(workspaceMgr);
        INDArray scores = Nd4j.createFromArray(loss).castTo(dataType).reshape(loss.length, 1);
        return fullNetRegTerm == 0 ? scores : scores.addi(fullNetRegTerm);
    }
}
