package org.seqlab.common.decode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Beam search: keeps the {@code beamWidth} most probable partial sequences, moves those that emit the
 * end token to the finished list, and returns the {@code nBest} best finished ones ranked by
 * {@link Hypothesis#score(double) length-normalised score} (unfinished ones only if too few finished
 * within {@code maxLength}).
 *
 * @param blockRepeat with n > 0, no hypothesis may contain the same n tokens twice (OpenNMT's
 *                    {@code block_ngram_repeat}): the cure for the "the the" loops of a weak decoder
 * @param dropIf      a live hypothesis (its tokens so far) for which this holds gets no continuation and drops out of
 *                    the beam, unless it holds for every live hypothesis of its source: then none is dropped, so that
 *                    the search still ends with an answer
 */
public record BeamSearch(int beamWidth, double lengthAlpha, int maxLength, int nBest, int blockRepeat,
                         Predicate<List<Integer>> dropIf) {
    /** The {@code dropIf} that drops nothing. */
    public static final Predicate<List<Integer>> KEEP_ALL = tokens -> false;

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

    public BeamSearch(int beamWidth, double lengthAlpha, int maxLength, int nBest, int blockRepeat) {
        this(beamWidth, lengthAlpha, maxLength, nBest, blockRepeat, KEEP_ALL);
    }

    public BeamSearch(int beamWidth, double lengthAlpha, int maxLength, int nBest) {
        this(beamWidth, lengthAlpha, maxLength, nBest, 0);
    }

    private record Candidate(int parent, int token, double logProb) {
    }

    /** The search for one source: its live hypotheses (rows of the model, in this order) and its finished ones. */
    private static final class Search {
        final int maxLength;
        List<List<Integer>> beams = new ArrayList<>(List.of(List.of()));
        double[] beamLogProbs = {0};
        final List<Hypothesis> finished = new ArrayList<>();
        boolean stopped;

        Search(int maxLength) {
            this.maxLength = maxLength;
        }
    }

    public List<Hypothesis> decode(StepModel model, int startToken, int endToken) {
        return decode(model, new int[] {maxLength}, startToken, endToken).get(0);
    }

    /**
     * Searches for several sources at once: {@code model} holds {@code maxLengths.length} sources and starts with
     * one row each ({@link GraphStepModel} given a batch); each step feeds the live hypotheses of every source
     * that is still searching, grouped by source, to one {@link StepModel#step}. Each source's result is the one
     * {@link #decode(StepModel, int, int)} gives for it alone.
     *
     * @param maxLengths each source's length limit (capped by {@link #maxLength})
     */
    public List<List<Hypothesis>> decode(StepModel model, int[] maxLengths, int startToken, int endToken) {
        List<Search> searches = new ArrayList<>(maxLengths.length);
        for (int length : maxLengths) {
            if (length < 1) {
                throw new IllegalArgumentException("max length must be positive, got " + length);
            }
            searches.add(new Search(Math.min(length, maxLength)));
        }
        model.start(searches.size());
        int[] lastTokens = new int[searches.size()];
        java.util.Arrays.fill(lastTokens, startToken);
        for (int step = 0; lastTokens.length > 0; step++) {
            float[][] logProbs = model.step(lastTokens);
            List<Integer> parents = new ArrayList<>();
            List<Integer> nextTokens = new ArrayList<>();
            int firstRow = 0;
            for (Search search : searches) {
                if (search.stopped) {
                    continue;
                }
                int rows = search.beams.size();
                List<Candidate> kept = advance(search, logProbs, firstRow, endToken, step);
                if (!search.stopped) {
                    for (Candidate c : kept) {
                        parents.add(firstRow + c.parent());
                        nextTokens.add(c.token());
                    }
                }
                firstRow += rows;
            }
            lastTokens = nextTokens.stream().mapToInt(Integer::intValue).toArray();
            if (lastTokens.length > 0) {
                model.select(parents.stream().mapToInt(Integer::intValue).toArray());
            }
        }
        List<List<Hypothesis>> out = new ArrayList<>(searches.size());
        for (Search search : searches) {
            List<Hypothesis> results = new ArrayList<>(search.finished);
            if (results.size() < nBest) {
                for (int i = 0; i < search.beams.size(); i++) {
                    results.add(new Hypothesis(search.beams.get(i), search.beamLogProbs[i], false));
                }
            }
            results.sort(Comparator.comparingDouble((Hypothesis h) -> h.score(lengthAlpha)).reversed());
            out.add(results.subList(0, Math.min(nBest, results.size())));
        }
        return out;
    }

    /**
     * One step of one source's search, whose rows start at {@code firstRow} of {@code logProbs}: moves the
     * hypotheses that end to the finished list and returns the ones kept (parents relative to its rows), with its
     * beams extended; stops the search when it is done (its beams emptied) or at its length limit (kept).
     */
    private List<Candidate> advance(Search search, float[][] logProbs, int firstRow, int endToken, int step) {
        List<Candidate> candidates = new ArrayList<>();
        boolean[] dropped = droppedRows(search.beams);
        for (int row = 0; row < search.beams.size(); row++) {
            if (dropped[row]) {
                continue;
            }
            float[] rowLogProbs = logProbs[firstRow + row];
            blockRepeats(search.beams.get(row), rowLogProbs);
            // only a row's beamWidth + 1 best tokens can be used below (at most one of them is the end
            // token), so the sort sees rows x (beamWidth + 1) candidates instead of rows x vocabulary
            for (int token : topTokens(rowLogProbs, beamWidth + 1)) {
                candidates.add(new Candidate(row, token, search.beamLogProbs[row] + rowLogProbs[token]));
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
                search.finished.add(new Hypothesis(search.beams.get(c.parent()), c.logProb(), true));
            }
        }
        if (done(search.finished, kept, step + 1)) {
            search.beams = List.of();
            search.stopped = true;
            return List.of();
        }
        List<List<Integer>> next = new ArrayList<>(kept.size());
        search.beamLogProbs = new double[kept.size()];
        for (int i = 0; i < kept.size(); i++) {
            Candidate c = kept.get(i);
            List<Integer> tokens = new ArrayList<>(search.beams.get(c.parent()));
            tokens.add(c.token());
            next.add(tokens);
            search.beamLogProbs[i] = c.logProb();
        }
        search.beams = next;
        search.stopped = step + 1 >= search.maxLength;
        return kept;
    }

    /** Which of a source's live hypotheses {@link #dropIf} drops: none if it would drop them all. */
    private boolean[] droppedRows(List<List<Integer>> beams) {
        boolean[] dropped = new boolean[beams.size()];
        boolean anyKept = false;
        for (int row = 0; row < dropped.length; row++) {
            dropped[row] = dropIf.test(beams.get(row));
            anyKept |= !dropped[row];
        }
        return anyKept ? dropped : new boolean[dropped.length];
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
