package org.seqlab.textgen;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.seqlab.common.app.Provenance;
import org.seqlab.common.app.RunPlan;
import org.seqlab.common.app.SplitInfo;
import org.seqlab.common.bundle.ModelBundle;
import org.seqlab.common.cli.DataOptions;
import org.seqlab.common.cli.NetworkOptions;
import org.seqlab.common.cli.TrainOptions;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.report.Report;
import org.seqlab.common.rnn.CellType;
import org.seqlab.common.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code seqlab textgen train}: a character (or word) language model on any text, with a bundle and a report. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a character-level (or word-level) language model: the text cut into --batch contiguous "
                + "streams read side by side, truncated BPTT over --tbptt steps with the recurrent state carried from "
                + "window to window, validation on the last 5 %% of the text (state carried too) after every epoch, "
                + "the best epoch kept. Training stops after --minutes of fitting time or --epochs, whichever comes "
                + "first, or when validation stops improving (--patience).",
                "Writes a model bundle (--model) and a report with samples after every epoch (--out)."})
public final class TrainCommand implements Callable<Integer> {
    @Mixin
    DataOptions data = defaultData();

    @Mixin
    NetworkOptions network = defaultNetwork();

    @Mixin
    TrainOptions training = defaultTraining();

    @Option(names = "--level", paramLabel = "char|word",
            description = "What a token is: a character, or a word/punctuation mark with a token per line end. "
                    + "Default: ${DEFAULT-VALUE}.")
    Level level = Level.CHAR;

    @Option(names = "--vocab-size", paramLabel = "N",
            description = "Word level: keep the N most frequent words, the rest become the unknown token. "
                    + "Default: ${DEFAULT-VALUE}.")
    int vocabularySize = 10_000;

    @Option(names = "--max-steps", paramLabel = "N",
            description = "Stop after N optimiser steps (one step = one window of every stream), a budget that does "
                    + "not depend on the machine; 0 = none. Default: ${DEFAULT-VALUE}.")
    long maxSteps = 0;

    @Option(names = "--lr-cosine", negatable = true, fallbackValue = "true",
            description = "Anneal the learning rate from --lr to 0 along a half cosine over the run: over the --minutes "
                    + "budget (by the fitting time used when each epoch starts), or over --epochs/--max-steps when they "
                    + "end it first. --no-lr-cosine for a constant rate or --lr-decay's. Default: ${DEFAULT-VALUE}.")
    boolean cosine = true;

    static DataOptions defaultData() {
        DataOptions d = new DataOptions();
        d.data = "moby-dick";
        return d;
    }

    static NetworkOptions defaultNetwork() {
        NetworkOptions n = new NetworkOptions();
        n.cell = CellType.GRU;
        n.layers = 2;
        n.hidden = 256;
        n.dropout = 0.2;
        n.embeddingDim = 128;
        return n;
    }

    static TrainOptions defaultTraining() {
        TrainOptions t = new TrainOptions();
        t.epochs = 100;
        t.minutes = 20;
        t.patience = 3;
        t.batch = 32;
        t.tbptt = 100;
        // with --lr-cosine (below): 20 minutes on one core end at 1.337 nats/char, against 1.358 with 5e-3 x0.9 an
        // epoch and 1.371 with session 7's 3e-3 x0.9 (docs/textgen.md)
        t.learningRate = 5e-3;
        t.clipNorm = 5.0;
        t.model = Path.of("models", "textgen");
        t.out = Path.of("reports", "textgen");
        return t;
    }

    TextGenSettings settings() {
        network.validate();
        if (training.seeds != 1) {
            throw new BadInputException("textgen trains one run per command (each takes its --minutes); "
                    + "--seeds is not available here");
        }
        if (network.bidirectional) {
            throw new BadInputException("a language model reads left to right: --bidirectional is not available here");
        }
        if (cosine && training.learningRateDecay != 1) {
            throw new BadInputException("--lr-decay and --lr-cosine are two learning-rate schedules: add --no-lr-cosine "
                    + "to use --lr-decay");
        }
        if (!"random".equals(network.embeddings)) {
            throw new BadInputException("textgen learns its own embeddings: --embeddings must be random");
        }
        return new TextGenSettings(level, vocabularySize, network.cell, network.layers, network.hidden, network.dropout,
                network.embeddingDim, training.settings(), training.minutes, maxSteps, cosine);
    }

    @Override
    public Integer call() throws Exception {
        TextGenSettings settings = settings();
        ModelBundle.checkTarget(training.model);
        Report.checkTarget(training.out);
        Instant started = Instant.now();
        Corpus corpus = Corpus.load(data.data);
        Path checkpoints = RunPlan.checkpoints(training.model, 0, 1);
        TextGenTraining.Outcome outcome = TextGenTraining.run(corpus, settings, checkpoints, training.resume,
                training.scaleOut());
        Path report = save(corpus, settings, outcome, started, training.model, training.out);
        Trainer.discardCheckpoints(checkpoints);
        // one line, like every app's summary: the launcher passes stderr through a filter, so a second line on
        // stdout could land in the middle of this one
        System.err.printf("textgen: validation %.4f nats/%s (%.4f bits); model in %s, report %s%n",
                outcome.validation().natsPerToken(), level.unit(), outcome.validation().bitsPerToken(), training.model,
                report);
        return 0;
    }

    /** Writes the bundle and the report; returns the report's path. */
    static Path save(Corpus corpus, TextGenSettings settings, TextGenTraining.Outcome outcome, Instant started,
                     Path model, Path out) throws IOException {
        String unit = settings.level().unit();
        var history = outcome.training().history();
        double fitSeconds = history.stream().mapToDouble(r -> r.seconds()).sum();
        Map<String, Object> metrics = new LinkedHashMap<>();
        outcome.validation().flat().forEach(metrics::put);
        metrics.put("epochs", history.size());
        metrics.put("best_epoch", outcome.training().bestEpoch());
        metrics.put("steps", history.isEmpty() ? 0 : history.get(history.size() - 1).validation().get("steps").longValue());
        metrics.put("training_minutes", fitSeconds / 60);
        metrics.put("train_tokens_per_second", Math.round(outcome.training().tokensPerSecond()));
        metrics.put("seconds", outcome.training().seconds());
        Provenance provenance = Provenance.of(corpus.name(), corpus.sha256(),
                new SplitInfo("contiguous: the last 5 % of the " + unit + "s validates", settings.training().seed(),
                        1 - Corpus.VALIDATION_SHARE, Corpus.VALIDATION_SHARE, 0, outcome.trainTokens(),
                        outcome.validationTokens(), 0),
                settings, settings.training(), List.of(settings.training().seed()), "seed " + settings.training().seed(),
                outcome.training().bestEpoch(), started, Map.of("unit", unit));
        ModelBundle.Writer writer = ModelBundle.writer(TextGenModel.TASK).data(corpus.name()).metrics(metrics)
                .provenance(provenance);
        outcome.model().addTo(writer);
        writer.write(model);
        return TextGenReport.write(out, corpus, settings, outcome, provenance, metrics);
    }
}
