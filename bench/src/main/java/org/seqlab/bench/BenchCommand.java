package org.seqlab.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.Callable;
import org.seqlab.common.bench.AppBenchmark;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.cli.Cli;
import org.seqlab.common.io.Json;
import org.seqlab.common.io.OutputFile;
import org.seqlab.common.rnn.CellType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code seqlab bench}: training tokens/s per cell, implementation, size and thread count, prediction
 * latency, peak memory, and the PyTorch reference on the same shapes in the same run. Prints a table
 * and writes {@code bench.json}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, version = "SeqLab 0.1.0",
        description = {"Training throughput (tokens/s), prediction latency (p50/p99) and peak memory of the "
                + "recurrent cells, at each thread count, next to PyTorch on the same shapes.",
                "Each row runs in its own JVM, because ND4J fixes its thread pool when it starts."})
public final class BenchCommand implements Callable<Integer> {
    private static final Duration WORKER_TIMEOUT = Duration.ofMinutes(60);
    private static final int TOP_SYSCALLS = 8;

    @Spec
    CommandSpec spec;

    @Option(names = "--cells", split = ",", paramLabel = "rnn|lstm|gru",
            description = "Cells to train, comma-separated. Default: rnn,lstm,gru.")
    List<CellType> cells = new ArrayList<>(List.of(CellType.RNN, CellType.LSTM, CellType.GRU));

    @Option(names = "--impl", split = ",", paramLabel = "dl4j|fused",
            description = "Implementations: dl4j (DL4J's own layers) and fused (SeqLab's fused LSTM; LSTM only). "
                    + "Default: dl4j,fused.")
    List<Impl> impls = new ArrayList<>(List.of(Impl.DL4J, Impl.FUSED));

    @Option(names = "--hidden", split = ",", paramLabel = "N", description = "Hidden sizes, comma-separated. Default: 256,512.")
    List<Integer> hidden = new ArrayList<>(List.of(256, 512));

    @Option(names = "--layers", paramLabel = "N", description = "Stacked recurrent layers. Default: ${DEFAULT-VALUE}.")
    int layers = 2;

    @Option(names = "--batch", paramLabel = "N", description = "Sequences per training batch. Default: ${DEFAULT-VALUE}.")
    int batch = 32;

    @Option(names = "--seq", paramLabel = "N", description = "Time steps per sequence. Default: ${DEFAULT-VALUE}.")
    int seq = 64;

    @Option(names = "--vocab", paramLabel = "N", description = "One-hot input and softmax output size. Default: ${DEFAULT-VALUE}.")
    int vocab = 50;

    @Option(names = "--threads", split = ",", paramLabel = "N",
            description = "ND4J (OpenMP) thread counts, comma-separated; one JVM per row. Default: 1,2.")
    List<Integer> threads = new ArrayList<>(List.of(1, 2));

    @Option(names = "--warmup", paramLabel = "N",
            description = "Untimed training steps before measuring (the JIT needs 10-20 to compile the hot loops). "
                    + "Default: ${DEFAULT-VALUE}.")
    int warmup = 20;

    @Option(names = "--iters", paramLabel = "N",
            description = "Timed training steps; the row reports their median and spread. Default: ${DEFAULT-VALUE}.")
    int iters = 10;

    @Option(names = "--latency-iters", paramLabel = "N",
            description = "Timed single-sequence predictions per network (0 = no latency rows). Default: ${DEFAULT-VALUE}.")
    int latencyIters = 100;

    @Option(names = "--latency-warmup", paramLabel = "SECONDS",
            description = "CPU seconds of untimed predictions of a --model bundle (counted from its first one) before the "
                    + "timed ones: the JIT compiles the prediction path over the first few hundred predictions. The row "
                    + "also gives the first prediction and the p50 of the first --latency-iters (a fresh process). "
                    + "Default: ${DEFAULT-VALUE} (0 with --quick).")
    double latencyWarmupSeconds = 5;

