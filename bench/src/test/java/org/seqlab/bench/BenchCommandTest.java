package org.seqlab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.common.cli.Cli;
import org.seqlab.common.io.Json;

/** The bench command's output format on a tiny shape; no speed is asserted. */
class BenchCommandTest {

    @Test
    void quickRunWritesWellFormedRows(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("bench.json");
        int exit = Cli.run(new BenchCommand(), "--quick", "--torch", "none", "--cells", "rnn,lstm", "--out", out.toString());
        assertEquals(0, exit);
        JsonNode report = Json.MAPPER.readTree(out.toFile());
        // rnn/dl4j, lstm/dl4j and lstm/fused: a training row and a latency row each
        JsonNode rows = report.path("rows");
        assertEquals(3, rows.size());
        for (JsonNode row : rows) {
            for (String field : List.of("cell", "impl", "hidden", "layers", "batch", "seq", "threads", "tokens_per_second",
                    "spread_pct", "cpu_ms_per_step", "peak_rss_bytes", "user_seconds", "system_seconds")) {
                assertTrue(row.hasNonNull(field), field + " missing in " + row);
            }
            assertEquals("train", row.path("kind").asText());
            assertTrue(row.path("tokens_per_second").asDouble() > 0, "tokens_per_second in " + row);
        }
        String coreType = System.getenv("OPENBLAS_CORETYPE");
        assertEquals(coreType == null || coreType.isBlank() ? "detected by OpenBLAS" : coreType,
                report.path("environment").path("openblas_coretype").asText());
        JsonNode latency = report.path("latency");
        assertEquals(3, latency.size());
        for (JsonNode row : latency) {
            assertTrue(row.path("latency_p99_ms").asDouble() >= row.path("latency_p50_ms").asDouble(), row.toString());
        }
    }

    /** A worker's row is found behind JVM output on its line; a worker that printed no row is an error, not a gap. */
    @Test
    void workerRowsAreFoundBehindOtherOutputAndTheirAbsenceIsAnError() throws Exception {
        BenchRow row = BenchRow.appTorch("counting", 1, 3, 1234.5, 81.0, 0.5);
        String stdout = "  15580 1606       3       java.lang.invoke.MemberName::getName (25 bytes)\n"
                + "  15581 1617       3       " + BenchWorker.ROW_PREFIX + Json.line(row) + "\n";
        List<BenchRow> rows = BenchCommand.rowsOf(stdout, "{request}");
        assertEquals(1, rows.size());
        assertEquals(1234.5, rows.get(0).tokensPerSecond());
        IOException none = assertThrows(IOException.class,
                () -> BenchCommand.rowsOf("  15580 1606  3  java.lang.invoke.MemberName::getName (25 bytes)\n", "{request}"));
        assertEquals("benchmark worker printed no result for {request}", none.getMessage());
    }

    /** An installed app's shape runs in a worker JVM and lands among the training rows, named by its app. */
    @Test
    void appShapesAreTimedInWorkers(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("bench.json");
        int exit = Cli.run(new BenchCommand(), "--no-cell-rows", "--apps", "counting", "--threads", "1", "--warmup", "1",
                "--iters", "3", "--torch", "none", "--out", out.toString());
        assertEquals(0, exit);
        JsonNode rows = Json.MAPPER.readTree(out.toFile()).path("rows");
        assertEquals(1, rows.size(), rows.toString());
        assertEquals("app:counting", rows.get(0).path("model").asText());
        double tokensPerSecond = rows.get(0).path("tokens_per_second").asDouble();
        assertTrue(tokensPerSecond > 1_000 && tokensPerSecond < 100_000, "100 tokens per ~1 ms step: " + tokensPerSecond);
        assertEquals(2, Cli.run(new BenchCommand(), "--apps", "nonesuch", "--torch", "none", "--out", out.toString()));
    }

    @Test
    void badOptionsAreBadInput(@TempDir Path dir) {
        String out = dir.resolve("bench.json").toString();
        assertEquals(2, Cli.run(new BenchCommand(), "--hidden", "0", "--torch", "none", "--out", out));
        assertEquals(2, Cli.run(new BenchCommand(), "--omp-wait", "sometimes", "--torch", "none", "--out", out));
        assertEquals(0.0 + 0, CpuTimes.now().since(CpuTimes.now()).system(), 0.05, "two reads a moment apart");
        assertTrue(CpuTimes.now().user() > 0, "this JVM has run code");
        assertEquals(2, Cli.run(new BenchCommand(), "--quick", "--torch", "none", "--model", dir.resolve("nope").toString(),
                "--out", out));
    }

    @Test
    void anOutThatCannotBeWrittenIsBadInputBeforeTheBenchRuns(@TempDir Path dir) throws Exception {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream saved = System.err;
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        long start = System.nanoTime();
        try {
            // without --quick the bench would run for minutes before writing
            assertEquals(2, Cli.run(new BenchCommand(), "--torch", "none", "--out", dir.toString()));
            java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("notes.txt"), "x");
            assertEquals(2, Cli.run(new BenchCommand(), "--torch", "none", "--out", file.resolve("bench.json").toString()));
        } finally {
            System.setErr(saved);
        }
        assertTrue((System.nanoTime() - start) / 1e9 < 10, "refused before benchmarking");
        assertTrue(err.toString().contains("is a folder"), err.toString());
        assertTrue(err.toString().contains("which is a file"), err.toString());
    }

    @Test
    void hintsAtAvx512KernelsOnlyWhenAvx2OnesAreForcedOnACpuThatHasAvx512() {
        Set<String> avx512 = Set.of("fma", "avx2", "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl");
        assertTrue(BenchCommand.kernelHint("Haswell", avx512).orElseThrow().contains("OPENBLAS_CORETYPE=SKYLAKEX"));
        assertTrue(BenchCommand.kernelHint("ZEN", avx512).isPresent());
        assertTrue(BenchCommand.kernelHint("SKYLAKEX", avx512).isEmpty());
        assertTrue(BenchCommand.kernelHint(null, avx512).isEmpty());
        assertTrue(BenchCommand.kernelHint("Haswell", Set.of("fma", "avx2", "avx512f")).isEmpty(), "AVX-512 in part");
    }

    @Test
    void ratiosUseTheFasterPyTorchThreadCount() {
        BenchShape shape = new BenchShape(org.seqlab.common.rnn.CellType.LSTM, Impl.FUSED, 8, 1, 2, 3, 4);
        BenchRow ours = BenchRow.training(shape, 1, Stats.of(new double[] {100}), Stats.of(new double[] {90}), 1, 1, 1, 0);
        List<BenchRow> rows = BenchCommand.withTorchRatios(List.of(ours,
                BenchRow.torch(shape, 1, 1, 30, 200, 180.0, 0), BenchRow.torch(shape, 2, 1, 40, 150, 270.0, 0)));
        // 6 tokens in 100 ms = 60 tokens/s against PyTorch's better 40 tokens/s
        assertEquals(1.5, rows.get(0).ratioVsTorch(), 1e-9);
        // CPU time against PyTorch at the same thread count: 180 ms over our 90 ms
        assertEquals(2.0, rows.get(0).cpuRatioVsTorch(), 1e-9);
        assertEquals(5.37, TorchPeer.childCpuSeconds("0m5.120s 0m0.250s"), 1e-9);
    }
}
