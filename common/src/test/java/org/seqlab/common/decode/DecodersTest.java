package org.seqlab.common.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.seqlab.common.rnn.CellType;
import org.seqlab.common.rnn.RecurrentStack;

class DecodersTest {
    static final int EOS = 0;
    static final int BOS = 1;
    static final int A = 2;
    static final int B = 3;

    /** Next-token probabilities set by hand as a function of the prefix; greedy misses the best sequence. */
    static final class ToyModel implements StepModel {
        List<List<Integer>> rows = new ArrayList<>();
        int steps;

        static double[] distribution(List<Integer> prefix) {
            if (prefix.isEmpty()) {
                return new double[] {0, 0, 0.6, 0.4};
            }
            if (prefix.size() == 1) {
                return prefix.get(0) == A ? new double[] {0.3, 0, 0.35, 0.35} : new double[] {0.9, 0, 0.05, 0.05};
            }
            return new double[] {1, 0, 0, 0};
        }

        @Override
        public int vocabularySize() {
            return 4;
        }

        @Override
        public void start(int n) {
            rows = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                rows.add(new ArrayList<>());
            }
        }

        @Override
        public float[][] step(int[] tokens) {
            steps++;
            float[][] out = new float[tokens.length][];
            for (int r = 0; r < tokens.length; r++) {
                if (tokens[r] != BOS) {
                    rows.get(r).add(tokens[r]);
                }
                double[] p = distribution(rows.get(r));
                out[r] = new float[p.length];
                for (int i = 0; i < p.length; i++) {
                    out[r][i] = (float) Math.log(p[i]);
                }
            }
            return out;
        }

