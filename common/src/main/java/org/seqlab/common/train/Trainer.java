package org.seqlab.common.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.progress.Progress;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.common.io.AtomicFiles;
import org.seqlab.common.io.Hashing;
import org.seqlab.common.io.Json;

/**
 * The training loop every app uses: epochs of shuffled mini-batches, validation after each, early
 * stopping with patience, the best model kept, and a checkpoint after every epoch from which an
 * interrupted run resumes exactly: the checkpoint holds the parameters, the updater state and the
 * iteration and epoch counts (learning-rate schedules), the data order depends only on (seed, epoch), and
 * ND4J's global generator (dropout, weight noise, anything initialised later) is reseeded from the run's
 * fingerprint and the epoch at the start of every epoch. With parameter averaging
 * ({@link TrainerConfig#averageDecay()}) the average is validated and kept, and the checkpoint holds it too.
 * Writes {@code training-log.csv} as it goes.
 */
public final class Trainer {
    static final String STATE_FILE = "state.json";
    /** The best model of format-1 checkpoints; now {@code best-epoch-<n>.zip}, named in the state. */
    static final String BEST_FILE = "best.zip";
    public static final String LOG_FILE = "training-log.csv";

    private final TrainerConfig config;
    private final EpochFitter fitter;

    public Trainer(TrainerConfig config) {
        this(config, new LocalEpochFitter());
    }

    /** Fits the epochs where {@code scaleOut} says: in this JVM, or on a cluster engine found on the class path. */
    public Trainer(TrainerConfig config, ScaleOutSettings scaleOut) {
        this(config, EpochFitterFactory.forSettings(scaleOut));
    }

    public Trainer(TrainerConfig config, EpochFitter fitter) {
        this.config = config;
        this.fitter = fitter;
    }

    /** The checkpoint state: enough to continue as if the run had never stopped. */
    record State(int epochsDone, int bestEpoch, Double bestValue, int epochsWithoutImprovement,
                 List<EpochRecord> history, String checkpointFile, String networkType, String fingerprint,
                 String bestFile, String averageFile) {
        /** The best model's file; checkpoints written before it was named in the state used {@value #BEST_FILE}. */
        String best() {
            return bestFile == null ? BEST_FILE : bestFile;
        }
    }

