package org.seqlab.bench;

import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.common.train.Nd4jSetup;
import org.seqlab.common.bench.AppBenchmark;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.io.Json;
import org.seqlab.common.rnn.CellType;
import org.seqlab.common.rnn.StepThreads;

/**
 * The child JVM that measures one benchmark row. ND4J fixes its OpenMP thread pool when its native
 * library loads, so each thread setting needs its own process; one process per row also makes the
 * peak resident set size that row's own.
 */
public final class BenchWorker {
    /** Marks result lines on standard output, which native libraries may also write to. */
    static final String ROW_PREFIX = "seqlab-bench-row ";
    /** The exit code with which a worker reports bad input (a bundle no installed app reads). */
    static final int BAD_INPUT_EXIT = 2;

    /** What one child measures: a cell shape, an app's training shape ({@code app}) or a bundle's latency. */
    record Request(BenchShape shape, String model, String app, int threads, int warmup, int iters, int latencyIters,
                   double latencyWarmupSeconds) {
    }

    private BenchWorker() {
    }

    public static void main(String[] args) throws Exception {
        try {
            run(Json.MAPPER.readValue(args[0], Request.class));
        } catch (BadInputException e) {
            System.err.println(e.getMessage());
            System.exit(BAD_INPUT_EXIT);
        }
    }

    private static void run(Request request) throws Exception {
        Nd4jSetup.configure();
        int threads = Nd4j.getEnvironment().maxMasterThreads();
        if (threads != request.threads()) {
            throw new IllegalStateException("ND4J runs " + threads + " threads, not the " + request.threads()
                    + " asked for with OMP_NUM_THREADS");
        }
        double load = Memory.load();
        if (request.shape() != null) {
            measureNetwork(request, load);
        }
        if (request.model() != null) {
            measureBundle(request, load);
        }
        if (request.app() != null) {
            measureApp(request, load);
        }
    }

    private static void measureApp(Request request, double load) throws Exception {
        AppBenchmark app = BenchCommand.appBenchmarks(List.of(request.app())).get(0);
        Memory memory = Memory.track(null);
        AppBenchmark.Measurement measurement = app.measure(request.warmup(), request.iters());
        memory.sample();
        emit(BenchRow.app(app.app(), request.threads(), measurement, request.iters(), Memory.peakRss(),
                memory.offHeapPeak(), load));
    }

    private static void measureNetwork(Request request, double load) {
        BenchShape shape = request.shape();
        if (shape.cell() == CellType.GRU || shape.impl() == Impl.FUSED) {
            // the toolbox's own loops split the batch across the threads, as textgen's training has them do
            StepThreads.enable();
        }
        MultiLayerNetwork net = BenchNetworks.build(shape, 1);
        TrainingBench.Result result = TrainingBench.run(net, shape, request.warmup(), request.iters(), 1);
        emit(BenchRow.training(shape, request.threads(), Stats.of(result.stepMillis()), Stats.of(result.cpuMillis()),
                request.iters(), Memory.peakRss(), result.offHeapPeakBytes(), load));
        if (request.latencyIters() > 0) {
            Stats latency = Stats.of(LatencyBench.time(LatencyBench.networkOutput(net, shape),
                    Math.max(1, request.latencyIters() / 10), request.latencyIters()));
            emit(BenchRow.latency("lm-" + shape.cell().cliName(), shape, request.threads(), latency,
                    request.latencyIters(), Memory.peakRss(), result.offHeapPeakBytes(), Memory.load()));
        }
    }

    private static void measureBundle(Request request, double load) throws Exception {
        LatencyBench.Prepared prepared = LatencyBench.bundlePrediction(Path.of(request.model()));
        Memory memory = Memory.track(null);
        int iters = Math.max(1, request.latencyIters());
        long firstPrediction = LatencyBench.threadCpuNanos();
        // a fresh process: the JIT compiles the prediction path (ND4J's per-operation Java code above all) over the
        // first few hundred predictions, so these are reported apart from the steady state timed after the warm-up
        double[] coldMillis = LatencyBench.time(prepared.prediction(), 0, iters);
        LatencyBench.warmUp(prepared.prediction(), Math.max(1, iters / 10), firstPrediction,
                request.latencyWarmupSeconds());
        LatencyBench.Timings steady = LatencyBench.timeWithCpu(prepared.prediction(), iters);
        Stats latency = Stats.of(steady.wall());
        prepared.batched().run();
        long start = System.nanoTime();
        prepared.batched().run();
        double perSecond = prepared.batchedInputs() / ((System.nanoTime() - start) / 1e9);
        memory.sample();
        emit(BenchRow.latency(prepared.name(), null, request.threads(), latency, request.latencyIters(),
                Memory.peakRss(), memory.offHeapPeak(), load).withInputsPerSecond(perSecond)
                .withPrediction(Stats.of(steady.cpu()).median(), coldMillis[0], Stats.of(coldMillis).median()));
    }

    /** CPU times at the start of the row being measured. */
    private static CpuTimes rowStart = CpuTimes.now();

    private static void emit(BenchRow row) {
        CpuTimes now = CpuTimes.now();
        System.out.println(ROW_PREFIX + Json.line(row.withCpuTimes(now.since(rowStart))));
        rowStart = now;
        System.out.flush();
    }
}
