package org.seqlab.datasets;

import org.seqlab.common.app.SplitInfo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.seqlab.common.error.BadInputException;

class SplitsTest {
    /** 700 items: 500 labelled "a", 200 labelled "b". */
    private static List<LabeledText> items() {
        List<LabeledText> items = new ArrayList<>();
        for (int i = 0; i < 700; i++) {
            items.add(new LabeledText("text " + i, i % 7 < 5 ? "a" : "b", "s"));
        }
        return items;
    }

    @Test
    void splitMix64MatchesTheReferenceOutput() {
        // First outputs of Vigna's splitmix64.c for seed 1234567: the split must not depend on the JVM.
        SeededRandom r = new SeededRandom(1234567L);
        assertEquals(6457827717110365317L, r.nextLong());
        assertEquals(3203168211198807973L, r.nextLong());
        assertEquals(-8629252141511181193L, r.nextLong());
    }

    @Test
    void nextIntStaysInRangeAndCoversIt() {
        SeededRandom r = new SeededRandom(7);
        int[] seen = new int[5];
        for (int i = 0; i < 5000; i++) {
            seen[r.nextInt(5)]++;
        }
        for (int n : seen) {
            assertTrue(n > 850 && n < 1150, "roughly uniform: " + java.util.Arrays.toString(seen));
        }
    }

    @Test
    void stratifiedSplitKeepsProportionsAndPartitionsTheItems() {
        Split<LabeledText> split = Splits.stratified(items(), LabeledText::label, 0.8, 0.1, 42);
        assertEquals(560, split.train().size());
        assertEquals(70, split.validation().size());
        assertEquals(70, split.test().size());
        assertEquals(Map.of("a", 400L, "b", 160L), count(split.train()));
        assertEquals(Map.of("a", 50L, "b", 20L), count(split.test()));
        Set<LabeledText> all = new HashSet<>(split.train());
        all.addAll(split.validation());
        all.addAll(split.test());
        assertEquals(700, all.size());
        assertEquals(new SplitInfo("stratified", 42, 0.8, 0.1, 0.1, 560, 70, 70), split.info());
    }

    @Test
    void splitInfoRoundTripsThroughJsonForModelBundles() throws Exception {
        SplitInfo info = Splits.stratified(items(), LabeledText::label, 0.7, 0.15, 9).info();
        String json = org.seqlab.common.io.Json.write(info);
        assertTrue(json.contains("\"seed\" : 9") && json.contains("\"train\" : 490"), json);
        assertEquals(info, org.seqlab.common.io.Json.MAPPER.readValue(json, SplitInfo.class));
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        Split<LabeledText> a = Splits.stratified(items(), LabeledText::label, 0.8, 0.1, 42);
        Split<LabeledText> b = Splits.stratified(items(), LabeledText::label, 0.8, 0.1, 42);
        Split<LabeledText> c = Splits.stratified(items(), LabeledText::label, 0.8, 0.1, 43);
        assertEquals(a.train(), b.train());
        assertEquals(a.test(), b.test());
        assertNotEquals(a.test(), c.test());
    }

    @Test
    void splitDoesNotDependOnLabelsOfOtherItemsOrdering() {
        // Shuffling the input order of another label's items must not move this label's items.
        List<LabeledText> items = items();
        List<LabeledText> reordered = new ArrayList<>(items.stream().filter(t -> t.label().equals("a")).toList());
        reordered.addAll(items.stream().filter(t -> t.label().equals("b")).toList());
        Split<LabeledText> x = Splits.stratified(items, LabeledText::label, 0.8, 0.1, 5);
        Split<LabeledText> y = Splits.stratified(reordered, LabeledText::label, 0.8, 0.1, 5);
        assertEquals(new HashSet<>(x.test()), new HashSet<>(y.test()));
    }

    @Test
    void kFoldTestsEveryItemOnceWithBalancedLabels() {
        List<Split<LabeledText>> folds = Splits.kFold(items(), LabeledText::label, 5, 1);
        assertEquals(5, folds.size());
        Set<LabeledText> tested = new HashSet<>();
        for (Split<LabeledText> fold : folds) {
            assertEquals(140, fold.test().size());
            assertEquals(560, fold.train().size());
            assertEquals(Map.of("a", 100L, "b", 40L), count(fold.test()));
            assertTrue(fold.test().stream().noneMatch(new HashSet<>(fold.train())::contains));
            tested.addAll(fold.test());
        }
        assertEquals(700, tested.size());
        assertEquals("k-fold 3/5", folds.get(2).info().method());
    }

    @Test
    void badFractionsAndKAreUserErrors() {
        assertThrows(BadInputException.class, () -> Splits.stratified(items(), LabeledText::label, 0.9, 0.2, 1));
        assertThrows(BadInputException.class, () -> Splits.kFold(items(), LabeledText::label, 1, 1));
    }

    private static Map<String, Long> count(List<LabeledText> items) {
        return items.stream().collect(Collectors.groupingBy(LabeledText::label, Collectors.counting()));
    }
}
