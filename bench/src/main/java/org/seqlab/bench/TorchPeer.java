package org.seqlab.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.seqlab.common.bench.AppBenchmark;
import org.seqlab.common.io.Json;

/**
 * The PyTorch references run as subprocesses on the same shapes, so that a ratio compares two measurements
 * taken under the same machine load: {@code peers/torch_lstm.py} for the cell rows and each app's
 * {@code peers/torch_<app>.py} for its row, all written in the project and shipped on the class path.
 */
final class TorchPeer {
    static final String SCRIPT = "/peers/torch_lstm.py";
    private static final Duration TIMEOUT = Duration.ofMinutes(30);
    /** Enough for Python to import torch on a cold disk. */
    private static final Duration CHECK_TIMEOUT = Duration.ofMinutes(2);

    private final String python;
    private final Path script;
    private final Map<String, String> environment;

    private TorchPeer(String python, Path script, Map<String, String> environment) {
        this.python = python;
        this.script = script;
        this.environment = environment;
    }

    /**
     * The peer, or why there is none (PyTorch not installed, a given script missing): a one-line reason.
     *
     * @param explicit the cell script given with {@code --torch}, or null for the project's own
     */
    /** Exits 0 when the BLAS that PyTorch loaded is Debian's netlib reference library. */
    private static final String REFERENCE_BLAS_CHECK = "import torch, sys; torch.ones(64, 64) @ torch.ones(64, 64); "
            + "sys.exit(0 if any('/blas/libblas.so' in line for line in open('/proc/self/maps')) else 1)";

    static Result<TorchPeer> locate(Path explicit, String python, Map<String, String> environment) {
        if (explicit != null && !Files.isRegularFile(explicit)) {
            return Result.none("no PyTorch reference: " + explicit + " does not exist; no ratio column");
        }
        try {
            if (Subprocess.run(new ProcessBuilder(python, "-c", "import torch"), CHECK_TIMEOUT).exitCode() != 0) {
                return Result.none("no PyTorch reference: " + python + " cannot import torch"
                        + " (apt-get install python3-torch libopenblas0-pthread); no ratio column");
            }
            if (Subprocess.run(new ProcessBuilder(python, "-c", REFERENCE_BLAS_CHECK), CHECK_TIMEOUT).exitCode() == 0) {
                // Debian's python3-torch links the netlib reference BLAS unless OpenBLAS is installed: 2.5-10x slower
                System.err.println("bench: warning: " + python + "'s PyTorch runs on the reference BLAS, which makes "
                        + "it several times slower than usual; apt-get install libopenblas0-pthread for a fair comparison");
            }
            Path script = explicit != null ? explicit : extract(TorchPeer.class, SCRIPT);
            return Result.of(new TorchPeer(python, script, environment));
        } catch (IOException e) {
            return Result.none("no PyTorch reference: cannot run " + python + " (" + e.getMessage() + "); no ratio column");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.none("no PyTorch reference: interrupted");
        }
    }

    /** A script shipped as a class-path resource, copied to a temporary file that Python can run. */
    static Path extract(Class<?> owner, String resource) throws IOException {
        try (var in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("the reference script " + resource + " is not on the class path");
            }
            Path file = Files.createTempFile("seqlab-peer-", ".py");
            file.toFile().deleteOnExit();
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return file;
        }
    }

    /**
     * Trains the reference at {@code shape} with {@code threads} threads and returns its row. The CPU time
     * per step is the difference between this run and a one-step run, divided by the extra steps, so
     * that Python's start-up and PyTorch's import cancel out.
     */
    BenchRow measure(BenchShape shape, int threads, int warmup, int iters) throws IOException, InterruptedException {
        double load = Memory.load();
        List<String> shapeArguments = List.of("--cell", shape.cell().cliName(), "--hidden", "" + shape.hidden(),
                "--layers", "" + shape.layers(), "--batch", "" + shape.batch(), "--seq", "" + shape.seq(),
                "--vocab", "" + shape.vocab());
        Run full = run(script, shapeArguments, threads, warmup, iters);
        Double cpuMsPerStep = null;
        if (iters > 1) {
            Run single = run(script, shapeArguments, threads, warmup, 1);
            double difference = (full.cpuSeconds() - single.cpuSeconds()) * 1000.0 / (iters - 1);
            // start-up varies from run to run; when it swamps the steps the difference means nothing
            cpuMsPerStep = difference > 0 ? difference : null;
        }
        JsonNode result = full.result();
        return BenchRow.torch(shape, threads, iters, result.path("tokens_per_second").asDouble(),
                result.path("ms_per_step_median").asDouble(), cpuMsPerStep, load);
    }

    private record Run(JsonNode result, double cpuSeconds) {
    }

    /** The PyTorch twin of an app's training shape, at {@code threads} threads. */
    BenchRow measure(AppBenchmark app, int threads, int warmup, int iters) throws IOException, InterruptedException {
        double load = Memory.load();
        JsonNode result = run(extract(app.getClass(), app.torchScript()), app.torchArguments(), threads, warmup, iters)
                .result();
        return BenchRow.appTorch(app.app(), threads, iters, result.path("tokens_per_second").asDouble(),
                result.path("ms_per_step_median").asDouble(), load);
    }

    private Run run(Path scriptFile, List<String> shapeArguments, int threads, int warmup, int iters)
            throws IOException, InterruptedException {
        // bash's 'times' reports the CPU time of its finished children on its last line
        List<String> command = new ArrayList<>(List.of("bash", "-c", "\"$@\" && times", "torch-peer", python,
                scriptFile.toString()));
        command.addAll(shapeArguments);
        command.addAll(List.of("--threads", "" + threads, "--warmup", "" + warmup, "--iters", "" + iters));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        builder.environment().put("OMP_NUM_THREADS", "" + threads);
        Subprocess run = Subprocess.run(builder, TIMEOUT);
        if (run.exitCode() != 0) {
            throw new IOException("PyTorch reference failed: " + run.lastErrorLine());
        }
        String[] lines = run.stdout().strip().split("\\R");
        if (lines.length < 3) {
            throw new IOException("PyTorch reference printed no result: " + run.stdout().strip());
        }
        return new Run(Json.MAPPER.readTree(lines[lines.length - 3]), childCpuSeconds(lines[lines.length - 1]));
    }

    /** User plus system seconds from a line of bash's {@code times}, such as {@code 0m5.120s 0m0.310s}. */
    static double childCpuSeconds(String timesLine) {
        double total = 0;
        for (String part : timesLine.strip().split("\\s+")) {
            int m = part.indexOf('m');
            total += Double.parseDouble(part.substring(0, m)) * 60 + Double.parseDouble(part.substring(m + 1, part.length() - 1));
        }
        return total;
    }

    /** A value, or the one-line reason it is missing. */
    record Result<T>(T value, String reason) {
        static <T> Result<T> of(T value) {
            return new Result<>(value, null);
        }

        static <T> Result<T> none(String reason) {
            return new Result<>(null, reason);
        }
    }
}
