package org.seqlab.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.progress.Progress;
import org.seqlab.common.train.BatchSource;
import org.seqlab.common.train.EpochFitter;
import org.seqlab.common.train.ScaleOutSettings;
import org.seqlab.common.train.TrainableModel;

/**
 * Fits an epoch data-parallel on Spark with dl4j-spark's parameter averaging: the driver reads the
 * epoch's mini-batches from the {@link BatchSource} (so the data order is the local trainer's, and a
 * resumed run sees the same batches), hands each round's {@code workers x averagingFrequency} batches to
 * the workers, and after the round holds the average of the workers' parameters and updater states in
 * the very network object the trainer validates and checkpoints. Only one round of batches is in the
 * driver's memory at a time.
 */
public final class SparkEpochFitter implements EpochFitter {
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "seqlab-spark-watchdog");
        t.setDaemon(true);
        return t;
    });
    private final ScaleOutSettings settings;
    /** A round with no result after this long is cancelled, so that a cluster without workers cannot hang us. */
    private final long roundTimeoutSeconds = Long.getLong("seqlab.spark.roundTimeoutSeconds", 1800);
    /** How long to wait for a cluster's first executor before giving up with a clear message. */
    private final long executorWaitSeconds = Long.getLong("seqlab.spark.executorWaitSeconds", 120);
    private final List<Double> roundSeconds = new ArrayList<>();

    public SparkEpochFitter(ScaleOutSettings settings) {
        if (settings.isLocal()) {
            throw new IllegalArgumentException("no Spark master given");
        }
        this.settings = settings;
    }

    /** The workers fit copies of the model; the trainer sees only the averaged parameters after each round. */
    @Override
    public boolean fitsTheGivenModel() {
        return false;
    }

    @Override
    public EpochStats fit(TrainableModel model, BatchSource source, int epoch, Progress progress) {
        Object network = model.network();
        if (!(network instanceof MultiLayerNetwork) && !(network instanceof ComputationGraph)) {
            throw new BadInputException("--spark trains MultiLayerNetwork and ComputationGraph models; this one is a "
                    + network.getClass().getSimpleName());
        }
        long start = System.nanoTime();
        JavaSparkContext sc = SparkContexts.get(settings.master());
        int workers = settings.workers() > 0 ? settings.workers() : sc.defaultParallelism();
        if (epoch == 1 || roundSeconds.isEmpty()) {
            // the one line that tells a user where the epochs run (a local run prints nothing of the kind)
            System.err.printf("epoch %d on Spark %s: %d workers, parameters averaged every %d batches%n", epoch,
                    settings.master(), workers, settings.averagingFrequency());
        }
        BatchSource parallel = source.forDataParallel();
        Iterator<MultiDataSet> batches = parallel.epoch(epoch);
        if (!batches.hasNext()) {
            return new EpochStats(0, 0, 0);
        }
        MultiDataSet first = batches.next();
        int batchSize = (int) first.getFeatures(0).size(0);
        TrainingMaster<?, ?> master = new ParameterAveragingTrainingMaster.Builder(workers, batchSize)
                .batchSizePerWorker(settings.batchPerWorker() > 0 ? settings.batchPerWorker() : batchSize)
                .averagingFrequency(settings.averagingFrequency())
                .workerPrefetchNumBatches(0)
                .saveUpdater(true)
                // the batches go straight to the workers: no export to a shared file system, no persisted copies
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .storageLevel(null)
                // parallelize() already gives one partition per worker
                .repartionData(Repartition.NumPartitionsWorkersDiffers)
                .rngSeed(31L * epoch + 17)
                .build();
        Round round = network instanceof MultiLayerNetwork net
                ? new MultiLayerRound(new SparkDl4jMultiLayer(sc, net, master))
                : new GraphRound(new SparkComputationGraph(sc, (ComputationGraph) network, master));

        int perRound = workers * settings.averagingFrequency();
        double tokensPerBatch = parallel.tokensPerEpoch() / (double) Math.max(1, parallel.batchesPerEpoch());
        double lossSum = 0;
        int fitted = 0;
        MultiDataSet next = first;
        while (next != null) {
            List<MultiDataSet> pending = new ArrayList<>(perRound);
            pending.add(next);
            while (pending.size() < perRound && batches.hasNext()) {
                pending.add(batches.next());
            }
            next = batches.hasNext() ? batches.next() : null;
            lastIfSmaller(pending, batchSize);
            awaitExecutors(sc);
            long roundStart = System.nanoTime();
            double loss;
            ScheduledFuture<?> watchdog = WATCHDOG.schedule(sc::cancelAllJobs, roundTimeoutSeconds, TimeUnit.SECONDS);
            try {
                loss = round.fit(sc, pending, Math.min(workers, pending.size()));
            } catch (RuntimeException e) {
                throw clusterFailure(e, epoch, watchdog.isDone());
            } finally {
                watchdog.cancel(false);
            }
            roundSeconds.add((System.nanoTime() - roundStart) / 1e9);
            if (!Double.isFinite(loss)) {
                throw new IllegalStateException("training diverged (loss " + loss + ") in epoch " + epoch
                        + "; lower --lr or set --clip-norm");
            }
            lossSum += loss * pending.size();
            fitted += pending.size();
            progress.step(pending.size());
            double seconds = (System.nanoTime() - start) / 1e9;
            progress.message(String.format("loss %.4f, %,.0f tok/s, %d workers", lossSum / fitted,
                    fitted * tokensPerBatch / Math.max(seconds, 1e-9), workers));
        }
        // tokens of the batches fitted: a time budget may end an epoch early
        return new EpochStats(lossSum / Math.max(1, fitted), Math.round(fitted * tokensPerBatch),
                (System.nanoTime() - start) / 1e9);
    }

    /**
     * Moves batches smaller than a full one (an epoch's remainder) to the end of the round, so each ends its
     * worker's partition: DL4J's worker iterator tops up a short batch from the next one, and merging index
     * inputs of different lengths fails.
     */
    static void lastIfSmaller(List<MultiDataSet> round, int batchSize) {
        List<MultiDataSet> small = new ArrayList<>();
        round.removeIf(b -> b.getFeatures(0).size(0) < batchSize && small.add(b));
        round.addAll(small);
    }

    /** Wall-clock seconds of every averaging round so far (fitting, shipping and averaging), for benchmarks. */
    public List<Double> roundSeconds() {
        return List.copyOf(roundSeconds);
    }

    /** On a cluster, waits (bounded) until at least one executor is there to take the round's tasks. */
    private void awaitExecutors(JavaSparkContext sc) {
        if (settings.master().startsWith("local")) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(executorWaitSeconds);
        while (sc.sc().getExecutorIds().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no Spark executor registered with " + settings.master() + " within "
                        + executorWaitSeconds + " s: are workers running, with free cores and enough memory? "
                        + "The last finished epoch is checkpointed: --resume continues from it");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Spark executors", e);
            }
        }
    }

    private RuntimeException clusterFailure(RuntimeException e, int epoch, boolean timedOut) {
        if (e instanceof BadInputException) {
            return e;
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String what = timedOut ? "no result within " + roundTimeoutSeconds + " s; round cancelled"
                : String.valueOf(root.getMessage()).lines().findFirst().orElse(root.getClass().getSimpleName());
        return new IllegalStateException("Spark training failed in epoch " + epoch + " (" + what + "); the last "
                + "finished epoch is checkpointed: run the same command with --resume to continue", e);
    }

    /** One averaging round on Spark; returns the workers' mean loss. */
    private interface Round {
        double fit(JavaSparkContext sc, List<MultiDataSet> batches, int partitions);
    }

    private record MultiLayerRound(SparkDl4jMultiLayer spark) implements Round {
        @Override
        public double fit(JavaSparkContext sc, List<MultiDataSet> batches, int partitions) {
            List<DataSet> data = new ArrayList<>(batches.size());
            for (MultiDataSet b : batches) {
                data.add(new DataSet(b.getFeatures(0), b.getLabels(0),
                        b.getFeaturesMaskArrays() == null ? null : b.getFeaturesMaskArray(0),
                        b.getLabelsMaskArrays() == null ? null : b.getLabelsMaskArray(0)));
            }
            spark.fit(sc.parallelize(data, partitions));
            return spark.getScore();
        }
    }

    private record GraphRound(SparkComputationGraph spark) implements Round {
        @Override
        public double fit(JavaSparkContext sc, List<MultiDataSet> batches, int partitions) {
            spark.fitMultiDataSet(sc.parallelize(batches, partitions));
            return spark.getScore();
        }
    }
}
