package org.seqlab.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.common.testing.TinyTask;
import org.seqlab.common.train.ScaleOutSettings;
import org.seqlab.common.train.Trainables;
import org.seqlab.common.train.Trainer;
import org.seqlab.common.train.TrainerConfig;
import org.seqlab.common.train.TrainingResult;

/**
 * A real standalone cluster on 127.0.0.1: a master and two workers in JVMs of their own, executors
 * started by the workers, the driver in this JVM. Our layers travel to the executors as configuration
 * plus parameters and train there; a worker killed mid-training costs time, not the run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class StandaloneClusterIT {
    private static final List<String> DRIVER_PROPERTIES = List.of("spark.driver.host", "spark.driver.bindAddress",
            "spark.executor.memory", "spark.executor.cores", "spark.executorEnv.OMP_NUM_THREADS",
            "spark.executorEnv.OMP_WAIT_POLICY", "spark.executor.extraJavaOptions", SparkContexts.JOB_JARS_PROPERTY,
            "seqlab.spark.roundTimeoutSeconds", "seqlab.spark.executorWaitSeconds");

    @TempDir
    static Path dir;
    private static LoopbackCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new LoopbackCluster(2, Files.createDirectories(dir.resolve("cluster")));
        cluster.configureDriver();
        System.setProperty("seqlab.spark.roundTimeoutSeconds", "90");
        System.setProperty("seqlab.spark.executorWaitSeconds", "60");
    }

    @AfterAll
    static void stopEverything() throws Exception {
        SparkContexts.stop();
        if (cluster != null) {
            cluster.close();
        }
        DRIVER_PROPERTIES.forEach(System::clearProperty);
    }

    @Test
    @Order(1)
    void ourAttentionGraphTrainsOnTwoExecutorProcesses() throws Exception {
        List<int[]> train = TinyTask.sequences(320, 1);
        List<int[]> test = TinyTask.sequences(200, 2);
        ComputationGraph graph = ToyNetworks.attentionGraph(7);
        TrainingResult<?> result = new Trainer(new TrainerConfig(2, 0, "loss", false, dir.resolve("graph"), false, "g"),
                new ScaleOutSettings(cluster.masterUrl(), 2, 2, 0))
                .train(Trainables.of(graph), ToyNetworks.graphBatches(train, 16, 11), null);
        double accuracy = ToyNetworks.graphAccuracy((ComputationGraph) result.best().network(), test);
        assertTrue(accuracy > 0.8, "accuracy " + accuracy + ", history " + result.history());
        assertEquals(2, SparkContexts.get(cluster.masterUrl()).sc().getExecutorIds().size());
        // each worker launched an executor JVM of its own (its stderr lies in the worker's work folder)
        for (int i = 0; i < 2; i++) {
            try (Stream<Path> files = Files.walk(dir.resolve("cluster/work-" + i))) {
                assertTrue(files.anyMatch(f -> f.getFileName().toString().equals("stderr")), "executor of worker " + i);
            }
        }
    }

    @Test
    @Order(2)
    void aWorkerKilledMidTrainingCostsTimeNotTheRun() throws Exception {
        List<int[]> train = TinyTask.sequences(320, 3);
        Path checkpoints = dir.resolve("killed");
        CompletableFuture<TrainingResult<?>> run = CompletableFuture.supplyAsync(() -> {
            try {
                return new Trainer(new TrainerConfig(3, 0, "loss", false, checkpoints, false, "k"),
                        new ScaleOutSettings(cluster.masterUrl(), 2, 2, 0))
                        .train(Trainables.of(ToyNetworks.stackedNetwork(9)), ToyNetworks.stackedBatches(train, 16, 13), null);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!Files.exists(checkpoints.resolve("state.json")) && System.nanoTime() < deadline && !run.isDone()) {
            Thread.sleep(100);
        }
        cluster.killWorker(1);
        try {
            TrainingResult<?> result = run.get(150, TimeUnit.SECONDS);
            // recovered: the lost tasks ran again on the surviving executor
            assertEquals(3, result.history().size());
            assertEquals(1, SparkContexts.get(cluster.masterUrl()).sc().getExecutorIds().size(), "one executor left");
            double accuracy = TinyTask.accuracy((MultiLayerNetwork) result.best().network(), TinyTask.sequences(200, 4));
            assertTrue(accuracy > 0.8, "accuracy " + accuracy);
            System.err.println("worker killed: training recovered on the remaining executor");
        } catch (ExecutionException e) {
            // or failed, saying what happened and how to go on
            String message = e.getCause().getMessage();
            System.err.println("worker killed: " + message);
            assertTrue(message.contains("Spark training failed") && message.contains("--resume"), message);
        }
    }
}
