package org.seqlab.common.cli;

import org.seqlab.common.train.ScaleOutSettings;
import org.seqlab.common.train.TrainSettings;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options of every {@code train} command: budget, optimiser, clipping, checkpoints and output. */
public class TrainOptions {
    @Option(names = "--epochs", paramLabel = "N", description = "Maximum number of epochs. Default: ${DEFAULT-VALUE}.")
    public int epochs = 10;

    /** An app with a budget sets its own default before picocli reads the options (--help shows it). */
    @Option(names = "--minutes", paramLabel = "M",
            description = "Budget of fitting time in minutes (fractions allowed; validation is not counted; also "
                    + "across --resume): training ends at the budget, --epochs or early stopping, whichever comes "
                    + "first; 0 = no budget. Default: ${DEFAULT-VALUE}.")
    public double minutes = 0;

    @Option(names = "--batch", paramLabel = "N", description = "Mini-batch size. Default: ${DEFAULT-VALUE}.")
    public int batch = 32;

    @Option(names = "--seed", paramLabel = "N",
            description = "Random seed for initialisation, shuffling and splits. Default: ${DEFAULT-VALUE}.")
    public long seed = 42;

    @Option(names = "--seeds", paramLabel = "N",
            description = "Train N times with seeds seed..seed+N-1 on the same split; reports show mean ± std and the "
                    + "bundle keeps the run with the best validation score. Default: ${DEFAULT-VALUE}.")
    public int seeds = 1;

    @Option(names = "--lr", paramLabel = "RATE", description = "Adam learning rate. Default: ${DEFAULT-VALUE}.")
    public double learningRate = 2e-3;

    @Option(names = "--lr-decay", paramLabel = "GAMMA",
            description = "Multiply the learning rate by GAMMA after every epoch (1 = constant). Default: ${DEFAULT-VALUE}.")
    public double learningRateDecay = 1.0;

    @Option(names = "--patience", paramLabel = "N",
            description = "Stop after N epochs without improvement of the validation metric (0 = never stop early). "
                    + "Default: ${DEFAULT-VALUE}.")
    public int patience = 3;

    @Option(names = "--clip-norm", paramLabel = "X",
            description = "Rescale each layer's gradient to L2 norm at most X (0 = off). Default: ${DEFAULT-VALUE}.")
    public double clipNorm = 5.0;

    @Option(names = "--clip-value", paramLabel = "X",
            description = "Clip every gradient element to [-X, X] (0 = off; replaces --clip-norm). Default: ${DEFAULT-VALUE}.")
    public double clipValue = 0.0;

    @Option(names = "--tbptt", paramLabel = "K",
            description = "Truncated backpropagation through time with K steps (0 = full BPTT). Default: ${DEFAULT-VALUE}.")
    public int tbptt = 0;

    @Option(names = "--model", paramLabel = "DIR", description = "Where to write the model bundle. Default: ${DEFAULT-VALUE}.")
    public Path model;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Where to write report.html, charts and metrics.json. Default: ${DEFAULT-VALUE}.")
    public Path out;

    @Option(names = "--resume", negatable = true, fallbackValue = "true",
            description = "Continue an interrupted run from the last checkpoint in the model folder's checkpoints. "
                    + "Default: ${DEFAULT-VALUE}.")
    public boolean resume = false;

    @Option(names = "--spark", paramLabel = "MASTER",
            description = "Train data-parallel on Apache Spark with parameter averaging: local[N], spark://host:port, "
                    + "yarn or k8s://... (needs seqlab.jar; see docs/scale-out.md). Default: train in this JVM.")
    public String spark;

    @Option(names = "--averaging-frequency", paramLabel = "N",
            description = "With --spark: mini-batches each worker fits between two averagings of the parameters. "
                    + "Default: ${DEFAULT-VALUE}.")
    public int averagingFrequency = ScaleOutSettings.DEFAULT_AVERAGING_FREQUENCY;

    @Option(names = "--workers", paramLabel = "N",
            description = "With --spark: parallel workers (0 = every core the cluster offers). Default: ${DEFAULT-VALUE}.")
    public int workers = 0;

    @Option(names = "--batch-per-worker", paramLabel = "N",
            description = "With --spark: examples in each worker's mini-batch (0 = --batch). Default: ${DEFAULT-VALUE}.")
    public int batchPerWorker = 0;

    /** Where the epochs are fitted (pass to {@code new Trainer(config, scaleOut())}); validates the options. */
    public ScaleOutSettings scaleOut() {
        return new ScaleOutSettings(spark, averagingFrequency, workers, batchPerWorker);
    }

    /** The optimisation settings these options describe; validates them. */
    public TrainSettings settings() {
        return new TrainSettings(epochs, batch, seed, learningRate, learningRateDecay, patience, clipNorm, clipValue, tbptt);
    }

    /** The --minutes budget in seconds, for {@code TrainerConfig}; validates it. */
    public double budgetSeconds() {
        return TrainSettings.budgetSeconds(minutes);
    }

    public void validate() {
        settings();
        budgetSeconds();
        scaleOut();
        if (seeds < 1 || seeds > 100) {
            throw new org.seqlab.common.error.BadInputException("--seeds must be between 1 and 100, got " + seeds);
        }
    }
}