        @Override
        public void select(int[] selected) {
            List<List<Integer>> next = new ArrayList<>();
            for (int r : selected) {
                next.add(new ArrayList<>(rows.get(r)));
            }
            rows = next;
        }
    }

    /** Every sequence up to maxLength, with its probability, by exhaustive enumeration. */
    private static void enumerate(List<Integer> prefix, double p, int maxLength, List<Hypothesis> out) {
        double[] next = ToyModel.distribution(prefix);
        for (int t = 0; t < next.length; t++) {
            if (next[t] == 0) {
                continue;
            }
            if (t == EOS) {
                out.add(new Hypothesis(prefix, Math.log(p * next[t]), true));
            } else if (prefix.size() < maxLength) {
                List<Integer> longer = new ArrayList<>(prefix);
                longer.add(t);
                enumerate(longer, p * next[t], maxLength, out);
            }
        }
    }

    @Test
    void beamSearchFindsTheExactBestSequenceWhereGreedyFails() {
        List<Hypothesis> all = new ArrayList<>();
        enumerate(List.of(), 1.0, 5, all);
        all.sort((x, y) -> Double.compare(y.logProb(), x.logProb()));

        Hypothesis greedy = Decoders.greedy(new ToyModel(), BOS, EOS, 5);
        assertEquals(List.of(A, A), greedy.tokens());
        assertTrue(greedy.logProb() < all.get(0).logProb() - 0.1);

        List<Hypothesis> beams = new BeamSearch(2, 0, 5, 3).decode(new ToyModel(), BOS, EOS);
        assertEquals(all.get(0).tokens(), beams.get(0).tokens());
        assertEquals(List.of(B), beams.get(0).tokens());
        assertEquals(all.get(0).logProb(), beams.get(0).logProb(), 1e-6);
        assertTrue(beams.get(0).finished());
        // n-best is ordered and its scores are the enumerated ones
        for (int i = 0; i < beams.size(); i++) {
            assertEquals(all.get(i).logProb(), beams.get(i).logProb(), 1e-6, "rank " + i);
        }
    }

    @Test
    void beamWidthOneIsGreedyAndMaxLengthStopsUnfinishedSequences() {
        List<Hypothesis> one = new BeamSearch(1, 0, 5, 1).decode(new ToyModel(), BOS, EOS);
        assertEquals(Decoders.greedy(new ToyModel(), BOS, EOS, 5).tokens(), one.get(0).tokens());
        Hypothesis cut = Decoders.greedy(new ToyModel(), BOS, EOS, 1);
        assertEquals(List.of(A), cut.tokens());
        assertTrue(!cut.finished());
    }

    @Test
    void samplingFollowsTemperatureAndTopK() {
        Random random = new Random(17);
        int n = 3000;
        int countA = 0;
        int countASharp = 0;
        for (int i = 0; i < n; i++) {
            countA += Decoders.sample(new ToyModel(), BOS, EOS, 1, 1.0, 0, random).tokens().get(0) == A ? 1 : 0;
            countASharp += Decoders.sample(new ToyModel(), BOS, EOS, 1, 0.5, 0, random).tokens().get(0) == A ? 1 : 0;
        }
        assertEquals(0.6, countA / (double) n, 0.03);
        // temperature 0.5 squares the probabilities: 0.36 / (0.36 + 0.16)
        assertEquals(0.36 / 0.52, countASharp / (double) n, 0.03);
        for (int i = 0; i < 50; i++) {
            assertEquals(Decoders.greedy(new ToyModel(), BOS, EOS, 5).tokens(),
                    Decoders.sample(new ToyModel(), BOS, EOS, 5, 1.0, 1, random).tokens());
        }
    }

    @Test
    void topPKeepsTheSmallestNucleusReachingTheMass() {
        // probabilities 0.5, 0.3, 0.15, 0.05
        float[] logProbs = {(float) Math.log(0.15), (float) Math.log(0.5), (float) Math.log(0.05), (float) Math.log(0.3)};
        Random random = new Random(3);
        int[] counts = new int[4];
        int n = 4000;
        for (int i = 0; i < n; i++) {
            counts[Decoders.choose(logProbs, 1.0, 0, 0.7, random)]++;
        }
        // 0.5 alone is below 0.7, 0.5 + 0.3 reaches it: only tokens 1 and 3 remain, renormalised to 5/8 and 3/8
        assertEquals(0, counts[0] + counts[2]);
        assertEquals(0.625, counts[1] / (double) n, 0.03);
        for (int i = 0; i < 20; i++) {
            assertEquals(1, Decoders.choose(logProbs, 1.0, 0, 0.4, random), "a nucleus below the top token is the top token");
            assertEquals(1, Decoders.choose(logProbs, 1e-6, 0, 1.0, random), "temperature near 0 is greedy");
        }
        int all = 0;
        for (int i = 0; i < n; i++) {
            all += Decoders.choose(logProbs, 1.0, 0, 1.0, random) == 2 ? 1 : 0;
        }
        assertEquals(0.05, all / (double) n, 0.015, "top-p 1 keeps every token");
    }

    @Test
    void networkStepsMatchRereadingTheWholeSequence() {
        int vocab = 5;
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3).list()
                .layer(RecurrentStack.cell(CellType.GRU, vocab, 6))
                .layer(RecurrentStack.cell(CellType.LSTM, 6, 6))
                .layer(new RnnOutputLayer.Builder().nIn(6).nOut(vocab).activation(Activation.SOFTMAX).build()).build());
        net.init();
        MultiLayerStepModel model = new MultiLayerStepModel(net, vocab);
        Hypothesis greedy = Decoders.greedy(model, 1, 0, 6);

        // the same greedy choice by re-running the network over the whole prefix
        List<Integer> prefix = new ArrayList<>(List.of(1));
        for (int i = 0; i < greedy.tokens().size(); i++) {
            INDArray in = Nd4j.zeros(DataType.FLOAT, 1, vocab, prefix.size());
            for (int t = 0; t < prefix.size(); t++) {
                in.putScalar(0, prefix.get(t), t, 1.0);
            }
            net.rnnClearPreviousState();
            INDArray last = net.output(in).get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.point(prefix.size() - 1));
            assertEquals(greedy.tokens().get(i).intValue(), last.argMax().getInt(0), "step " + i);
            prefix.add(greedy.tokens().get(i));
        }
        List<Hypothesis> beam1 = new BeamSearch(1, 0, 6, 1).decode(model, 1, 0);
        assertEquals(greedy.tokens(), beam1.get(0).tokens());
        assertEquals(greedy.logProb(), beam1.get(0).logProb(), 1e-4);

        // selecting rows carries each row's state: rows [1,2] and [1,3], keep the second twice, then feed 4
        model.start(2);
        model.step(new int[] {1, 1});
        model.step(new int[] {2, 3});
        model.select(new int[] {1, 1});
        float[][] branched = model.step(new int[] {4, 4});
        model.start(1);
        model.step(new int[] {1});
        model.step(new int[] {3});
        float[] direct = model.step(new int[] {4})[0];
        for (int i = 0; i < vocab; i++) {
            assertEquals(direct[i], branched[0][i], 1e-5);
            assertEquals(direct[i], branched[1][i], 1e-5);
        }
    }

    /** After the start token A; then B after A and A after B (0.9) or C (0.1); after C the end: the A B A B loop. */
    static final class LoopingModel implements StepModel {
        static final int C = 4;

        @Override
        public int vocabularySize() {
            return 5;
        }

        @Override
        public void start(int n) {
        }

        @Override
        public float[][] step(int[] tokens) {
            float[][] out = new float[tokens.length][];
            for (int r = 0; r < tokens.length; r++) {
                float[] p = new float[5];
                switch (tokens[r]) {
                    case BOS -> p[A] = 1;
                    case C -> p[EOS] = 1;
                    default -> {
                        p[tokens[r] == A ? B : A] = 0.9f;
                        p[C] = 0.1f;
                    }
                }
                out[r] = new float[p.length];
                for (int i = 0; i < p.length; i++) {
                    out[r][i] = (float) Math.log(p[i]);
                }
            }
            return out;
        }

        @Override
        public void select(int[] rows) {
        }
    }

    @Test
    void repeatBlockingRulesOutRepeatedNgrams() {
        int c = LoopingModel.C;
        assertEquals(List.of(List.of(A, c), List.of(A, B, c), List.of(A, B, A, c)), tokens(0));
        assertEquals(List.of(List.of(A, c), List.of(A, B, c)), tokens(1), "A and B at most once each");
        assertEquals(tokens(0), tokens(2), "the three best repeat no bigram");
        // the loop itself: greedy-like beam of one with the end too far away runs into the length limit unless blocked
        List<Integer> loop = new BeamSearch(1, 0, 6, 1).decode(new LoopingModel(), BOS, EOS).get(0).tokens();
        assertEquals(List.of(A, B, A, B, A, B), loop);
        assertEquals(List.of(A, B, A, c), new BeamSearch(1, 0, 6, 1, 2).decode(new LoopingModel(), BOS, EOS).get(0).tokens());
        assertEquals(List.of(A, B, A, B, c), new BeamSearch(1, 0, 6, 1, 3).decode(new LoopingModel(), BOS, EOS).get(0).tokens());
    }

    @Test
    void aDroppedHypothesisGetsNoContinuationUnlessEveryOtherOneIsDroppedToo() {
        int c = LoopingModel.C;
        Predicate<List<Integer>> endsInB = tokens -> !tokens.isEmpty() && tokens.get(tokens.size() - 1) == B;
        // A B is dropped, so neither A B c nor A B A follows; A c is the only answer
        assertEquals(List.of(List.of(A, c)), new BeamSearch(3, 0, 8, 3, 0, endsInB).decode(new LoopingModel(), BOS, EOS)
                .stream().map(Hypothesis::tokens).toList());
        // a beam of one has no other hypothesis: nothing is dropped, as without the filter
        assertEquals(new BeamSearch(1, 0, 6, 1).decode(new LoopingModel(), BOS, EOS),
                new BeamSearch(1, 0, 6, 1, 0, endsInB).decode(new LoopingModel(), BOS, EOS));
    }

    private static List<List<Integer>> tokens(int blockRepeat) {
        return new BeamSearch(3, 0, 8, 3, blockRepeat).decode(new LoopingModel(), BOS, EOS).stream()
                .map(Hypothesis::tokens).toList();
    }

    /**
     * Several sources in one model, each row following its own source: an even source is {@link ToyModel}'s
     * distribution, an odd one {@link LoopingModel}'s; counts its steps.
     */
    static final class SourcesModel implements StepModel {
        final int sources;
        List<Integer> rowSources = new ArrayList<>();
        List<List<Integer>> prefixes = new ArrayList<>();
        int steps;

        SourcesModel(int sources) {
            this.sources = sources;
        }

        @Override
        public int vocabularySize() {
            return 5;
        }

        @Override
        public void start(int rows) {
            assertEquals(sources, rows);
            rowSources = new ArrayList<>();
            prefixes = new ArrayList<>();
            for (int s = 0; s < sources; s++) {
                rowSources.add(s);
                prefixes.add(new ArrayList<>());
            }
        }

        @Override
        public float[][] step(int[] tokens) {
            assertEquals(rowSources.size(), tokens.length);
            steps++;
            float[][] out = new float[tokens.length][];
            for (int r = 0; r < tokens.length; r++) {
                if (rowSources.get(r) % 2 == 1) {
                    out[r] = new LoopingModel().step(new int[] {tokens[r]})[0];
                    continue;
                }
                if (tokens[r] != BOS) {
                    prefixes.get(r).add(tokens[r]);
                }
                double[] p = ToyModel.distribution(prefixes.get(r));
                out[r] = new float[5];
                out[r][4] = Float.NEGATIVE_INFINITY;
                for (int i = 0; i < p.length; i++) {
                    out[r][i] = (float) Math.log(p[i]);
                }
            }
            return out;
        }

        @Override
        public void select(int[] rows) {
            List<Integer> sourcesOfRows = new ArrayList<>();
            List<List<Integer>> next = new ArrayList<>();
            for (int r : rows) {
                sourcesOfRows.add(rowSources.get(r));
                next.add(new ArrayList<>(prefixes.get(r)));
            }
            rowSources = sourcesOfRows;
            prefixes = next;
        }
    }

    private static StepModel alone(int source) {
        return source % 2 == 0 ? new ToyModel() : new LoopingModel();
    }

    @Test
    void batchedSearchesGiveEachSourceItsOwnResultInOneStepPerTimeStep() {
        int[] maxLengths = {5, 6, 2, 8, 1};
        Predicate<List<Integer>> endsInA = tokens -> tokens.size() > 1 && tokens.get(tokens.size() - 1) == A;
        for (BeamSearch search : List.of(new BeamSearch(3, 0, 8, 3, 0), new BeamSearch(2, 1.0, 8, 2, 2),
                new BeamSearch(1, 0, 7, 1, 0), new BeamSearch(3, 0, 8, 3, 0, endsInA))) {
            SourcesModel batch = new SourcesModel(maxLengths.length);
            List<List<Hypothesis>> together = search.decode(batch, maxLengths, BOS, EOS);
            assertEquals(maxLengths.length, together.size());
            int longest = 0;
            for (int s = 0; s < maxLengths.length; s++) {
                BeamSearch limited = new BeamSearch(search.beamWidth(), search.lengthAlpha(),
                        Math.min(maxLengths[s], search.maxLength()), search.nBest(), search.blockRepeat(),
                        search.dropIf());
                assertEquals(limited.decode(alone(s), BOS, EOS), together.get(s), search + " source " + s);
                longest = Math.max(longest, together.get(s).stream().mapToInt(Hypothesis::length).max().orElse(0));
            }
            // one step per time step for all sources, as many as the longest search needs
            assertTrue(batch.steps <= Math.min(8, search.maxLength()), search + ": " + batch.steps + " steps");
            assertTrue(batch.steps >= longest - 1, search + ": " + batch.steps + " steps");
        }
        SourcesModel batch = new SourcesModel(maxLengths.length);
        List<Hypothesis> greedy = Decoders.greedy(batch, maxLengths, BOS, EOS);
        for (int s = 0; s < maxLengths.length; s++) {
            assertEquals(Decoders.greedy(alone(s), BOS, EOS, maxLengths[s]), greedy.get(s), "source " + s);
        }
        assertEquals(8, batch.steps, "the looping source 3 runs to its limit of 8");
    }
}
