package org.seqlab.common.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * The CRF's forward-backward against brute force over every tag sequence (both paths, masks with a gap and an empty
 * sequence), its gradients against finite differences, padding that changes nothing, a JSON round trip, and
 * learning what a per-step softmax cannot: tags whose order alone decides them.
 */
class CrfOutputLayerTest {
    private static final int TAGS = 3;

    /** Emissions [steps * batch, tags] (row t * batch + b), a mask and transitions, random but fixed. */
    private record Chain(INDArray emissions, INDArray mask, INDArray transitions, int batch, int steps) {
        double emission(int t, int b, int tag) {
            return emissions.getDouble((long) t * batch + b, tag);
        }

        boolean real(int t, int b) {
            return mask == null || mask.getDouble((long) t * batch + b, 0) != 0;
        }
    }

    private static Chain chain(long seed, boolean masked) {
        int batch = 4;
        int steps = 4;
        Nd4j.getRandom().setSeed(seed);
        INDArray emissions = Nd4j.randn(DataType.DOUBLE, (long) steps * batch, TAGS).muli(2);
        INDArray transitions = Nd4j.randn(DataType.DOUBLE, TAGS + 1, TAGS + 1);
        INDArray mask = null;
        if (masked) {
            // lengths 4 and 2, a gap at step 1, and no real step at all
            float[][] byStep = {{1, 1, 1, 0}, {1, 1, 0, 0}, {1, 0, 1, 0}, {1, 0, 1, 0}};
            mask = Nd4j.create(DataType.DOUBLE, (long) steps * batch, 1);
            for (int t = 0; t < steps; t++) {
                for (int b = 0; b < batch; b++) {
                    mask.putScalar((long) t * batch + b, 0, byStep[t][b]);
                }
            }
        }
        return new Chain(emissions, mask, transitions, batch, steps);
    }

    /** Every tag sequence of sequence b's real steps with its score: log Z, marginals, expected transitions. */
    private static void bruteForce(Chain c, int b, double[] logZ, double[][] marginals, double[][] expected) {
        List<Integer> real = new ArrayList<>();
        for (int t = 0; t < c.steps; t++) {
            if (c.real(t, b)) {
                real.add(t);
            }
        }
        if (real.isEmpty()) {
            return;
        }
        int n = real.size();
        int paths = (int) Math.pow(TAGS, n);
        double[] scores = new double[paths];
        double max = Double.NEGATIVE_INFINITY;
        for (int p = 0; p < paths; p++) {
            int[] tags = decode(p, n);
            double s = c.transitions.getDouble(TAGS, tags[0]) + c.transitions.getDouble(tags[n - 1], TAGS);
            for (int k = 0; k < n; k++) {
                s += c.emission(real.get(k), b, tags[k]);
                if (k > 0) {
                    s += c.transitions.getDouble(tags[k - 1], tags[k]);
                }
            }
            scores[p] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (double s : scores) {
            sum += Math.exp(s - max);
        }
        double z = max + Math.log(sum);
        logZ[b] = z;
        for (int p = 0; p < paths; p++) {
            double prob = Math.exp(scores[p] - z);
            int[] tags = decode(p, n);
            for (int k = 0; k < n; k++) {
                marginals[real.get(k) * c.batch + b][tags[k]] += prob;
                int from = k == 0 ? TAGS : tags[k - 1];
                expected[from][tags[k]] += prob;
            }
            expected[tags[n - 1]][TAGS] += prob;
        }
    }

    private static int[] decode(int path, int n) {
        int[] tags = new int[n];
        for (int k = 0; k < n; k++) {
            tags[k] = path % TAGS;
            path /= TAGS;
        }
        return tags;
    }

    @Test
    void forwardBackwardEqualsBruteForceOnBothPaths() {
        for (boolean masked : new boolean[] {false, true}) {
            Chain c = chain(masked ? 5 : 4, masked);
            double[] logZ = new double[c.batch];
            double[][] marginals = new double[c.steps * c.batch][TAGS];
            double[][] expected = new double[TAGS + 1][TAGS + 1];
            for (int b = 0; b < c.batch; b++) {
                bruteForce(c, b, logZ, marginals, expected);
            }
            for (boolean loops : new boolean[] {true, false}) {
                CrfChain.Posteriors p = loops ? CrfChain.loops(c.emissions, c.mask, c.transitions, c.batch)
                        : CrfChain.nd4j(c.emissions, c.mask, c.transitions, c.batch);
                String what = (loops ? "loops" : "ND4J") + (masked ? ", masked" : "");
                assertEquals(0, Nd4j.createFromArray(logZ).sub(p.logPartition()).amaxNumber().doubleValue(), 1e-9,
                        what + ": log Z");
                assertEquals(0, Nd4j.createFromArray(marginals).sub(p.marginals().castTo(DataType.DOUBLE))
                        .amaxNumber().doubleValue(), 1e-6, what + ": marginals");
                assertEquals(0, Nd4j.createFromArray(expected).sub(p.expectedTransitions().castTo(DataType.DOUBLE))
                        .amaxNumber().doubleValue(), 1e-6, what + ": expected transitions");
            }
            if (masked) {
                assertEquals(0, logZ[3], "the sequence with no real step has nothing to score");
            }
        }
    }

    /** The highest-scoring tag sequence of sequence b's real steps, by scoring every one; -1 on masked steps. */
    private static int[] bestByBruteForce(Chain c, int b) {
        List<Integer> real = new ArrayList<>();
        for (int t = 0; t < c.steps; t++) {
            if (c.real(t, b)) {
                real.add(t);
            }
        }
        int[] best = new int[c.steps];
        Arrays.fill(best, -1);
        int n = real.size();
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int p = 0; n > 0 && p < (int) Math.pow(TAGS, n); p++) {
            int[] tags = decode(p, n);
            double s = c.transitions.getDouble(TAGS, tags[0]) + c.transitions.getDouble(tags[n - 1], TAGS);
            for (int k = 0; k < n; k++) {
                s += c.emission(real.get(k), b, tags[k]) + (k > 0 ? c.transitions.getDouble(tags[k - 1], tags[k]) : 0);
            }
            if (s > bestScore) {
                bestScore = s;
                for (int k = 0; k < n; k++) {
                    best[real.get(k)] = tags[k];
                }
            }
        }
        return best;
    }

