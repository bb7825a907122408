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

class RepeatedWordGuardTest {
    private static final String S = BytePairEncoding.SPACE;
    private static final SubwordCodec WORDS = new SubwordCodec(null, Vocabulary.build(List.of(List.of(S + "maintain",
            S + "pointer", S + "backchain", S + "%s", S + "12", S + "kind", "s", S + "Pointer")), 1, 0));

    private static int id(String word) {
        return WORDS.vocabulary().id(word);
    }

    private static List<Integer> ids(String... words) {
        return Arrays.stream(words).map(RepeatedWordGuardTest::id).toList();
    }

    @Test
    void aWordWrittenTwiceInARowIsAStutterAPlaceholderOrNumberIsNot() {
        RepeatedWordGuard guard = new RepeatedWordGuard(new Scripted(), WORDS, Set.of());
        assertTrue(guard.endsInRepeatedWord(ids(S + "maintain", S + "pointer", S + "pointer")));
        assertTrue(guard.endsInRepeatedWord(ids(S + "Pointer", S + "pointer")), "case does not matter");
        assertFalse(guard.endsInRepeatedWord(ids(S + "pointer", S + "maintain", S + "pointer")));
        assertFalse(guard.endsInRepeatedWord(ids(S + "kind", S + "kind", "s")), "kind kinds");
        assertFalse(guard.endsInRepeatedWord(ids(S + "%s", S + "%s")), "placeholders repeat in messages");
        assertFalse(guard.endsInRepeatedWord(ids(S + "12", S + "12")));
        assertFalse(guard.endsInRepeatedWord(ids(S + "pointer")));
        RepeatedWordGuard allowing = new RepeatedWordGuard(new Scripted(), WORDS, Set.of("pointer"));
        assertFalse(allowing.endsInRepeatedWord(ids(S + "maintain", S + "Pointer", S + "pointer")));
        assertTrue(allowing.endsInRepeatedWord(ids(S + "kind", S + "kind")));
    }

    @Test
    void theWordsThatTrainingTargetsRepeatMayRepeat() {
        assertEquals(Set.of("had", "ka", "bora"), RepeatedWordGuard.repeatedIn(List.of("He had had enough.",
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
        BeamSearch beam = new BeamSearch(2, 0, 10, 1);
        assertEquals(ids(S + "maintain", S + "pointer", S + "pointer"),
                beam.decode(new Scripted(), Vocabulary.BOS_ID, Vocabulary.EOS_ID).get(0).tokens());
        assertEquals(ids(S + "maintain", S + "backchain", S + "pointer"),
                beam.decode(new RepeatedWordGuard(new Scripted(), WORDS, Set.of()), Vocabulary.BOS_ID, Vocabulary.EOS_ID).get(0).tokens());
        // a beam of one has nothing else to turn to: the stutter stays rather than no answer at all
        BeamSearch single = new BeamSearch(1, 0, 10, 1);
        assertEquals(ids(S + "maintain", S + "pointer", S + "pointer"),
                single.decode(new RepeatedWordGuard(new Scripted(), WORDS, Set.of()), Vocabulary.BOS_ID, Vocabulary.EOS_ID).get(0).tokens());
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
        List<List<org.seqlab.common.decode.Hypothesis>> batched = new BeamSearch(1, 0, 10, 1).decode(
                new RepeatedWordGuard(new TwoSources(), WORDS, Set.of()), new int[] {10, 10}, Vocabulary.BOS_ID,
                Vocabulary.EOS_ID);
        assertEquals(ids(S + "maintain", S + "pointer", S + "pointer"), batched.get(0).get(0).tokens());
        assertEquals(ids(S + "kind", "s", S + "pointer"), batched.get(1).get(0).tokens());
        // beam 2: the stutter is dropped for source 0 as alone
        List<List<org.seqlab.common.decode.Hypothesis>> wider = new BeamSearch(2, 0, 10, 1).decode(
                new RepeatedWordGuard(new TwoSources(), WORDS, Set.of()), new int[] {10, 10}, Vocabulary.BOS_ID,
                Vocabulary.EOS_ID);
        assertEquals(ids(S + "maintain", S + "backchain", S + "pointer"), wider.get(0).get(0).tokens());
        assertEquals(ids(S + "kind", "s", S + "pointer"), wider.get(1).get(0).tokens());
    }
}
