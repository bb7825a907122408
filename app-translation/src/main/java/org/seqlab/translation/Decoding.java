package org.seqlab.translation;

import org.seqlab.common.error.BadInputException;

/**
 * How translations are searched for.
 *
 * @param beam        hypotheses kept per step (1 with {@code greedy})
 * @param greedy      take the most probable subword at every step instead of a beam
 * @param nBest       translations returned per input (at most {@code beam})
 * @param lengthAlpha a hypothesis is ranked by log-probability / length^alpha (0 favours short ones)
 * @param blockRepeat with n > 0 the beam never repeats an n-gram of subwords (OpenNMT's block_ngram_repeat)
 * @param repeatedWords whether a word may follow itself ({@link RepeatedWords} rules that out when false)
 */
public record Decoding(int beam, boolean greedy, int nBest, double lengthAlpha, int blockRepeat, boolean repeatedWords) {
    public static final int DEFAULT_BLOCK_REPEAT = 0;
    public static final boolean DEFAULT_REPEATED_WORDS = false;
    public static final Decoding DEFAULT = new Decoding(5, false, 1, 1.0, DEFAULT_BLOCK_REPEAT, DEFAULT_REPEATED_WORDS);
    public static final Decoding GREEDY = new Decoding(1, true, 1, 1.0, 0, true);

    public Decoding {
        if (beam < 1 || beam > 100) {
            throw new BadInputException("--beam must be between 1 and 100, got " + beam);
        }
        if (nBest < 1 || (!greedy && nBest > beam) || (greedy && nBest > 1)) {
            throw new BadInputException("--nbest must be between 1 and --beam (" + beam + ")"
                    + (greedy ? " and 1 with --greedy" : "") + ", got " + nBest);
        }
        if (lengthAlpha < 0 || lengthAlpha > 5) {
            throw new BadInputException("--length-penalty must be between 0 and 5, got " + lengthAlpha);
        }
        if (blockRepeat < 0 || blockRepeat > 10) {
            throw new BadInputException("--block-ngram-repeat must be between 0 (off) and 10, got " + blockRepeat);
        }
        if (greedy && blockRepeat > 0) {
            throw new BadInputException("--block-ngram-repeat needs a beam search, not --greedy");
        }
        if (greedy && !repeatedWords) {
            // a greedy search has no other hypothesis to turn to: it would glue letters onto the repeated word
            throw new IllegalArgumentException("greedy decoding leaves repeated words alone");
        }
    }

    public String describe() {
        return (greedy ? "greedy" : "beam " + beam) + (blockRepeat > 0 ? ", no repeated " + blockRepeat + "-gram" : "")
                + (repeatedWords ? "" : ", no word twice in a row");
    }
}