    @Test
    void viterbiFindsTheBestSequenceThatBruteForceFinds() {
        for (long seed = 20; seed < 30; seed++) {
            boolean masked = seed % 2 == 1;
            Chain c = chain(seed, masked);
            int[] rows = CrfChain.viterbi(c.emissions, c.mask, c.transitions, c.batch);
            for (int b = 0; b < c.batch; b++) {
                int[] byRow = new int[c.steps];
                for (int t = 0; t < c.steps; t++) {
                    byRow[t] = rows[t * c.batch + b];
                }
                assertArrayEquals(bestByBruteForce(c, b), byRow, "seed " + seed + ", sequence " + b);
            }
        }
    }

    @Test
    void viterbiOfAPaddedBatchEqualsEachSequenceAloneAndRulesOutForbiddenTransitions() {
        MultiLayerNetwork net = net(CrfOutput.of(FEATURES, TAGS), DataType.FLOAT, false, FEATURES);
        net.setParams(net.params().addi(Nd4j.randn(DataType.FLOAT, net.params().shape())));
        CrfOutputLayer crf = (CrfOutputLayer) net.getLayer(0);
        Nd4j.getRandom().setSeed(9);
        INDArray input = Nd4j.randn(DataType.FLOAT, BATCH, FEATURES, STEPS);
        int[] lengths = {6, 3, 5, 2};
        int[][] batched = crf.viterbi(input, prefixMask(lengths).castTo(DataType.FLOAT));
        for (int b = 0; b < BATCH; b++) {
            INDArray one = input.get(NDArrayIndex.interval(b, b + 1), NDArrayIndex.all(),
                    NDArrayIndex.interval(0, lengths[b])).dup();
            int[] alone = crf.viterbi(one, null)[0];
            assertArrayEquals(alone, Arrays.copyOf(batched[b], lengths[b]), "sequence " + b);
            for (int t = lengths[b]; t < STEPS; t++) {
                assertEquals(-1, batched[b][t], "a padded step has no tag");
            }
        }
        // tag 0 then tag 1 is ruled out. The first word favours tag 0, the second tag 1: each step's most probable tag
        // (posterior decoding) gives exactly the forbidden pair, Viterbi a sequence the CRF allows
        crf.getParam(CrfParamInitializer.TRANSITION_KEY).assign(0).putScalar(0, 1, -1e4);
        crf.getParam(CrfParamInitializer.BIAS_KEY).assign(0);
        crf.getParam(CrfParamInitializer.WEIGHT_KEY).assign(0).putScalar(0, 0, 5).putScalar(1, 1, 5);
        INDArray twoWords = Nd4j.zeros(DataType.FLOAT, 1, FEATURES, 2);
        twoWords.putScalar(0, 0, 0, 1);
        twoWords.putScalar(0, 1, 1, 1);
        INDArray marginals = net.output(twoWords);
        assertArrayEquals(new long[] {0, 1}, Nd4j.argMax(marginals, 1).reshape(2).toLongVector(), "posterior decoding");
        int[] path = crf.viterbi(twoWords, null)[0];
        assertFalse(path[0] == 0 && path[1] == 1, "0 then 1 is ruled out: " + Arrays.toString(path));
    }

