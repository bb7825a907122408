package org.seqlab.common.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.train.Trainer;

/**
 * The runs one {@code train} command makes: one, several seeds on the same split ({@code --seeds N}), or one
 * per cross-validation fold ({@code --cv K}). Each run gets its own checkpoint folder beside the model
 * ({@code <model>.checkpoints[/run-i]}); {@link #execute} runs them, keeps the one that did best on its
 * validation data (never the test data) and removes the checkpoints once everything is saved.
 */
public record RunPlan(List<Run> runs) {
    public RunPlan {
        runs = List.copyOf(runs);
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("a plan needs at least one run");
        }
    }

    /** {@code seeds} runs with seeds {@code firstSeed, firstSeed + 1, ...}. */
    public static RunPlan seeds(int seeds, long firstSeed, Path model) {
        if (seeds < 1 || seeds > 100) {
            throw new BadInputException("--seeds must be between 1 and 100, got " + seeds);
        }
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < seeds; i++) {
            runs.add(new Run(i, seeds, firstSeed + i, seeds > 1 ? "seed " + (firstSeed + i) : "seed " + firstSeed,
                    checkpoints(model, i, seeds)));
        }
        return new RunPlan(runs);
    }

    /** One run per fold, all with the same seed (the folds differ, not the initialisation). */
    public static RunPlan folds(int folds, long seed, Path model) {
        if (folds < 2 || folds > 50) {
            throw new BadInputException("--cv must be 0 (off) or between 2 and 50, got " + folds);
        }
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < folds; i++) {
            runs.add(new Run(i, folds, seed, "fold " + (i + 1) + "/" + folds, checkpoints(model, i, folds)));
        }
        return new RunPlan(runs);
    }

    /** {@code --seeds} or {@code --cv}, whichever the user asked for (not both). */
    public static RunPlan of(int seeds, int folds, long seed, Path model) {
        if (folds != 0 && seeds > 1) {
            throw new BadInputException("use either --cv or --seeds, not both");
        }
        return folds != 0 ? folds(folds, seed, model) : seeds(seeds, seed, model);
    }

    /** This plan followed by {@code extra} more runs (comparisons), numbered after it, with its first seed. */
    public RunPlan withExtraRuns(List<String> names, Path model) {
        int count = runs.size() + names.size();
        List<Run> all = new ArrayList<>();
        for (Run run : runs) {
            all.add(new Run(run.index(), count, run.seed(), run.name(), checkpoints(model, run.index(), count)));
        }
        for (int i = 0; i < names.size(); i++) {
            int index = runs.size() + i;
            all.add(new Run(index, count, runs.get(0).seed(), names.get(i), checkpoints(model, index, count)));
        }
        return new RunPlan(all);
    }

    public boolean repeated() {
        return runs.size() > 1;
    }

    /** Where the checkpoints of run {@code index} of {@code count} go. */
    public static Path checkpoints(Path model, int index, int count) {
        Path base = model.toAbsolutePath().resolveSibling(model.getFileName() + ".checkpoints");
        return count > 1 ? base.resolve("run-" + (index + 1)) : base;
    }

    /** Trains one run. */
    @FunctionalInterface
    public interface RunBody<R> {
        R train(Run run) throws IOException;
    }

    /** Runs every run in order, logging which one is running when there are several. */
    public <R> List<R> execute(RunBody<R> body) throws IOException {
        List<R> results = new ArrayList<>();
        for (Run run : runs) {
            if (repeated() && !Boolean.getBoolean("seqlab.quiet")) {
                System.err.printf("run %d/%d: %s%n", run.index() + 1, run.count(), run.name());
            }
            results.add(body.train(run));
        }
        return results;
    }

    /**
     * The result that did best on its validation data ({@code higherIsBetter} for accuracy or BLEU, not for
     * loss): the one a bundle keeps. Test scores never choose.
     */
    public static <R> R chooseByValidation(List<R> results, java.util.function.ToDoubleFunction<R> validation,
                                           boolean higherIsBetter) {
        java.util.Comparator<R> order = java.util.Comparator.comparingDouble(validation);
        return results.stream().max(higherIsBetter ? order : order.reversed()).orElseThrow();
    }

    /** Deletes every run's checkpoints; call once the model bundle and the report are written. */
    public void discardCheckpoints() throws IOException {
        for (Run run : runs) {
            Trainer.discardCheckpoints(run.checkpoints());
        }
        if (repeated()) {
            Trainer.discardCheckpoints(runs.get(0).checkpoints().getParent());
        }
    }
}