    public <N> TrainingResult<N> train(TrainableModel<N> model, BatchSource train, Validator<N> validator)
            throws IOException {
        Path dir = config.checkpointDir();
        Files.createDirectories(dir);
        AtomicFiles.sweepStale(dir.resolve(STATE_FILE));
        State state = new State(0, 0, null, 0, new ArrayList<>(), null, Trainables.typeOf(model.network()),
                config.fingerprint(), null, null);
        int resumedAfter = 0;
        if (config.resume() && Files.exists(dir.resolve(STATE_FILE))) {
            state = readState(dir);
            if (!String.valueOf(config.fingerprint()).equals(String.valueOf(state.fingerprint()))
                    || (state.averageFile() != null) != (config.averageDecay() > 0)) {
                throw new BadInputException("the checkpoint in " + dir + " was made with other settings; "
                        + "train again with the same options, or delete that folder to start afresh");
            }
            model = model.reload(dir.resolve(state.checkpointFile()), true);
            resumedAfter = state.epochsDone();
            log("resuming after epoch %d of %d from %s", resumedAfter, config.epochs(), dir);
        } else {
            clearCheckpoints(dir);
        }
        ParameterAverage average = null;
        if (config.averageDecay() > 0) {
            if (!fitter.fitsTheGivenModel()) {
                throw new BadInputException("parameter averaging needs every training step in this JVM; "
                        + "it does not work with --spark");
            }
            average = resumedAfter > 0 ? ParameterAverage.read(dir.resolve(state.averageFile()), model.network(),
                    config.averageDecay()) : ParameterAverage.start(model.network(), config.averageDecay());
        }
        TrainableModel<N> fitted = average == null ? model : average.updatedBy(model);
        List<EpochRecord> history = new ArrayList<>(state.history());
        double fitSeconds = 0;
        long fitTokens = 0;
        long start = System.nanoTime();
        boolean stoppedEarly = false;
        double budgetUsed = history.stream().mapToDouble(EpochRecord::seconds).sum();
        for (int epoch = state.epochsDone() + 1; epoch <= config.epochs(); epoch++) {
            if (config.patience() > 0 && state.epochsWithoutImprovement() >= config.patience()) {
                stoppedEarly = true;
                break;
            }
            if (config.budgetSeconds() > 0 && budgetUsed >= config.budgetSeconds()) {
                log("time budget of %.0f s used up after epoch %d", config.budgetSeconds(), epoch - 1);
                break;
            }
            BatchSource source = config.budgetSeconds() > 0
                    ? budgeted(train, (long) Math.ceil((config.budgetSeconds() - budgetUsed) * 1e9)) : train;
            model.setEpoch(epoch - 1);
            if (config.cosineFrom() > 0) {
                model.setLearningRate(config.cosineRate(epoch, budgetUsed));
            }
            double learningRate = model.learningRate();
            Nd4j.getRandom().setSeed(randomSeed(epoch));
            EpochFitter.EpochStats stats;
            try (Progress progress = config.background() != null ? Progress.silent()
                    : Progress.start("epoch " + epoch + "/" + config.epochs(), train.batchesPerEpoch(), "batch")) {
                stats = fitter.fit(fitted, source, epoch, progress);
            }
            budgetUsed += stats.seconds();
            fitSeconds += stats.seconds();
            fitTokens += stats.tokens();
            TrainableModel<N> current = model;
            Map<String, Double> validation = validator == null ? Map.of()
                    : new LinkedHashMap<>(withAverage(average, () -> validator.validate(current)));
            // the fitters count tokens per batch fitted, so this is the share of the batches
            double share = train.tokensPerEpoch() > 0 ? Math.min(1, stats.tokens() / (double) train.tokensPerEpoch()) : 1;
            EpochRecord record = new EpochRecord(epoch, stats.meanLoss(), validation,
                    stats.tokens() / Math.max(stats.seconds(), 1e-9), stats.seconds(), learningRate, share);
            history.add(record);
            double value = monitored(record);
            boolean improved = state.bestValue() == null
                    || (config.higherIsBetter() ? value > state.bestValue() : value < state.bestValue());
            // before the checkpoint, so that a resumed run continues at the lowered rate
            double loweredRate = !improved && config.plateauDecay() > 0 ? model.scaleLearningRate(config.plateauDecay()) : 0;
            // new files first, then the state that names them, then the old files: a kill at any point leaves
            // a state whose files all exist
            String best = state.bestFile() == null && state.bestEpoch() == 0 ? null : state.best();
            if (improved) {
                best = "best-epoch-" + epoch + ".zip";
                Path bestPath = dir.resolve(best);
                withAverage(average, () -> {
                    AtomicFiles.writeFile(bestPath, tmp -> current.save(tmp, false));
                    return null;
                });
            }
            String checkpoint = "epoch-" + epoch + ".zip";
            AtomicFiles.writeFile(dir.resolve(checkpoint), tmp -> current.save(tmp, true));
            String averageFile = average == null ? null : "average-epoch-" + epoch + ".bin";
            if (average != null) {
                average.save(dir.resolve(averageFile));
            }
            State previous = state;
            state = new State(epoch, improved ? epoch : state.bestEpoch(), improved ? value : state.bestValue(),
                    improved ? 0 : state.epochsWithoutImprovement() + 1, history, checkpoint, state.networkType(),
                    config.fingerprint(), best, averageFile);
            Json.writeFile(dir.resolve(STATE_FILE), state);
            for (String old : new String[] {previous.checkpointFile(), previous.bestEpoch() == 0 ? null : previous.best(),
                    previous.averageFile()}) {
                if (old != null && !old.equals(checkpoint) && !old.equals(best) && !old.equals(averageFile)) {
                    Files.deleteIfExists(dir.resolve(old));
                }
            }
            writeLog(dir.resolve(LOG_FILE), history);
            log("epoch %d/%d  train loss %.4f  %s  (%.1f s, %,.0f tok/s%s)%s", epoch, config.epochs(), stats.meanLoss(),
                    describe(validation), stats.seconds(), record.tokensPerSecond(),
                    record.partial() ? String.format(", %.0f %% of the epoch: budget reached", 100 * share) : "",
                    improved ? "  *best*" : "");
            if (loweredRate > 0) {
                log("no improvement: learning rate x%s, now %.3g", config.plateauDecay(), loweredRate);
            }
        }
        if (config.patience() > 0 && state.epochsWithoutImprovement() >= config.patience()
                && state.epochsDone() < config.epochs()) {
            stoppedEarly = true;
        }
        // whatever the caller creates next starts from the same random state, resumed or not
        Nd4j.getRandom().setSeed(randomSeed(config.epochs() + 1));
        TrainableModel<N> best = model.reload(dir.resolve(state.best()), false);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new TrainingResult<>(best, List.copyOf(history), state.bestEpoch(), seconds,
                fitTokens / Math.max(fitSeconds, 1e-9), stoppedEarly, resumedAfter,
                config.budgetSeconds() > 0 && budgetUsed >= config.budgetSeconds());
    }