    @Option(names = "--apps", split = ",", paramLabel = "APP,...|all|none",
            description = "Apps whose default training shape to time beside its PyTorch twin (translation, captioning, "
                    + "textgen, tagger...: those installed). Default: all (none with --quick).")
    List<String> apps = List.of("all");

    @Option(names = "--cell-rows", negatable = true, fallbackValue = "true",
            description = "Time the recurrent cells (--cells, --impl, --hidden...). --no-cell-rows times only apps "
                    + "and --model. Default: ${DEFAULT-VALUE}.")
    boolean cellRows = true;

    @Option(names = "--profile",
            description = "Run every worker under strace -c (apt-get install strace) and print its top system calls, "
                    + "beside each row's user and system CPU time (always measured).")
    boolean profile;

    @Option(names = "--model", paramLabel = "DIR",
            description = "Also time single predictions of this model bundle, of any app (on its first example input).")
    Path model;

    @Option(names = "--torch", paramLabel = "PATH|none",
            description = "The PyTorch reference script for the cell rows, or none (no PyTorch rows at all). "
                    + "Default: the project's own peers/torch_lstm.py.")
    String torch;

    @Option(names = "--python", paramLabel = "PATH", description = "Python that runs the reference. Default: ${DEFAULT-VALUE}.")
    String python = "/usr/bin/python3";

    @Option(names = "--omp-wait", paramLabel = "passive|active",
            description = "OpenMP wait policy for ND4J and PyTorch. passive lets idle threads sleep; active spins, which "
                    + "collapses throughput when other processes share the cores. Default: ${DEFAULT-VALUE}.")
    String ompWait = "passive";

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the results. Default: ${DEFAULT-VALUE}.")
    Path out = Path.of("bench.json");

    @Option(names = "--quick",
            description = "Smoke run: hidden 32, 1 layer, batch 4, seq 8, vocab 10, 1 thread, 1 warm-up, 2 steps, "
                    + "5 predictions (options given explicitly still apply).")
    boolean quick;

    /** Runs the command on its own: {@code java -cp <classpath> org.seqlab.bench.BenchCommand ...}. */
    public static void main(String[] args) {
        Cli.main(new BenchCommand(), args);
    }

    @Override
    public Integer call() throws Exception {
        if (quick) {
            applyQuick(spec.commandLine().getParseResult());
        }
        validate();
        Map<String, String> ompEnvironment = Map.of("OMP_WAIT_POLICY", ompWait.toUpperCase(Locale.ROOT));
        TorchPeer.Result<TorchPeer> peer = "none".equals(torch)
                ? TorchPeer.Result.none("no PyTorch reference (--torch none); no ratio column")
                : TorchPeer.locate(torch == null ? null : Path.of(torch), python, ompEnvironment);
        if (peer.value() == null) {
            System.err.println("bench: " + peer.reason());
        }
        String coreType = System.getenv("OPENBLAS_CORETYPE");
        kernelHint(coreType, cpuinfo("flags").map(flags -> Set.copyOf(List.of(flags.split("\\s+")))).orElse(Set.of()))
                .ifPresent(hint -> System.err.println("bench: note: " + hint));

        Instant started = Instant.now();
        double loadBefore = Memory.load();
        List<BenchRow> rows = new ArrayList<>();
        for (CellType cell : cellRows ? cells : List.<CellType>of()) {
            for (int size : hidden) {
                List<BenchRow> shapeRows = new ArrayList<>();
                for (int thread : threads) {
                    for (Impl impl : impls) {
                        BenchShape shape = new BenchShape(cell, impl, size, layers, batch, seq, vocab);
                        if (shape.exists()) {
                            shapeRows.addAll(runWorker(new BenchWorker.Request(shape, null, null, thread, warmup, iters,
                                    latencyIters, 0), ompEnvironment));
                        }
                    }
                    if (peer.value() != null) {
                        BenchShape shape = new BenchShape(cell, Impl.DL4J, size, layers, batch, seq, vocab);
                        shapeRows.add(progress(peer.value().measure(shape, thread, warmup, iters)));
                    }
                }
                rows.addAll(withTorchRatios(shapeRows));
            }
        }
        for (AppBenchmark app : appBenchmarks(apps)) {
            List<BenchRow> appRows = new ArrayList<>();
            System.err.println("bench: " + app.app() + ": " + app.shape());
            for (int thread : threads) {
                appRows.addAll(runWorker(new BenchWorker.Request(null, null, app.app(), thread, warmup, iters, 0, 0),
                        ompEnvironment));
                if (peer.value() != null) {
                    appRows.add(progress(peer.value().measure(app, thread, warmup, iters)));
                }
            }
            rows.addAll(withTorchRatios(appRows));
        }
        if (model != null) {
            for (int thread : threads) {
                rows.addAll(runWorker(new BenchWorker.Request(null, model.toString(), null, thread, 0, 0,
                        Math.max(latencyIters, 1), latencyWarmupSeconds), ompEnvironment));
            }
        }

        Map<String, Object> report = new LinkedHashMap<>();
        // training rows (ours and PyTorch's) under "rows", prediction latency apart: a latency row has no tokens/s
        report.put("rows", rows.stream().filter(row -> "train".equals(row.kind())).toList());
        report.put("latency", rows.stream().filter(row -> "latency".equals(row.kind())).toList());
        report.put("environment", environment(started, loadBefore, peer, coreType));
        Json.writeFile(out, report);
        System.out.print(BenchTable.render(rows));
        System.out.println("wrote " + out);
        return 0;
    }

