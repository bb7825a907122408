package org.seqlab.common.decode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Beam search: keeps the {@code beamWidth} most probable partial sequences, moves those that emit the
 * end token to the finished list, and returns the {@code nBest} best finished ones ranked by
 * {@link Hypothesis#score(double) length-normalised score} (unfinished ones only if too few finished
 * within {@code maxLength}).
 *
 * @param blockRepeat with n > 0, no hypothesis may contain the same n tokens twice (OpenNMT's
 *                    {@code block_ngram_repeat}): the cure for the "the the" loops of a weak decoder
 */
public record BeamSearch(int beamWidth, double lengthAlpha, int maxLength, int nBest, int blockRepeat) {
    public BeamSearch {
        if (beamWidth < 1 || maxLength < 1 || nBest < 1) {
            throw new IllegalArgumentException("beam width, max length and n-best must be positive");
        }
        if (lengthAlpha < 0) {
            throw new IllegalArgumentException("length normalisation exponent must not be negative, got " + lengthAlpha);
        }
        if (blockRepeat < 0) {
            throw new IllegalArgumentException("repeat blocking n-gram size must not be negative, got " + blockRepeat);
        }
    }

    public BeamSearch(int beamWidth, double lengthAlpha, int maxLength, int nBest) {
        this(beamWidth, lengthAlpha, maxLength, nBest, 0);
    }

    private record Candidate(int parent, int token, double logProb) {
    }

    public List<Hypothesis> decode(StepModel model, int startToken, int endToken) {
        model.start(1);
        List<List<Integer>> beams = new ArrayList<>(List.of(List.of()));
        double[] beamLogProbs = {0};
        int[] lastTokens = {startToken};
        List<Hypothesis> finished = new ArrayList<>();
        for (int step = 0; step < maxLength && !beams.isEmpty(); step++) {
            float[][] logProbs = model.step(lastTokens);
            List<Candidate> candidates = new ArrayList<>();
            for (int row = 0; row < beams.size(); row++) {
                blockRepeats(beams.get(row), logProbs[row]);
                // only a row's beamWidth + 1 best tokens can be used below (at most one of them is the end
                // token), so the sort sees rows x (beamWidth + 1) candidates instead of rows x vocabulary
                for (int token : topTokens(logProbs[row], beamWidth + 1)) {
                    candidates.add(new Candidate(row, token, beamLogProbs[row] + logProbs[row][token]));
                }
            }
            candidates.sort(Comparator.comparingDouble(Candidate::logProb).reversed());
            List<Candidate> kept = new ArrayList<>(beamWidth);
            for (int rank = 0; rank < candidates.size() && kept.size() < beamWidth; rank++) {
                Candidate c = candidates.get(rank);
                if (c.token() != endToken) {
                    kept.add(c);
                } else if (rank < beamWidth) {
                    // only an end token among the top beamWidth candidates finishes a hypothesis
                    finished.add(new Hypothesis(beams.get(c.parent()), c.logProb(), true));
                }
            }
            if (done(finished, kept, step + 1)) {
                beams = List.of();
                break;
            }
            List<List<Integer>> next = new ArrayList<>(kept.size());
            beamLogProbs = new double[kept.size()];
            lastTokens = new int[kept.size()];
            int[] parents = new int[kept.size()];
            for (int i = 0; i < kept.size(); i++) {
                Candidate c = kept.get(i);
                List<Integer> tokens = new ArrayList<>(beams.get(c.parent()));
                tokens.add(c.token());
                next.add(tokens);
                beamLogProbs[i] = c.logProb();
                lastTokens[i] = c.token();
                parents[i] = c.parent();
            }
            beams = next;
            if (!beams.isEmpty()) {
                model.select(parents);
            }
        }
        List<Hypothesis> results = new ArrayList<>(finished);
        if (results.size() < nBest) {
            for (int i = 0; i < beams.size(); i++) {
                results.add(new Hypothesis(beams.get(i), beamLogProbs[i], false));
            }
        }
        results.sort(Comparator.comparingDouble((Hypothesis h) -> h.score(lengthAlpha)).reversed());
        return results.subList(0, Math.min(nBest, results.size()));
    }

    /** Rules out every token that would complete an n-gram ({@code blockRepeat}) the hypothesis already holds. */
    private void blockRepeats(List<Integer> tokens, float[] logProbs) {
        int n = blockRepeat;
        if (n == 0 || tokens.size() < n - 1) {
            return;
        }
        int suffix = tokens.size() - (n - 1);
        for (int start = 0; start + n - 1 < tokens.size(); start++) {
            boolean same = true;
            for (int k = 0; k < n - 1 && same; k++) {
                same = tokens.get(start + k).equals(tokens.get(suffix + k));
            }
            if (same) {
                logProbs[tokens.get(start + n - 1)] = Float.NEGATIVE_INFINITY;
            }
        }
    }

    /**
     * The indices of the {@code k} largest finite values in ascending index order; among equal values the
     * lower index wins, as in a stable sort of all of them.
     */
    static int[] topTokens(float[] values, int k) {
        int[] best = new int[Math.min(k, values.length)];
        int size = 0;
        for (int token = 0; token < values.length; token++) {
            float v = values[token];
            if (v == Float.NEGATIVE_INFINITY || (size == best.length && v <= values[best[size - 1]])) {
                continue;
            }
            // insert after every kept value that is at least as large, dropping the smallest when full
            int at = size == best.length ? size - 1 : size++;
            while (at > 0 && values[best[at - 1]] < v) {
                best[at] = best[at - 1];
                at--;
            }
            best[at] = token;
        }
        int[] out = java.util.Arrays.copyOf(best, size);
        java.util.Arrays.sort(out);
        return out;
    }

    /**
     * Stops when no live hypothesis can overtake the n-th best finished one. Without length
     * normalisation scores only fall as sequences grow, so comparing log-probabilities is exact; with it,
     * the live hypotheses' current normalised scores are the usual heuristic bound.
     */
    private boolean done(List<Hypothesis> finished, List<Candidate> live, int length) {
        if (live.isEmpty()) {
            return true;
        }
        if (finished.size() < nBest || (lengthAlpha > 0 && finished.size() < beamWidth)) {
            return false;
        }
        List<Double> scores = new ArrayList<>();
        finished.forEach(h -> scores.add(h.score(lengthAlpha)));
        scores.sort(Comparator.reverseOrder());
        double bestLive = live.get(0).logProb() / Math.pow(length, lengthAlpha);
        return bestLive <= scores.get(nBest - 1);
    }
}
