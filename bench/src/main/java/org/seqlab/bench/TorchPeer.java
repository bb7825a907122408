package org.seqlab.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.seqlab.common.io.Json;

/**
 * The PyTorch reference ({@code shared/peers/torch_lstm.py}) run as a subprocess on the same shape,
 * so that the ratio compares two measurements taken under the same machine load.
 */
final class TorchPeer {
    static final String SCRIPT = "torch_lstm.py";
    private static final long TIMEOUT_MINUTES = 30;

    private final String python;
    private final Path script;
    private final Map<String, String> environment;

    private TorchPeer(String python, Path script, Map<String, String> environment) {
        this.python = python;
        this.script = script;
        this.environment = environment;
    }

    /**
     * The peer, or why there is none (script not found, PyTorch not installed): a one-line reason.
     *
     * @param explicit the script given with {@code --torch}, or null to look in {@code shared/peers}
     *                 beside the folders above the working directory and the SeqLab jar
     */
    static Result<TorchPeer> locate(Path explicit, String python, Map<String, String> environment) {
        Optional<Path> script = explicit != null ? Optional.of(explicit) : findScript();
        if (script.isEmpty()) {
            return Result.none("no PyTorch reference: " + SCRIPT + " not found in shared/peers above the working"
                    + " directory (give it with --torch PATH); no ratio column");
        }
        if (!Files.isRegularFile(script.get())) {
            return Result.none("no PyTorch reference: " + script.get() + " does not exist; no ratio column");
        }
        try {
            if (Subprocess.run(new ProcessBuilder(python, "-c", "import torch"), 2).exitCode() != 0) {
                return Result.none("no PyTorch reference: " + python + " cannot import torch"
                        + " (apt-get install python3-torch libopenblas0-pthread); no ratio column");
            }
        } catch (IOException e) {
            return Result.none("no PyTorch reference: cannot run " + python + "; no ratio column");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.none("no PyTorch reference: interrupted");
        }
        return Result.of(new TorchPeer(python, script.get(), environment));
    }

    private static Optional<Path> findScript() {
        Set<Path> starts = new LinkedHashSet<>();
        starts.add(Path.of("").toAbsolutePath());
        try {
            starts.add(Path.of(TorchPeer.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (Exception e) {
            // no code source (unusual class loader): the working directory is enough
        }
        for (Path start : starts) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve("shared").resolve("peers").resolve(SCRIPT);
                if (Files.isRegularFile(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    Path script() {
        return script;
    }

    /**
     * Trains the reference at {@code shape} with {@code threads} threads and returns its row. The CPU time
     * per step is the difference between this run and a one-step run, divided by the extra steps, so
     * that Python's start-up and PyTorch's import cancel out.
     */
    BenchRow measure(BenchShape shape, int threads, int warmup, int iters) throws IOException, InterruptedException {
        double load = Memory.load();
        Run full = run(shape, threads, warmup, iters);
        Double cpuMsPerStep = null;
        if (iters > 1) {
            Run single = run(shape, threads, warmup, 1);
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

    private Run run(BenchShape shape, int threads, int warmup, int iters) throws IOException, InterruptedException {
        // bash's 'times' reports the CPU time of its finished children on its last line
        List<String> command = new ArrayList<>(List.of("bash", "-c", "\"$@\" && times", "torch-peer", python,
                script.toString(), "--cell", shape.cell().cliName(), "--hidden", "" + shape.hidden(),
                "--layers", "" + shape.layers(), "--batch", "" + shape.batch(), "--seq", "" + shape.seq(),
                "--vocab", "" + shape.vocab(), "--threads", "" + threads, "--warmup", "" + warmup,
                "--iters", "" + iters));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        builder.environment().put("OMP_NUM_THREADS", "" + threads);
        Subprocess run = Subprocess.run(builder, TIMEOUT_MINUTES);
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
