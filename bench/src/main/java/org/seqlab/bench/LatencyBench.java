package org.seqlab.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.common.app.TaskModel;
import org.seqlab.common.app.TaskModels;

/** Single-item prediction latency: the benchmark network's {@code output()}, or an app bundle's model. */
final class LatencyBench {
    private LatencyBench() {
    }

    static double[] time(Runnable prediction, int warmup, int iters) {
        for (int i = 0; i < warmup; i++) {
            prediction.run();
        }
        double[] millis = new double[iters];
        for (int i = 0; i < iters; i++) {
            long start = System.nanoTime();
            prediction.run();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        return millis;
    }

    /** Wall-clock and predicting-thread CPU milliseconds of each of {@code iters} predictions. */
    record Timings(double[] wall, double[] cpu) {
    }

    static Timings timeWithCpu(Runnable prediction, int iters) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] wall = new double[iters];
        double[] cpu = new double[iters];
        for (int i = 0; i < iters; i++) {
            long cpuStart = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            prediction.run();
            wall[i] = (System.nanoTime() - start) / 1e6;
            cpu[i] = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e6;
        }
        return new Timings(wall, cpu);
    }

    /**
     * Predicts at least {@code calls} times, and on until this thread has spent {@code cpuSeconds} of CPU time since
     * {@code cpuStartNanos} (its CPU clock): a count of work that a busy machine does not shorten, as it would a span
     * of wall time.
     */
    static void warmUp(Runnable prediction, int calls, long cpuStartNanos, double cpuSeconds) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long until = cpuStartNanos + (long) (cpuSeconds * 1e9);
        for (int i = 0; i < calls || threads.getCurrentThreadCpuTime() < until; i++) {
            prediction.run();
        }
    }

    /** This thread's CPU clock, in nanoseconds. */
    static long threadCpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /** One whole sequence through the benchmark network, batch 1 (the path of issue 10168). */
    static Runnable networkOutput(MultiLayerNetwork net, BenchShape shape) {
        INDArray features = TrainingBench.languageModelBatch(1, shape.vocab(), shape.seq(), new Random(5)).getFeatures();
        return () -> net.output(features);
    }

    /**
     * One prediction of the bundle at {@code path} on its first example input, through the model contract of
     * its task (any app's bundle whose app is on the class path).
     */
    static Prepared bundlePrediction(Path path) throws IOException {
        return prepare(TaskModels.load(path), path);
    }

    private static <I, O> Prepared prepare(TaskModel<I, O> model, Path path) {
        I input = model.parse(model.exampleLines().get(0));
        List<I> one = List.of(input);
        // batched throughput: the example inputs repeated, in batches as the prediction commands make them
        List<I> many = new java.util.ArrayList<>();
        for (int i = 0; i < BATCHED_INPUTS; i++) {
            many.add(model.parse(model.exampleLines().get(i % model.exampleLines().size())));
        }
        Runnable batched = () -> {
            for (int from = 0; from < many.size(); from += BATCH) {
                model.predict(many.subList(from, Math.min(many.size(), from + BATCH)));
            }
        };
        return new Prepared(model.task() + ":" + path.getFileName(), () -> model.predict(one), batched, many.size());
    }

    /** Inputs in one timed batched pass, and the batch size of the prediction commands' default. */
    static final int BATCHED_INPUTS = 512;
    static final int BATCH = 64;

    record Prepared(String name, Runnable prediction, Runnable batched, int batchedInputs) {
    }
}
