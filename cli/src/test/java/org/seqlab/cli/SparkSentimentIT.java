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
import org.seqlab.common.io.Json;
import org.seqlab.common.testing.CommandRun;

/** {@code seqlab sentiment train --spark local[2]}: the option reaches the trainer, and the model still learns. */
class SparkSentimentIT {
    @Test
    void sentimentTrainsOnLocalSpark(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>(List.of("text\tlabel"));
        String[] good = {"great", "lovely", "superb", "wonderful"};
        String[] bad = {"awful", "poor", "dreadful", "terrible"};
        for (int i = 0; i < 120; i++) {
            lines.add("the meal was " + good[i % 4] + "\tpos");
            lines.add("the meal was " + bad[i % 4] + "\tneg");
        }
        Path data = Files.write(dir.resolve("meals.tsv"), lines);
        Path out = dir.resolve("report");
        CommandRun run = CommandRun.withInput(new SeqlabMain(), "", "sentiment", "train", "--data", data.toString(),
                "--spark", "local[2]", "--model", dir.resolve("model").toString(), "--out", out.toString(),
                "--epochs", "3", "--hidden", "8", "--embeddings", "random", "--embedding-dim", "8",
                "--tokenizer", "simple", "--lr", "0.02");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.err().contains("on Spark local[2]"), "the epochs ran on Spark: " + run.err());
        JsonNode metrics = Json.MAPPER.readTree(out.resolve("metrics.json").toFile());
        assertTrue(metrics.get("accuracy").asDouble() > 0.75, metrics.toString());
    }
}
