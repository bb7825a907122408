package org.seqlab.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.seqlab.common.train.EpochFitter;
import org.seqlab.common.train.EpochRecord;
import org.seqlab.common.train.LocalEpochFitter;
import org.seqlab.common.train.ScaleOutSettings;
import org.seqlab.common.train.TrainSettings;
import org.seqlab.common.train.Trainables;
import org.seqlab.common.train.Trainer;
import org.seqlab.common.train.TrainerConfig;
import org.seqlab.common.train.TrainingResult;

/**
 * The measurements of docs/scale-out.md (a benchmark, not a test): the sentiment training shape on all of
 * uci-sentences' training part, trained locally, with local[1], local[2] and on a loopback standalone
 * cluster of two one-core workers. Prints one line per engine: training tokens/s, seconds of fitting
 * until the validation accuracy first reaches the target, and the mean wall time of an averaging round.
 * Run with the test class path and Spark's JVM flags (docs/scale-out.md shows the command).
 */
public final class ScaleOutBenchmark {
    private static final double TARGET = 0.70;

    private ScaleOutBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int epochs = Integer.parseInt(args.length > 0 ? args[0] : "4");
        String which = args.length > 1 ? args[1] : "local,local[1],local[2],cluster";
        Path work = Files.createTempDirectory("seqlab-scaleout");
        SentimentShape data = SentimentShape.load(Integer.MAX_VALUE);
        TrainSettings settings = SentimentShape.settings(epochs, 32);
        MultiLayerNetwork probe = data.network(settings, 32, 64);
        System.out.printf(Locale.ROOT, "train %d sentences, %d validation, vocabulary %d, parameters %d, batch 32%n",
                data.train.size(), data.validation.size(), data.vocabularySize, probe.numParams());
        for (String engine : which.split(",")) {
            if (engine.equals("cluster")) {
                try (LoopbackCluster cluster = new LoopbackCluster(2, Files.createDirectories(work.resolve("cluster")))) {
                    cluster.configureDriver();
                    run(data, settings, cluster.masterUrl(), work);
                }
            } else {
                run(data, settings, engine, work);
            }
            SparkContexts.stop();
        }
    }

    private static void run(SentimentShape data, TrainSettings settings, String engine, Path work) throws Exception {
        int frequency = Integer.getInteger("frequency", 5);
        EpochFitter fitter = engine.equals("local") ? new LocalEpochFitter()
                : new SparkEpochFitter(new ScaleOutSettings(engine, frequency, 0, 0));
        MultiLayerNetwork net = data.network(settings, 32, 64);
        Path dir = work.resolve(engine.replaceAll("[^a-z0-9]", "_"));
        TrainerConfig config = new TrainerConfig(settings.epochs(), 0, "accuracy", true, dir, false, engine);
        TrainingResult<?> result = new Trainer(config, fitter).train(Trainables.of(net), data.batches(32, 42),
                model -> java.util.Map.of("accuracy", data.accuracy((MultiLayerNetwork) model.network(), data.validation)));
        double fitSeconds = 0;
        double toTarget = Double.NaN;
        StringBuilder curve = new StringBuilder();
        for (EpochRecord r : result.history()) {
            fitSeconds += r.seconds();
            double accuracy = r.validation().get("accuracy");
            curve.append(String.format(Locale.ROOT, " %.3f", accuracy));
            if (Double.isNaN(toTarget) && accuracy >= TARGET) {
                toTarget = fitSeconds;
            }
        }
        // the first epoch carries Spark's and the executors' start-up; steady-state throughput leaves it out
        List<EpochRecord> later = result.history().subList(1, result.history().size());
        double laterTokens = later.stream().mapToDouble(r -> r.tokensPerSecond() * r.seconds()).sum();
        double laterSeconds = later.stream().mapToDouble(EpochRecord::seconds).sum();
        String rounds = "";
        if (fitter instanceof SparkEpochFitter spark) {
            List<Double> times = spark.roundSeconds();
            List<Double> steady = times.subList(Math.min(times.size(), times.size() / settings.epochs()), times.size());
            rounds = String.format(Locale.ROOT, ", %d rounds, mean round %.3f s (after epoch 1)", times.size(),
                    steady.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
        }
        System.out.printf(Locale.ROOT, "%-22s tokens/s %,.0f (epochs 2+: %,.0f), fit seconds %.1f, seconds to val acc %.2f: %s,"
                        + " best val acc %.3f, curve%s%s%n", engine.startsWith("spark://") ? "loopback cluster 2x1" : engine,
                result.tokensPerSecond(), laterTokens / laterSeconds, fitSeconds, TARGET,
                Double.isNaN(toTarget) ? "not reached" : String.format(Locale.ROOT, "%.1f", toTarget),
                data.accuracy((MultiLayerNetwork) result.best().network(), data.validation), curve, rounds);
    }
}