    private static final int FEATURES = 5;
    private static final int HIDDEN = 6;
    private static final int BATCH = 4;
    private static final int STEPS = 6;

    private static MultiLayerNetwork net(Layer output, DataType type, boolean lstm, int features) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(3).dataType(type)
                .updater(new Adam(0.05)).weightInit(WeightInit.XAVIER).list();
        if (lstm) {
            list.layer(new LSTM.Builder().nOut(HIDDEN).activation(Activation.TANH).build());
        }
        MultiLayerConfiguration conf = list.layer(output).setInputType(InputType.recurrent(features, RNNFormat.NCW))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static MultiLayerNetwork crf(boolean loops, DataType type) {
        MultiLayerNetwork net = net(CrfOutput.of(HIDDEN, TAGS), type, true, FEATURES);
        ((CrfOutputLayer) net.getLayer(1)).javaLoops = loops;
        return net;
    }

    private static INDArray oneHotLabels(Random random, int batch, int steps) {
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, batch, TAGS, steps);
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                labels.putScalar(b, random.nextInt(TAGS), t, 1);
            }
        }
        return labels;
    }

    private static INDArray prefixMask(int... lengths) {
        INDArray mask = Nd4j.zeros(DataType.DOUBLE, lengths.length, STEPS);
        for (int b = 0; b < lengths.length; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                mask.putScalar(b, t, 1);
            }
        }
        return mask;
    }

    private static double score(MultiLayerNetwork net, INDArray params, INDArray input, INDArray labels, INDArray mask) {
        net.setParams(params);
        net.setInput(input);
        net.setLabels(labels);
        net.setLayerMaskArrays(mask, mask);
        net.computeGradientAndScore();
        return net.score();
    }

    @Test
    void gradientsEqualFiniteDifferencesOnBothPaths() {
        Random random = new Random(7);
        Nd4j.getRandom().setSeed(7);
        INDArray input = Nd4j.randn(DataType.DOUBLE, BATCH, FEATURES, STEPS);
        INDArray labels = oneHotLabels(random, BATCH, STEPS);
        INDArray mask = prefixMask(6, 4, 1, 5);
        for (boolean loops : new boolean[] {true, false}) {
            MultiLayerNetwork net = crf(loops, DataType.DOUBLE);
            INDArray params = net.params().dup();
            params.addi(Nd4j.randn(DataType.DOUBLE, params.shape()).muli(0.3));
            score(net, params.dup(), input, labels, mask);
            double[] analytic = net.gradient().gradient().dup().toDoubleVector();
            // the gradient is of the summed loss; the score is its mean per sequence
            double eps = 1e-5;
            for (int i = 0; i < params.length(); i++) {
                INDArray plus = params.dup();
                plus.putScalar(i, plus.getDouble(i) + eps);
                INDArray minus = params.dup();
                minus.putScalar(i, minus.getDouble(i) - eps);
                double numeric = (score(net, plus, input, labels, mask) - score(net, minus, input, labels, mask))
                        / (2 * eps) * BATCH;
                assertEquals(numeric, analytic[i], 1e-6 + 1e-5 * Math.abs(numeric),
                        (loops ? "loops" : "ND4J") + ": parameter " + i + " of " + params.length());
            }
        }
    }

    @Test
    void paddingChangesNeitherMarginalsNorLoss() {
        Random random = new Random(8);
        Nd4j.getRandom().setSeed(8);
        INDArray input = Nd4j.randn(DataType.FLOAT, BATCH, FEATURES, STEPS);
        INDArray labels = oneHotLabels(random, BATCH, STEPS).castTo(DataType.FLOAT);
        INDArray mask = prefixMask(6, 3, 5, 2).castTo(DataType.FLOAT);
        for (boolean loops : new boolean[] {true, false}) {
            MultiLayerNetwork net = crf(loops, DataType.FLOAT);
            // transitions that are not all zero, else the chain's steps are independent and padding cannot show
            net.setParams(net.params().addi(Nd4j.randn(new Random(loops ? 1 : 2).nextLong(), net.params().shape())
                    .castTo(DataType.FLOAT)));
            INDArray batched = net.output(input, false, mask, mask);
            INDArray perExample = net.scoreExamples(new org.nd4j.linalg.dataset.DataSet(input, labels, mask, mask), false);
            int[] lengths = {6, 3, 5, 2};
            for (int b = 0; b < BATCH; b++) {
                int n = lengths[b];
                INDArray one = input.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(b, b + 1),
                        org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, n)).dup();
                INDArray oneLabels = labels.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(b, b + 1),
                        org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, n)).dup();
                INDArray alone = net.output(one);
                INDArray inBatch = batched.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(b, b + 1),
                        org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, n));
                assertEquals(0, alone.sub(inBatch).amaxNumber().doubleValue(), 1e-5, "marginals of sequence " + b);
                assertEquals(1.0, alone.sum(1).minNumber().doubleValue(), 1e-5, "a step's marginals sum to 1");
                double lossAlone = net.score(new org.nd4j.linalg.dataset.DataSet(one, oneLabels), false);
                assertEquals(lossAlone, perExample.getDouble(b, 0), 1e-4 * Math.abs(lossAlone), "loss of sequence " + b);
            }
            assertEquals(0, batched.get(org.nd4j.linalg.indexing.NDArrayIndex.point(3),
                    org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(2, STEPS))
                    .amaxNumber().doubleValue(), "padded steps have no tag");
        }
    }

    /**
     * Tags alternate (A B A B ... or B A B A ...), the first token says which, every later token is the same
     * uninformative symbol. With no recurrent layer a per-step softmax sees one token and cannot do better than
     * chance after the first step; the CRF's transitions carry the order.
     */
    @Test
    void learnsWhatOnlyTheOrderOfTagsDecides() {
        int batch = 32;
        int vocabulary = 3;
        INDArray input = Nd4j.zeros(DataType.FLOAT, batch, vocabulary, STEPS);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, batch, TAGS, STEPS);
        for (int b = 0; b < batch; b++) {
            int phase = b % 2;
            input.putScalar(b, phase, 0, 1);
            for (int t = 0; t < STEPS; t++) {
                if (t > 0) {
                    input.putScalar(b, 2, t, 1);
                }
                labels.putScalar(b, (phase + t) % 2, t, 1);
            }
        }
        MultiLayerNetwork crf = net(CrfOutput.of(vocabulary, TAGS), DataType.FLOAT, false, vocabulary);
        MultiLayerNetwork softmax = net(new RnnOutputLayer.Builder(new LossMCXENT()).activation(Activation.SOFTMAX)
                .nOut(TAGS).dataFormat(RNNFormat.NCW).build(), DataType.FLOAT, false, vocabulary);
        double firstLoss = 0;
        for (int i = 0; i < 150; i++) {
            crf.fit(input, labels);
            softmax.fit(input, labels);
            if (i == 0) {
                firstLoss = crf.score();
            }
        }
        assertTrue(crf.score() < 0.1 * firstLoss, "CRF loss " + firstLoss + " -> " + crf.score());
        assertEquals(1.0, accuracy(crf.output(input), labels), 1e-9, "CRF");
        assertTrue(accuracy(softmax.output(input), labels) < 0.65, "a per-step softmax cannot know the phase");
    }

    private static double accuracy(INDArray probabilities, INDArray labels) {
        INDArray predicted = Nd4j.argMax(probabilities, 1);
        INDArray gold = Nd4j.argMax(labels, 1);
        return predicted.eq(gold).castTo(DataType.DOUBLE).meanNumber().doubleValue();
    }

    @Test
    void aSavedNetworkRestoresItsCrf() throws Exception {
        MultiLayerNetwork net = crf(true, DataType.FLOAT);
        net.setParams(net.params().addi(Nd4j.randn(DataType.FLOAT, net.params().shape())));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, bytes, false);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes.toByteArray()));
        assertInstanceOf(CrfOutputLayer.class, restored.getLayer(1));
        Nd4j.getRandom().setSeed(9);
        INDArray input = Nd4j.randn(DataType.FLOAT, BATCH, FEATURES, STEPS);
        assertEquals(0, net.output(input).sub(restored.output(input)).amaxNumber().doubleValue(), 1e-6);
        assertEquals(net.getLayer(1).getParam(CrfParamInitializer.TRANSITION_KEY),
                restored.getLayer(1).getParam(CrfParamInitializer.TRANSITION_KEY));
    }
}
