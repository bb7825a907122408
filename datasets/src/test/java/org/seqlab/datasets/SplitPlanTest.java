package org.seqlab.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.common.error.BadInputException;

class SplitPlanTest {
    static final SplitPlan.Keys<LabeledText> KEYS = LabeledText.SPLIT_KEYS;

    @TempDir
    Path dir;

    static List<LabeledText> texts(int n, String... sources) {
        List<LabeledText> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new LabeledText("text " + i, i % 2 == 0 ? "pos" : "neg", sources[i % sources.length]));
        }
        return out;
    }

    static SplitPlan plan(SplitPlan.Method method, int folds) {
        return new SplitPlan(method, 0.8, 0.1, 42, folds, List.of(), List.of(), null, null, null);
    }

    @Test
    void fractionsAreDeterministicDisjointAndComplete() {
        List<LabeledText> all = texts(100, "a");
        Split<LabeledText> s = plan(SplitPlan.Method.STRATIFIED, 0).apply(all, KEYS, null).get(0);
        assertEquals(List.of(80, 10, 10), List.of(s.train().size(), s.validation().size(), s.test().size()));
        Set<LabeledText> union = new HashSet<>(s.train());
        union.addAll(s.validation());
        union.addAll(s.test());
        assertEquals(100, union.size());
        assertEquals("stratified 80/10/10", s.info().method());
        assertEquals(s, plan(SplitPlan.Method.STRATIFIED, 0).apply(all, KEYS, null).get(0));
        assertEquals(5, s.test().stream().filter(t -> t.label().equals("pos")).count());
    }

    @Test
    void crossValidationTestsEveryItemOnceAndKeepsValidationPerFold() {
        List<LabeledText> all = texts(90, "a");
        List<Split<LabeledText>> folds = plan(SplitPlan.Method.STRATIFIED, 3).apply(all, KEYS, null);
        assertEquals(3, folds.size());
        Set<LabeledText> tested = new HashSet<>();
        for (Split<LabeledText> f : folds) {
            assertTrue(f.validation().size() >= 6, "a ninth of 60 training items");
            assertTrue(f.test().stream().noneMatch(f.train()::contains));
            assertTrue(f.validation().stream().noneMatch(f.train()::contains));
            tested.addAll(f.test());
        }
        assertEquals(90, tested.size());
    }

    @Test
    void bySourceTestsOnlyOnTheTestSources() {
        List<LabeledText> all = texts(90, "amazon", "imdb", "yelp");
        SplitPlan p = new SplitPlan(SplitPlan.Method.STRATIFIED, 0.8, 0.1, 1, 0, List.of("amazon", "imdb"),
                List.of("yelp"), null, null, null);
        assertEquals(SplitPlan.Method.BY_SOURCE, p.method());
        Split<LabeledText> s = p.apply(all, KEYS, null).get(0);
        assertTrue(s.test().stream().allMatch(t -> t.source().equals("yelp")));
        assertTrue(s.train().stream().noneMatch(t -> t.source().equals("yelp")));
        assertEquals(30, s.test().size());
        assertEquals("amazon+imdb → yelp", s.info().method());
        SplitPlan unknown = new SplitPlan(SplitPlan.Method.BY_SOURCE, 0.8, 0.1, 1, 0, List.of("ebay"), List.of("yelp"),
                null, null, null);
        BadInputException e = assertThrows(BadInputException.class, () -> unknown.apply(all, KEYS, null));
        assertTrue(e.getMessage().contains("ebay"), e.getMessage());
    }

    @Test
    void theDataOwnSplitCarvesValidationFromTrainingWhenItHasNone() {
        List<LabeledText> all = texts(100, "train", "train", "train", "test");
        Split<LabeledText> s = plan(SplitPlan.Method.OWN, 0).apply(all, KEYS, null).get(0);
        assertEquals(25, s.test().size());
        assertTrue(s.test().stream().allMatch(t -> t.source().equals("test")));
        assertTrue(s.validation().stream().allMatch(t -> t.source().equals("train")));
        assertEquals(75, s.train().size() + s.validation().size());
        assertThrows(BadInputException.class, () -> plan(SplitPlan.Method.OWN, 0).apply(texts(10, "x"), KEYS, null));
    }

    @Test
    void userFilesAreReadAndValidatedFromTrainingWhenNoValidFile() throws Exception {
        Path train = Files.writeString(dir.resolve("train.tsv"), "x");
        Path test = Files.writeString(dir.resolve("test.tsv"), "y");
        SplitPlan p = new SplitPlan(SplitPlan.Method.STRATIFIED, 0.8, 0.1, 1, 0, List.of(), List.of(), train, null, test);
        assertTrue(p.usesFiles());
        Split<LabeledText> s = p.apply(null, KEYS, file -> file.equals(train) ? texts(50, "a") : texts(7, "b")).get(0);
        assertEquals(7, s.test().size());
        assertEquals(50, s.train().size() + s.validation().size());
        assertTrue(s.info().method().startsWith("user files"), s.info().method());
        SplitPlan missing = new SplitPlan(SplitPlan.Method.STRATIFIED, 0.8, 0.1, 1, 0, List.of(), List.of(),
                dir.resolve("nope.tsv"), null, test);
        assertThrows(BadInputException.class, () -> missing.apply(null, KEYS, file -> texts(5, "a")));
    }

    @Test
    void badCombinationsFailBeforeAnyDataIsRead() {
        assertThrows(BadInputException.class, () -> plan(SplitPlan.Method.OWN, 3));
        assertThrows(BadInputException.class, () -> plan(SplitPlan.Method.STRATIFIED, 1));
        assertThrows(BadInputException.class, () -> new SplitPlan(SplitPlan.Method.STRATIFIED, 0.8, 0.1, 1, 0,
                List.of("a"), List.of(), null, null, null));
        assertThrows(BadInputException.class, () -> new SplitPlan(SplitPlan.Method.STRATIFIED, 0.8, 0.1, 1, 0,
                List.of(), List.of(), dir.resolve("train.tsv"), null, null));
        assertThrows(BadInputException.class, () -> new SplitPlan(SplitPlan.Method.STRATIFIED, 0.95, 0.1, 1, 0,
                List.of(), List.of(), null, null, null));
        assertEquals(SplitPlan.Method.BY_SOURCE, SplitPlan.Method.parse("by-source"));
        assertThrows(BadInputException.class, () -> SplitPlan.Method.parse("alphabetical"));
    }
}
