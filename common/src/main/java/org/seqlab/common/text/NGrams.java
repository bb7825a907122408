package org.seqlab.common.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Contiguous token n-grams. An n-gram is its tokens joined by one space, so "new york" is the bigram
 * of ["new", "york"]; the unigrams are the tokens themselves (the bag-of-words case).
 */
public final class NGrams {
    private NGrams() {
    }

    /** All n-grams for n = minN..maxN, shortest first, each group in text order. */
    public static List<String> of(List<String> tokens, int minN, int maxN) {
        if (minN < 1 || maxN < minN) {
            throw new IllegalArgumentException("need 1 <= minN <= maxN, got " + minN + ".." + maxN);
        }
        List<String> out = new ArrayList<>();
        for (int n = minN; n <= maxN; n++) {
            for (int i = 0; i + n <= tokens.size(); i++) {
                out.add(n == 1 ? tokens.get(i) : String.join(" ", tokens.subList(i, i + n)));
            }
        }
        return out;
    }

    /** The bag of n-grams (n = 1..k) with their counts. */
    public static TermVector counts(List<String> tokens, int k) {
        return TermVector.counts(of(tokens, 1, k));
    }
}