    /**
     * The same batches, ending the epoch once {@code nanos} have passed since it began. The clock starts when the
     * fitter asks for the epoch's batches, after it started its own: the time it measures is then at least the
     * budget, which is thus used up, never short by the set-up before the epoch.
     */
    private static BatchSource budgeted(BatchSource source, long nanos) {
        return new BatchSource() {
            @Override
            public int batchesPerEpoch() {
                return source.batchesPerEpoch();
            }

            @Override
            public long tokensPerEpoch() {
                return source.tokensPerEpoch();
            }

            @Override
            public BatchSource forDataParallel() {
                return budgeted(source.forDataParallel(), nanos);
            }

            @Override
            public java.util.Iterator<org.nd4j.linalg.dataset.api.MultiDataSet> epoch(int epoch) {
                long deadline = System.nanoTime() + nanos;
                java.util.Iterator<org.nd4j.linalg.dataset.api.MultiDataSet> batches = source.epoch(epoch);
                return new java.util.Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return System.nanoTime() < deadline && batches.hasNext();
                    }

                    @Override
                    public org.nd4j.linalg.dataset.api.MultiDataSet next() {
                        return batches.next();
                    }
                };
            }
        };
    }

    /** {@code work} with the average as the network's parameters, or as it is without parameter averaging. */
    private static <T> T withAverage(ParameterAverage average, ParameterAverage.ThrowingSupplier<T> work)
            throws IOException {
        return average == null ? work.get() : average.withAverage(work);
    }

    /** The seed of ND4J's global generator in {@code epoch}: from the run's settings and the epoch only. */
    long randomSeed(int epoch) {
        String hash = Hashing.sha256(String.valueOf(config.fingerprint()).getBytes(StandardCharsets.UTF_8));
        return Long.parseLong(hash.substring(0, 15), 16) * 1_000_003L + epoch;
    }

    private static State readState(Path dir) throws IOException {
        Path file = dir.resolve(STATE_FILE);
        State state;
        try {
            state = Json.read(file, State.class);
        } catch (JsonProcessingException e) {
            throw new BadInputException("the checkpoint " + file + " is corrupt (truncated?); "
                    + "train without --resume, or delete " + dir + " to start afresh");
        }
        if (state == null || state.checkpointFile() == null || state.networkType() == null || state.history() == null
                || state.epochsDone() != state.history().size()
                || !Files.isRegularFile(dir.resolve(state.checkpointFile()), LinkOption.NOFOLLOW_LINKS)
                || !state.checkpointFile().matches("epoch-\\d+\\.zip") || !state.best().matches("best(-epoch-\\d+)?\\.zip")
                || state.averageFile() != null && (!state.averageFile().matches("average-epoch-\\d+\\.bin")
                        || !Files.isRegularFile(dir.resolve(state.averageFile()), LinkOption.NOFOLLOW_LINKS))) {
            throw new BadInputException("the checkpoint " + file + " is incomplete or not SeqLab's; "
                    + "train without --resume, or delete " + dir + " to start afresh");
        }
        return state;
    }

    private double monitored(EpochRecord record) {
        Double value = record.validation().get(config.monitor());
        if (value == null && "loss".equals(config.monitor())) {
            value = record.trainLoss();
        }
        if (value == null) {
            throw new IllegalStateException("the validator reports no '" + config.monitor() + "'; it reports "
                    + record.validation().keySet());
        }
        return value;
    }

    /** Deletes a run's checkpoints once it has finished and its model is saved elsewhere. */
    public static void discardCheckpoints(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        clearCheckpoints(dir);
        // the run is over: its per-epoch log lives on in the report (ReportSections.learningCurves)
        Files.deleteIfExists(dir.resolve(LOG_FILE));
        try (var rest = Files.list(dir)) {
            if (rest.findAny().isEmpty()) {
                Files.delete(dir);
            }
        }
    }

    private static void clearCheckpoints(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.equals(STATE_FILE) || name.startsWith("best") && name.endsWith(".zip") || name.startsWith("epoch-")
                        || name.startsWith("average-epoch-")) {
                    Files.delete(file);
                }
            }
        }
    }

    /** The per-epoch CSV: epoch, train loss, every validation metric, tokens per second, seconds, learning rate. */
    public static void writeLog(Path csv, List<EpochRecord> history) throws IOException {
        TreeSet<String> keys = new TreeSet<>();
        history.forEach(r -> keys.addAll(r.validation().keySet()));
        StringBuilder out = new StringBuilder("epoch,train_loss");
        keys.forEach(k -> out.append(",val_").append(k));
        out.append(",tokens_per_second,seconds,learning_rate,share_of_epoch\n");
        for (EpochRecord r : history) {
            out.append(r.epoch()).append(',').append(r.trainLoss());
            for (String k : keys) {
                Double v = r.validation().get(k);
                out.append(',').append(v == null ? "" : v.toString());
            }
            out.append(',').append(Math.round(r.tokensPerSecond())).append(',')
                    .append(String.format(java.util.Locale.ROOT, "%.3f", r.seconds())).append(',')
                    .append(r.learningRate() > 0 ? String.format(java.util.Locale.ROOT, "%.4g", r.learningRate()) : "")
                    .append(',').append(r.share() > 0 ? String.format(java.util.Locale.ROOT, "%.3f", r.share()) : "")
                    .append('\n');
        }
        AtomicFiles.writeString(csv, out.toString());
    }

    private static String describe(Map<String, Double> validation) {
        StringBuilder s = new StringBuilder();
        validation.forEach((k, v) -> s.append("val ").append(k).append(' ').append(String.format("%.4f", v)).append("  "));
        return s.toString().strip();
    }

    private void log(String format, Object... args) {
        if (!Boolean.getBoolean("seqlab.quiet")) {
            String line = String.format(format, args);
            System.err.println(config.background() == null ? line : "[" + config.background() + "] " + line);
        }
    }
}
