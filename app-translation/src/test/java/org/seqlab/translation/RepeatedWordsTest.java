package org.seqlab.translation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.seqlab.common.decode.BeamSearch;
import org.seqlab.common.decode.StepModel;
import org.seqlab.common.text.BytePairEncoding;
import org.seqlab.common.text.Vocabulary;

class RepeatedWordsTest {
    private static final String S = BytePairEncoding.SPACE;
    private static final SubwordCodec WORDS = new SubwordCodec(null, Vocabulary.build(List.of(List.of(S + "maintain",
            S + "pointer", S + "backchain", S + "%s", S + "12", S + "kind", "s", S + "Pointer")), 1, 0));

    private static int id(String word) {
        return WORDS.vocabulary().id(word);
    }

    private static List<Integer> ids(String... words) {
        return Arrays.stream(words).map(RepeatedWordsTest::id).toList();
    }

    @Test
    void aWordWrittenTwiceInARowIsAStutterAPlaceholderOrNumberIsNot() {
        RepeatedWords stutter = new RepeatedWords(WORDS, Set.of());
        assertTrue(stutter.test(ids(S + "maintain", S + "pointer", S + "pointer")));
        assertTrue(stutter.test(ids(S + "Pointer", S + "pointer")), "case does not matter");
        assertTrue(stutter.test(ids(S + "kind", S + "kind", S + "kind")));
        assertFalse(stutter.test(ids(S + "pointer", S + "pointer", S + "maintain")), "only the end counts");
        assertFalse(stutter.test(ids(S + "pointer", S + "maintain", S + "pointer")));
        assertFalse(stutter.test(ids(S + "kind", S + "kind", "s")), "kind kinds");
        assertFalse(stutter.test(ids(S + "%s", S + "%s")), "placeholders repeat in messages");
        assertFalse(stutter.test(ids(S + "12", S + "12")));
        assertFalse(stutter.test(ids(S + "pointer")));
        RepeatedWords allowing = new RepeatedWords(WORDS, Set.of("pointer"));
        assertFalse(allowing.test(ids(S + "maintain", S + "Pointer", S + "pointer")));
        assertTrue(allowing.test(ids(S + "kind", S + "kind")));
    }

    @Test
    void theWordsThatTrainingTargetsRepeatMayRepeat() {
        assertEquals(Set.of("had", "ka", "bora"), RepeatedWords.repeatedIn(List.of("He had had enough.",
                "ka ka ka tu", "Bora Bora", "%s %s and 12 12", "standards standard", "the thethe", "x%s s")));
    }

    /** Probabilities by prefix: the stutter "maintain pointer pointer" is the most probable sentence. */
    static final class Scripted implements StepModel {
        List<List<Integer>> rows = new ArrayList<>();

        @Override
        public int vocabularySize() {
            return WORDS.vocabulary().size();
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
            float[][] out = new float[tokens.length][vocabularySize()];
            for (int r = 0; r < tokens.length; r++) {
                if (tokens[r] != Vocabulary.BOS_ID) {
                    rows.get(r).add(tokens[r]);
                }
                List<Integer> prefix = rows.get(r);
                float[] p = new float[vocabularySize()];
                if (prefix.isEmpty()) {
                    p[id(S + "maintain")] = 1;
                } else if (prefix.size() == 1) {
                    p[id(S + "pointer")] = 0.6f;
                    p[id(S + "backchain")] = 0.4f;
                } else if (prefix.size() == 2) {
                    p[id(S + "pointer")] = 0.9f;
                    p[Vocabulary.EOS_ID] = 0.1f;
                } else {
                    p[Vocabulary.EOS_ID] = 1;
                }
                for (int v = 0; v < p.length; v++) {
                    out[r][v] = (float) Math.log(p[v]);
                }
            }
            return out;
        }

        @Override
        public void select(int[] selected) {
            List<List<Integer>> kept = new ArrayList<>();
            for (int r : selected) {
                kept.add(new ArrayList<>(rows.get(r)));
            }
            rows = kept;
        }
    }

    @Test
    void theBeamDropsTheStutterForTheNextBestHypothesis() {
        assertEquals(ids(S + "maintain", S + "pointer", S + "pointer"),
                new BeamSearch(2, 0, 10, 1).decode(new Scripted(), Vocabulary.BOS_ID, Vocabulary.EOS_ID).get(0).tokens());
        assertEquals(ids(S + "maintain", S + "backchain", S + "pointer"),
                guarded(2).decode(new Scripted(), Vocabulary.BOS_ID, Vocabulary.EOS_ID).get(0).tokens());
        // a beam of one has nothing else to turn to: the stutter stays rather than no answer at all
        assertEquals(ids(S + "maintain", S + "pointer", S + "pointer"),
                guarded(1).decode(new Scripted(), Vocabulary.BOS_ID, Vocabulary.EOS_ID).get(0).tokens());
    }

    private static BeamSearch guarded(int beam) {
        return new BeamSearch(beam, 0, 10, 1, 0, new RepeatedWords(WORDS, Set.of()));
    }

    /** Source 0 follows {@link Scripted}; source 1 writes "kinds pointer" and ends. */
    static final class TwoSources implements StepModel {
        final Scripted script = new Scripted();
        int[] sources = new int[0];

        @Override
        public int vocabularySize() {
            return script.vocabularySize();
        }

        @Override
        public void start(int n) {
            script.start(n);
            sources = new int[n];
            Arrays.setAll(sources, r -> r);
        }

        @Override
        public float[][] step(int[] tokens) {
            float[][] out = script.step(tokens);
            for (int r = 0; r < tokens.length; r++) {
                if (sources[r] == 1) {
                    Arrays.fill(out[r], Float.NEGATIVE_INFINITY);
                    List<Integer> written = script.rows.get(r);
                    out[r][written.size() < 3 ? ids(S + "kind", "s", S + "pointer").get(written.size()) : Vocabulary.EOS_ID] = 0;
                }
            }
            return out;
        }

        @Override
        public void select(int[] selected) {
            script.select(selected);
            int[] next = new int[selected.length];
            Arrays.setAll(next, i -> sources[selected[i]]);
            sources = next;
        }
    }

    @Test
    void inABatchOnlyTheRowsOfTheSameSourceCountAsOtherHypotheses() {
        // beam 1: source 0's only row stutters while source 1's does not; source 0 keeps its stutter as it would alone
        List<List<org.seqlab.common.decode.Hypothesis>> batched = guarded(1).decode(new TwoSources(),
                new int[] {10, 10}, Vocabulary.BOS_ID, Vocabulary.EOS_ID);
        assertEquals(ids(S + "maintain", S + "pointer", S + "pointer"), batched.get(0).get(0).tokens());
        assertEquals(ids(S + "kind", "s", S + "pointer"), batched.get(1).get(0).tokens());
        // beam 2: the stutter is dropped for source 0 as alone
        List<List<org.seqlab.common.decode.Hypothesis>> wider = guarded(2).decode(new TwoSources(),
                new int[] {10, 10}, Vocabulary.BOS_ID, Vocabulary.EOS_ID);
        assertEquals(ids(S + "maintain", S + "backchain", S + "pointer"), wider.get(0).get(0).tokens());
        assertEquals(ids(S + "kind", "s", S + "pointer"), wider.get(1).get(0).tokens());
    }
}
