package org.seqlab.common.decode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/** Greedy decoding and sampling (temperature, top-k, top-p); see {@link BeamSearch} for beams. */
public final class Decoders {
    private Decoders() {
    }

    /** Takes the most probable token at every step until the end token or {@code maxLength} tokens. */
    public static Hypothesis greedy(StepModel model, int startToken, int endToken, int maxLength) {
        return generate(model, startToken, endToken, maxLength, Decoders::argMax);
    }

    /**
     * Greedy decoding of several sources at once: {@code model} holds {@code maxLengths.length} sources and starts
     * with one row each ({@link GraphStepModel} given a batch); a source's row leaves the batch when it ends. Each
     * result is the one {@link #greedy(StepModel, int, int, int)} gives for that source alone.
     */
    public static List<Hypothesis> greedy(StepModel model, int[] maxLengths, int startToken, int endToken) {
        int sources = maxLengths.length;
        for (int length : maxLengths) {
            if (length < 1) {
                throw new IllegalArgumentException("max length must be positive, got " + length);
            }
        }
        List<List<Integer>> tokens = new ArrayList<>(sources);
        double[] logProbs = new double[sources];
        Hypothesis[] out = new Hypothesis[sources];
        int[] live = new int[sources];
        int[] previous = new int[sources];
        for (int s = 0; s < sources; s++) {
            tokens.add(new ArrayList<>());
            live[s] = s;
            previous[s] = startToken;
        }
        model.start(sources);
        while (live.length > 0) {
            float[][] step = model.step(previous);
            int[] kept = new int[live.length];
            int keptCount = 0;
            for (int row = 0; row < live.length; row++) {
                int s = live[row];
                int next = argMax(step[row]);
                logProbs[s] += step[row][next];
                if (next == endToken) {
                    out[s] = new Hypothesis(tokens.get(s), logProbs[s], true);
                    continue;
                }
                tokens.get(s).add(next);
                if (tokens.get(s).size() >= maxLengths[s]) {
                    out[s] = new Hypothesis(tokens.get(s), logProbs[s], false);
                    continue;
                }
                kept[keptCount++] = row;
            }
            int[] nextLive = new int[keptCount];
            int[] nextPrevious = new int[keptCount];
            for (int i = 0; i < keptCount; i++) {
                nextLive[i] = live[kept[i]];
                nextPrevious[i] = tokens.get(nextLive[i]).get(tokens.get(nextLive[i]).size() - 1);
            }
            if (keptCount > 0 && keptCount < live.length) {
                model.select(java.util.Arrays.copyOf(kept, keptCount));
            }
            live = nextLive;
            previous = nextPrevious;
        }
        return List.of(out);
    }

    /**
     * Samples every token from the model's distribution sharpened or flattened by {@code temperature}
     * (below 1 sharper, above 1 flatter) and restricted to the {@code topK} most probable tokens (0 = all).
     */
    public static Hypothesis sample(StepModel model, int startToken, int endToken, int maxLength,
                                    double temperature, int topK, Random random) {
        return sample(model, startToken, endToken, maxLength, temperature, topK, 1.0, random);
    }

    /**
     * Like {@link #sample(StepModel, int, int, int, double, int, Random)}, also restricted to the nucleus: the
     * most probable tokens whose probabilities (after temperature and top-k) first sum to at least {@code topP}
     * (1 = all).
     */
    public static Hypothesis sample(StepModel model, int startToken, int endToken, int maxLength,
                                    double temperature, int topK, double topP, Random random) {
        checkSampling(temperature, topK, topP);
        return generate(model, startToken, endToken, maxLength, logProbs -> draw(logProbs, temperature, topK, topP, random));
    }

    /**
     * One token drawn from {@code logProbs} with temperature, top-k (0 = all) and top-p (1 = all), for callers
     * that run their own loop (a primed language model that streams what it draws).
     */
    public static int choose(float[] logProbs, double temperature, int topK, double topP, Random random) {
        checkSampling(temperature, topK, topP);
        return draw(logProbs, temperature, topK, topP, random);
    }

    /** The most probable token (greedy). */
    public static int best(float[] logProbs) {
        return argMax(logProbs);
    }

    private static void checkSampling(double temperature, int topK, double topP) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be positive, got " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("topK must not be negative, got " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
        }
    }

    private interface Chooser {
        int choose(float[] logProbs);
    }

    private static Hypothesis generate(StepModel model, int startToken, int endToken, int maxLength, Chooser chooser) {
        model.start(1);
        List<Integer> tokens = new ArrayList<>();
        double logProb = 0;
        int previous = startToken;
        for (int i = 0; i < maxLength; i++) {
            float[] logProbs = model.step(new int[] {previous})[0];
            int next = chooser.choose(logProbs);
            logProb += logProbs[next];
            if (next == endToken) {
                return new Hypothesis(tokens, logProb, true);
            }
            tokens.add(next);
            previous = next;
        }
        return new Hypothesis(tokens, logProb, false);
    }

    static int argMax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Draws a token from softmax(logProbs / temperature) over the top-k tokens and then the top-p nucleus. */
    static int draw(float[] logProbs, double temperature, int topK, double topP, Random random) {
        List<Integer> candidates = new ArrayList<>(logProbs.length);
        for (int i = 0; i < logProbs.length; i++) {
            if (logProbs[i] != Float.NEGATIVE_INFINITY) {
                candidates.add(i);
            }
        }
        candidates.sort(Comparator.comparingDouble((Integer i) -> logProbs[i]).reversed());
        if (topK > 0 && candidates.size() > topK) {
            candidates = candidates.subList(0, topK);
        }
        double max = logProbs[candidates.get(0)] / temperature;
        double[] weights = new double[candidates.size()];
        double total = 0;
        for (int i = 0; i < weights.length; i++) {
            weights[i] = Math.exp(logProbs[candidates.get(i)] / temperature - max);
            total += weights[i];
        }
        if (topP < 1) {
            // candidates are sorted by probability: keep the shortest prefix whose mass reaches topP
            double kept = 0;
            int size = 0;
            while (size < weights.length && kept < topP * total) {
                kept += weights[size++];
            }
            weights = java.util.Arrays.copyOf(weights, size);
            total = kept;
        }
        double u = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            u -= weights[i];
            if (u <= 0) {
                return candidates.get(i);
            }
        }
        return candidates.get(weights.length - 1);
    }
}