    /** The registered app benchmarks named (all, none, or a list); an unknown name is a user error. */
    static List<AppBenchmark> appBenchmarks(List<String> names) {
        List<AppBenchmark> installed = new ArrayList<>();
        ServiceLoader.load(AppBenchmark.class).forEach(installed::add);
        if (names.equals(List.of("none"))) {
            return List.of();
        }
        if (names.equals(List.of("all"))) {
            return installed;
        }
        List<AppBenchmark> chosen = new ArrayList<>();
        for (String name : names) {
            chosen.add(installed.stream().filter(b -> b.app().equals(name)).findFirst().orElseThrow(() ->
                    new BadInputException("--apps: no app '" + name + "' is installed; installed: "
                            + installed.stream().map(AppBenchmark::app).toList())));
        }
        return chosen;
    }

    private void applyQuick(ParseResult given) {
        if (!given.hasMatchedOption("--apps")) {
            apps = List.of("none");
        }
        if (!given.hasMatchedOption("--hidden")) {
            hidden = List.of(32);
        }
        if (!given.hasMatchedOption("--layers")) {
            layers = 1;
        }
        if (!given.hasMatchedOption("--batch")) {
            batch = 4;
        }
        if (!given.hasMatchedOption("--seq")) {
            seq = 8;
        }
        if (!given.hasMatchedOption("--vocab")) {
            vocab = 10;
        }
        if (!given.hasMatchedOption("--threads")) {
            threads = List.of(1);
        }
        if (!given.hasMatchedOption("--warmup")) {
            warmup = 1;
        }
        if (!given.hasMatchedOption("--iters")) {
            iters = 2;
        }
        if (!given.hasMatchedOption("--latency-iters")) {
            latencyIters = 5;
        }
        if (!given.hasMatchedOption("--latency-warmup")) {
            latencyWarmupSeconds = 0;
        }
    }

