package org.seqlab.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.seqlab.common.bench.AppBenchmark;

/**
 * One line of the benchmark table and of {@code bench.json}. A {@code train} row measures training
 * throughput; a {@code latency} row measures single-item prediction time. Fields that do not apply
 * to a row are left out of the JSON.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BenchRow(
        @JsonProperty("kind") String kind,
        @JsonProperty("cell") String cell,
        @JsonProperty("impl") String impl,
        @JsonProperty("hidden") Integer hidden,
        @JsonProperty("layers") Integer layers,
        @JsonProperty("batch") Integer batch,
        @JsonProperty("seq") Integer seq,
        @JsonProperty("vocab") Integer vocab,
        @JsonProperty("threads") int threads,
        @JsonProperty("iters") int iters,
        @JsonProperty("tokens_per_second") Double tokensPerSecond,
        @JsonProperty("tokens_per_second_min") Double tokensPerSecondMin,
        @JsonProperty("tokens_per_second_max") Double tokensPerSecondMax,
        @JsonProperty("ms_per_step_median") Double msPerStepMedian,
        @JsonProperty("spread_pct") Double spreadPercent,
        @JsonProperty("cpu_ms_per_step") Double cpuMsPerStep,
        @JsonProperty("cpu_ratio_vs_torch") Double cpuRatioVsTorch,
        @JsonProperty("ratio_vs_torch") Double ratioVsTorch,
        @JsonProperty("latency_p50_ms") Double latencyP50Ms,
        @JsonProperty("latency_p99_ms") Double latencyP99Ms,
        @JsonProperty("peak_rss_bytes") Long peakRssBytes,
        @JsonProperty("offheap_peak_bytes") Long offHeapPeakBytes,
        @JsonProperty("load_1m") Double load1m,
        @JsonProperty("model") String model,
        @JsonProperty("inputs_per_second") Double inputsPerSecond,
        @JsonProperty("user_seconds") Double userSeconds,
        @JsonProperty("system_seconds") Double systemSeconds,
        @JsonProperty("latency_cpu_p50_ms") Double latencyCpuP50Ms,
        @JsonProperty("latency_first_ms") Double latencyFirstMs,
        @JsonProperty("latency_cold_p50_ms") Double latencyColdP50Ms) {

    static BenchRow training(BenchShape shape, int threads, Stats stepMillis, Stats cpuMillis, int iters, long rss,
                             long offHeap, double load) {
        long tokens = shape.tokensPerStep();
        return new BenchRow("train", shape.cell().cliName(), shape.impl().cliName(), shape.hidden(), shape.layers(),
                shape.batch(), shape.seq(), shape.vocab(), threads, iters,
                round(tokens * 1000.0 / stepMillis.median()), round(tokens * 1000.0 / stepMillis.max()),
                round(tokens * 1000.0 / stepMillis.min()), round(stepMillis.median()), round(stepMillis.spreadPercent()),
                round(cpuMillis.median()), null, null, null, null, rss, offHeap, load, null, null, null, null, null, null, null);
    }

    static BenchRow latency(String model, BenchShape shape, int threads, Stats millis, int iters, long rss, long offHeap,
                            double load) {
        return new BenchRow("latency", shape == null ? null : shape.cell().cliName(),
                shape == null ? null : shape.impl().cliName(), shape == null ? null : shape.hidden(),
                shape == null ? null : shape.layers(), 1, shape == null ? null : shape.seq(),
                shape == null ? null : shape.vocab(), threads, iters, null, null, null, null,
                round(millis.spreadPercent()), null, null, null, round(millis.median()), round(millis.p99()), rss, offHeap, load, model, null, null, null, null, null, null);
    }

    /** A PyTorch reference measurement, as the peer script reports it. */
    static BenchRow torch(BenchShape shape, int threads, int iters, double tokensPerSecond, double msPerStep,
                          Double cpuMsPerStep, double load) {
        return new BenchRow("train", shape.cell().cliName(), "pytorch", shape.hidden(), shape.layers(), shape.batch(),
                shape.seq(), shape.vocab(), threads, iters, round(tokensPerSecond), null, null, round(msPerStep), null,
                cpuMsPerStep == null ? null : round(cpuMsPerStep), null, null, null, null, null, null, load, null, null, null, null, null, null, null);
    }

    /** This latency row with the batched throughput of the same model. */
    BenchRow withInputsPerSecond(double perSecond) {
        return new BenchRow(kind, cell, impl, hidden, layers, batch, seq, vocab, threads, iters, tokensPerSecond,
                tokensPerSecondMin, tokensPerSecondMax, msPerStepMedian, spreadPercent, cpuMsPerStep, cpuRatioVsTorch,
                ratioVsTorch, latencyP50Ms, latencyP99Ms, peakRssBytes, offHeapPeakBytes, load1m, model, round(perSecond), userSeconds, systemSeconds, latencyCpuP50Ms, latencyFirstMs, latencyColdP50Ms);
    }

    /**
     * This latency row with the median CPU time of the predicting thread (on a busy machine the wall time includes
     * waiting for a core) and what a fresh process sees before the JIT has compiled the prediction path: the first
     * prediction and the median of the first ones.
     */
    BenchRow withPrediction(double cpuP50Ms, double firstMs, double coldP50Ms) {
        return new BenchRow(kind, cell, impl, hidden, layers, batch, seq, vocab, threads, iters, tokensPerSecond,
                tokensPerSecondMin, tokensPerSecondMax, msPerStepMedian, spreadPercent, cpuMsPerStep, cpuRatioVsTorch,
                ratioVsTorch, latencyP50Ms, latencyP99Ms, peakRssBytes, offHeapPeakBytes, load1m, model, inputsPerSecond,
                userSeconds, systemSeconds, round(cpuP50Ms), round(firstMs), round(coldP50Ms));
    }

    /** This row with the CPU time its worker spent measuring it, split into user and system (kernel) time. */
    BenchRow withCpuTimes(CpuTimes times) {
        return new BenchRow(kind, cell, impl, hidden, layers, batch, seq, vocab, threads, iters, tokensPerSecond,
                tokensPerSecondMin, tokensPerSecondMax, msPerStepMedian, spreadPercent, cpuMsPerStep, cpuRatioVsTorch,
                ratioVsTorch, latencyP50Ms, latencyP99Ms, peakRssBytes, offHeapPeakBytes, load1m, model, inputsPerSecond,
                round(times.user()), round(times.system()), latencyCpuP50Ms, latencyFirstMs, latencyColdP50Ms);
    }

    /** An app's training shape, measured in a worker; {@code model} names the app. */
    static BenchRow app(String app, int threads, AppBenchmark.Measurement m, int iters, long rss, long offHeap,
                        double load) {
        return new BenchRow("train", null, "seqlab", null, null, null, null, null, threads, iters,
                round(m.tokensPerSecond()), null, null, round(m.msPerStepMedian()),
                m.msPerStepMedian() > 0 ? round(100 * (m.msPerStepP90() - m.msPerStepMedian()) / m.msPerStepMedian()) : null,
                null, null, null, null, null, rss, offHeap, load, "app:" + app, null, null, null, null, null, null);
    }

    /** The PyTorch twin of an app's training shape. */
    static BenchRow appTorch(String app, int threads, int iters, double tokensPerSecond, double msPerStep, double load) {
        return new BenchRow("train", null, "pytorch", null, null, null, null, null, threads, iters,
                round(tokensPerSecond), null, null, round(msPerStep), null, null, null, null, null, null, null, null,
                load, "app:" + app, null, null, null, null, null, null);
    }

    /** This row with its throughput ratio and its CPU-time ratio against PyTorch (null when unknown). */
    BenchRow withRatios(Double ratio, Double cpuRatio) {
        return new BenchRow(kind, cell, impl, hidden, layers, batch, seq, vocab, threads, iters, tokensPerSecond,
                tokensPerSecondMin, tokensPerSecondMax, msPerStepMedian, spreadPercent, cpuMsPerStep,
                cpuRatio == null ? null : round(cpuRatio), ratio == null ? null : round(ratio),
                latencyP50Ms, latencyP99Ms, peakRssBytes, offHeapPeakBytes, load1m, model, inputsPerSecond, userSeconds, systemSeconds, latencyCpuP50Ms, latencyFirstMs, latencyColdP50Ms);
    }

    /** Whether two training rows measure the same network shape (the implementation may differ). */
    boolean sameShape(BenchRow other) {
        return java.util.Objects.equals(model, other.model)
                && java.util.Objects.equals(cell, other.cell) && java.util.Objects.equals(hidden, other.hidden)
                && java.util.Objects.equals(layers, other.layers) && java.util.Objects.equals(batch, other.batch)
                && java.util.Objects.equals(seq, other.seq) && java.util.Objects.equals(vocab, other.vocab);
    }

    private static double round(double value) {
        return Math.round(value * 100.0) / 100.0;
    }
}
