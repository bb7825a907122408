package org.seqlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.common.cli.Cli;
import org.seqlab.common.io.Json;

/** {@code seqlab bench --model} times any app's bundle through the task-model contract. */
class BenchModelTest {
    @Test
    void benchTimesASentimentBundleSingleAndBatched(@TempDir Path dir) throws Exception {
        System.setProperty("seqlab.quiet", "true");
        List<String> lines = new ArrayList<>(List.of("text\tlabel"));
        for (int i = 0; i < 60; i++) {
            lines.add("the film was " + (i % 2 == 0 ? "great" : "awful") + " " + i + "\t" + (i % 2 == 0 ? "pos" : "neg"));
        }
        Path data = Files.write(dir.resolve("reviews.tsv"), lines);
        Path model = dir.resolve("model");
        assertEquals(0, Cli.run(new SeqlabMain(), "sentiment", "train", "--data", data.toString(), "--model",
                model.toString(), "--out", dir.resolve("report").toString(), "--epochs", "1", "--hidden", "4",
                "--embeddings", "random", "--embedding-dim", "4", "--tokenizer", "simple"));
        Path out = dir.resolve("bench.json");
        assertEquals(0, Cli.run(new SeqlabMain(), "bench", "--model", model.toString(), "--no-cell-rows", "--apps", "none",
                "--threads", "1", "--latency-iters", "10", "--latency-warmup", "1", "--torch", "none", "--out",
                out.toString()));
        JsonNode latency = Json.MAPPER.readTree(out.toFile()).path("latency");
        assertEquals(1, latency.size(), latency.toString());
        JsonNode row = latency.get(0);
        assertEquals("sentiment:model", row.path("model").asText());
        assertTrue(row.path("latency_p50_ms").asDouble() > 0, row.toString());
        assertTrue(row.path("latency_p99_ms").asDouble() >= row.path("latency_p50_ms").asDouble(), row.toString());
        assertTrue(row.path("inputs_per_second").asDouble() > 0, row.toString());
        // the fresh process's first predictions, reported apart from the steady state timed after the warm-up
        assertTrue(row.path("latency_first_ms").asDouble() > 0, row.toString());
        assertTrue(row.path("latency_cold_p50_ms").asDouble() > 0, row.toString());
        assertTrue(row.path("latency_cpu_p50_ms").asDouble() > 0, row.toString());
    }
}
