package org.seqlab.common.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.common.error.BadInputException;

class RunPlanTest {
    @TempDir
    Path dir;

    @Test
    void seedsGetTheirOwnSeedsAndCheckpointFolders() throws Exception {
        Path model = dir.resolve("models").resolve("m");
        RunPlan plan = RunPlan.of(3, 0, 42, model);
        assertEquals(List.of(42L, 43L, 44L), plan.runs().stream().map(Run::seed).toList());
        assertEquals(model.toAbsolutePath().resolveSibling("m.checkpoints").resolve("run-2"), plan.runs().get(1).checkpoints());
        List<String> seen = plan.execute(run -> run.name() + "@" + run.index());
        assertEquals(List.of("seed 42@0", "seed 43@1", "seed 44@2"), seen);

        RunPlan single = RunPlan.of(1, 0, 7, model);
        assertFalse(single.repeated());
        assertEquals(model.toAbsolutePath().resolveSibling("m.checkpoints"), single.runs().get(0).checkpoints());
    }

    @Test
    void foldsShareTheSeedAndComparisonsComeAfterTheRuns() {
        RunPlan folds = RunPlan.of(1, 4, 9, dir.resolve("m"));
        assertEquals(4, folds.runs().size());
        assertTrue(folds.runs().stream().allMatch(r -> r.seed() == 9));
        assertEquals("fold 2/4", folds.runs().get(1).name());
        RunPlan withExtra = folds.withExtraRuns(List.of("--embeddings random"), dir.resolve("m"));
        assertEquals(5, withExtra.runs().size());
        assertEquals("--embeddings random", withExtra.runs().get(4).name());
        assertEquals(9, withExtra.runs().get(4).seed());
        assertTrue(withExtra.runs().get(4).checkpoints().endsWith("run-5"));
    }

    @Test
    void badCombinationsAreUserErrors() {
        assertThrows(BadInputException.class, () -> RunPlan.of(2, 3, 1, dir.resolve("m")));
        assertThrows(BadInputException.class, () -> RunPlan.of(0, 0, 1, dir.resolve("m")));
        assertThrows(BadInputException.class, () -> RunPlan.of(1, 1, 1, dir.resolve("m")));
    }

    @Test
    void theKeptRunIsTheBestOnValidation() {
        record R(double validation, double test) {
        }
        List<R> results = List.of(new R(0.7, 0.9), new R(0.8, 0.6), new R(0.75, 0.95));
        assertEquals(results.get(1), RunPlan.chooseByValidation(results, R::validation, true));
        assertEquals(results.get(0), RunPlan.chooseByValidation(results, R::validation, false));
    }

    @Test
    void discardingRemovesEveryRunsCheckpointsAndTheEmptyParent() throws Exception {
        Path model = dir.resolve("m");
        RunPlan plan = RunPlan.of(2, 0, 1, model);
        for (Run run : plan.runs()) {
            Files.createDirectories(run.checkpoints());
            Files.writeString(run.checkpoints().resolve("epoch-1.zip"), "x");
        }
        plan.discardCheckpoints();
        assertFalse(Files.exists(plan.runs().get(0).checkpoints().getParent()));
    }

    @Test
    void meanAndSampleStandardDeviation() {
        MeanStd m = MeanStd.of(List.of(0.8, 0.9, 1.0));
        assertEquals(0.9, m.mean(), 1e-12);
        assertEquals(0.1, m.std(), 1e-12);
        assertEquals("0.900 ± 0.100", m.format(3));
        assertEquals("0.80", MeanStd.of(List.of(0.8)).format(2));
    }
}
