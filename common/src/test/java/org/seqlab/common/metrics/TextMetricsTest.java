package org.seqlab.common.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextMetricsTest {
    private static List<String> tok(String s) {
        return Arrays.asList(s.split(" "));
    }

    @Test
    void bleuMatchesHandCountedNgramsWithAndWithoutSmoothing() {
        // hyp "the cat sat on the mat" vs ref "the cat is on the mat":
        // 1-grams 5/6, 2-grams 3/5 (the cat, on the, the mat), 3-grams 1/4 (on the mat), 4-grams 0/3
        List<List<String>> hyp = List.of(tok("the cat sat on the mat"));
        List<List<String>> ref = List.of(tok("the cat is on the mat"));
        Bleu.Score none = Bleu.corpus(hyp, ref, Bleu.Smoothing.NONE);
        assertEquals(0.0, none.bleu(), 1e-12);
        assertArrayEquals(new double[] {500.0 / 6, 60.0, 25.0, 0.0}, none.precisions(), 1e-9);

        Bleu.Score exp = Bleu.corpus(hyp, ref, Bleu.Smoothing.EXP);
        // sacreBLEU's exp smoothing: the first zero precision becomes 100 / (2 * total)
        double p4 = 100.0 / (2 * 3);
        assertEquals(p4, exp.precisions()[3], 1e-9);
        assertEquals(Math.pow(500.0 / 6 * 60.0 * 25.0 * p4, 0.25), exp.bleu(), 1e-9);
        assertEquals(1.0, exp.brevityPenalty(), 0);
    }

    @Test
    void bleuAppliesTheBrevityPenaltyOverTheCorpus() {
        // every n-gram matches; 6 hypothesis tokens against 8 reference tokens
        Bleu.Score s = Bleu.corpus(List.of(tok("a b c d"), tok("e f")), List.of(tok("a b c d e"), tok("e f g")), Bleu.Smoothing.NONE);
        assertEquals(6, s.hypothesisLength());
        assertEquals(8, s.referenceLength());
        assertEquals(Math.exp(1 - 8.0 / 6), s.brevityPenalty(), 1e-12);
        assertEquals(100 * Math.exp(1 - 8.0 / 6), s.bleu(), 1e-9);
        assertEquals(100.0, s.flat().get("bleu3"), 1e-12);
    }

    @Test
    void multipleReferencesClipByTheirMaximumAndTheClosestLengthWinsTiesShort() {
        // refs of length 1 and 3 are equally close to a 2-token hypothesis: the shorter counts, so no penalty
        Bleu.Score s = Bleu.corpusMulti(List.of(tok("x x")), List.of(List.of(tok("x"), tok("x x y"))), Bleu.Smoothing.NONE);
        assertEquals(1, s.referenceLength());
        assertEquals(100.0, s.precisions()[0], 1e-12);
        assertEquals(100.0, s.precisions()[1], 1e-12);
        // no 3-grams in the hypothesis: BLEU is zero, as sacreBLEU gives without effective order
        assertEquals(0.0, s.bleu(), 0);
        assertThrows(IllegalArgumentException.class, () -> Bleu.corpus(List.of(tok("a")), List.of(), Bleu.Smoothing.EXP));
    }

    @Test
    void chrFMatchesHandCountedCharacterNgrams() {
        // "ab" vs "abc": orders 1 and 2 occur in both; P = (2/2 + 1/1) / 2 = 1, R = (2/3 + 1/2) / 2 = 7/12
        double p = 1.0;
        double r = 7.0 / 12;
        assertEquals(100 * 5 * p * r / (4 * p + r), ChrF.corpus(List.of("ab"), List.of("abc")), 1e-9);
        assertEquals(100.0, ChrF.corpus(List.of("a b c"), List.of("abc")), 1e-9);
        assertEquals(0.0, ChrF.corpus(List.of("xyz"), List.of("abc")), 1e-12);
    }

    @Test
    void perplexityAndBitsPerCharacter() {
        Perplexity p = new Perplexity();
        p.add(0.5);
        p.add(0.25);
        assertEquals(Math.pow(2, 1.5), p.perplexity(), 1e-12);
        assertEquals(1.5, p.bitsPerToken(), 1e-12);
        p.addMeanLoss(Math.log(8), 2);
        // total NLL = 3 ln 2 + 2 * 3 ln 2 over 4 tokens
        assertEquals(Math.pow(2, 9.0 / 4), p.flat().get("perplexity"), 1e-9);
        assertThrows(IllegalStateException.class, () -> new Perplexity().perplexity());
    }
}