    void validate() {
        require(!cells.isEmpty() && !impls.isEmpty() && !hidden.isEmpty() && !threads.isEmpty(),
                "--cells, --impl, --hidden and --threads need at least one value");
        for (int size : hidden) {
            require(size >= 1 && size <= 8192, "--hidden must be between 1 and 8192, got " + size);
        }
        for (int thread : threads) {
            require(thread >= 1 && thread <= 1024, "--threads must be between 1 and 1024, got " + thread);
        }
        require(layers >= 1 && layers <= 16, "--layers must be between 1 and 16, got " + layers);
        require(batch >= 1 && batch <= 65_536, "--batch must be between 1 and 65536, got " + batch);
        require(seq >= 1 && seq <= 100_000, "--seq must be between 1 and 100000, got " + seq);
        require(vocab >= 2 && vocab <= 1_000_000, "--vocab must be between 2 and 1000000, got " + vocab);
        require(warmup >= 0, "--warmup must not be negative, got " + warmup);
        require(iters >= 1, "--iters must be at least 1, got " + iters);
        require(latencyIters >= 0, "--latency-iters must not be negative, got " + latencyIters);
        require(latencyWarmupSeconds >= 0 && latencyWarmupSeconds <= 3600,
                "--latency-warmup must be between 0 and 3600 seconds, got " + latencyWarmupSeconds);
        require(ompWait.equalsIgnoreCase("passive") || ompWait.equalsIgnoreCase("active"),
                "--omp-wait must be passive or active, got " + ompWait);
        require(impls.contains(Impl.DL4J) || cells.contains(CellType.LSTM),
                "--impl fused exists only for lstm; add lstm to --cells or dl4j to --impl");
        if (model != null) {
            require(Files.exists(model), "model bundle not found: " + model);
        }
        appBenchmarks(apps);
        OutputFile.check("--out", out);
        if (profile && !onPath("strace")) {
            throw new BadInputException("--profile needs strace: apt-get install strace");
        }
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new BadInputException(message);
        }
    }

    /** Runs one row's child JVM with the thread count in its environment and returns its rows. */
    private List<BenchRow> runWorker(BenchWorker.Request request, Map<String, String> ompEnvironment)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // the parent's heap and off-heap limits apply to the child; debuggers and agents do not
            if (!arg.startsWith("-agentlib") && !arg.startsWith("-javaagent") && !arg.startsWith("-Xrunjdwp")) {
                command.add(arg);
            }
        }
        Path syscalls = null;
        if (profile) {
            syscalls = Files.createTempFile("seqlab-strace-", ".txt");
            command.addAll(0, List.of("strace", "-f", "-c", "-o", syscalls.toString()));
        }
        command.addAll(List.of("-Dseqlab.quiet=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), BenchWorker.class.getName(), Json.line(request)));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(ompEnvironment);
        builder.environment().put("OMP_NUM_THREADS", "" + request.threads());
        Subprocess run = Subprocess.run(builder, WORKER_TIMEOUT);
        if (run.exitCode() == BenchWorker.BAD_INPUT_EXIT) {
            throw new BadInputException(run.lastErrorLine());
        }
        if (run.exitCode() != 0) {
            throw new IOException("benchmark worker failed (exit " + run.exitCode() + ") for "
                    + Json.line(request) + ": " + run.lastErrorLine());
        }
        if (syscalls != null) {
            List<String> summary = Files.readAllLines(syscalls);
            Files.deleteIfExists(syscalls);
            // strace -c: two header lines, then calls sorted by time; the top ones are what a regression shows
            System.err.println("bench: system calls of " + Json.line(request) + ":");
            summary.stream().limit(2 + TOP_SYSCALLS).forEach(line -> System.err.println("  " + line));
        }
        List<BenchRow> rows = rowsOf(run.stdout(), Json.line(request));
        rows.forEach(BenchCommand::progress);
        return rows;
    }

    /**
     * The rows a worker printed. A row may follow other output on its line (JVM diagnostics such as
     * {@code -XX:+PrintCompilation}, which a worker inherits, print from another thread); a worker that printed none
     * failed, and says so rather than leaving its row out of the table.
     */
    static List<BenchRow> rowsOf(String stdout, String request) throws IOException {
        List<BenchRow> rows = new ArrayList<>();
        for (String line : stdout.split("\\R")) {
            int at = line.indexOf(BenchWorker.ROW_PREFIX);
            if (at >= 0) {
                rows.add(Json.MAPPER.readValue(line.substring(at + BenchWorker.ROW_PREFIX.length()), BenchRow.class));
            }
        }
        if (rows.isEmpty()) {
            throw new IOException("benchmark worker printed no result for " + request);
        }
        return rows;
    }

    private static BenchRow progress(BenchRow row) {
        System.err.println("bench: " + BenchTable.describe(row));
        return row;
    }

    /**
     * Each training row's throughput ratio against the faster of PyTorch's thread counts on the same shape,
     * and its CPU-time ratio (PyTorch's CPU milliseconds per step over ours, at the same thread count): the
     * view that does not depend on how busy the machine was.
     */
    static List<BenchRow> withTorchRatios(List<BenchRow> rows) {
        List<BenchRow> result = new ArrayList<>();
        for (BenchRow row : rows) {
            if (!"train".equals(row.kind()) || "pytorch".equals(row.impl())) {
                result.add(row);
                continue;
            }
            Double best = null;
            Double cpuRatio = null;
            for (BenchRow peer : rows) {
                if (!"pytorch".equals(peer.impl()) || !peer.sameShape(row)) {
                    continue;
                }
                if (peer.tokensPerSecond() != null && (best == null || peer.tokensPerSecond() > best)) {
                    best = peer.tokensPerSecond();
                }
                if (peer.threads() == row.threads() && peer.cpuMsPerStep() != null && row.cpuMsPerStep() != null
                        && row.cpuMsPerStep() > 0) {
                    cpuRatio = peer.cpuMsPerStep() / row.cpuMsPerStep();
                }
            }
            result.add(row.withRatios(best != null && best > 0 ? row.tokensPerSecond() / best : null, cpuRatio));
        }
        return result;
    }

    private Map<String, Object> environment(Instant started, double loadBefore, TorchPeer.Result<TorchPeer> peer,
                                            String coreType) {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("started", started.toString());
        env.put("seconds", Math.round((Instant.now().toEpochMilli() - started.toEpochMilli()) / 100.0) / 10.0);
        env.put("cores", Runtime.getRuntime().availableProcessors());
        env.put("cpu", cpuinfo("model name").orElse(System.getProperty("os.arch")));
        env.put("java", System.getProperty("java.version"));
        env.put("omp_wait_policy", ompWait.toLowerCase(Locale.ROOT));
        // OpenBLAS's kernels set the pace of every product, ours and PyTorch's: 1.6-1.8x apart on one core here
        env.put("openblas_coretype", coreType == null || coreType.isBlank() ? "detected by OpenBLAS" : coreType);
        env.put("load_1m_before", loadBefore);
        env.put("load_1m_after", Memory.load());
        env.put("torch", peer.value() != null ? "PyTorch (the project's peers/*.py scripts)" : peer.reason());
        return env;
    }

    /**
     * A hint when OpenBLAS is told to run AVX2 kernels on a CPU that has what its AVX-512 kernels need: every product
     * of the bench, ours and PyTorch's, then runs at about 0.6x of what the machine can do.
     */
    static Optional<String> kernelHint(String coreType, Set<String> cpuFlags) {
        boolean avx2Kernels = coreType != null && List.of("haswell", "zen").contains(coreType.strip().toLowerCase(Locale.ROOT));
        if (!avx2Kernels || !cpuFlags.containsAll(List.of("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"))) {
            return Optional.empty();
        }
        return Optional.of("OPENBLAS_CORETYPE=" + coreType.strip() + " runs OpenBLAS's AVX2 kernels on a CPU with AVX-512; "
                + "OPENBLAS_CORETYPE=SKYLAKEX made float products 1.6-1.8x faster on such a machine (docs/performance.md)");
    }

    /** The value of the first /proc/cpuinfo line for {@code key} ("model name", "flags"), if the system has one. */
    private static Optional<String> cpuinfo(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith(key)) {
                    return Optional.of(line.substring(line.indexOf(':') + 1).strip());
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
