package org.seqlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.common.io.Json;
import org.seqlab.common.testing.CommandRun;

/**
 * {@code seqlab textgen train --spark local[2]}: the language model's windows reach the workers as longer,
 * self-contained batches (the state carried inside each), and the model still learns.
 */
class SparkTextgenIT {
    @Test
    void textgenTrainsOnLocalSpark(@TempDir Path dir) throws Exception {
        String[] animals = {"cat", "dog", "hen", "fox"};
        String[] places = {"mat", "log", "rug", "box"};
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 40_000; i++) {
            text.append("the ").append(animals[i % 4]).append(" sat on the ").append(places[(i / 4) % 4]).append(".\n");
        }
        Path data = Files.writeString(dir.resolve("animals.txt"), text);
        Path out = dir.resolve("report");
        CommandRun run = CommandRun.withInput(new SeqlabMain(), "", "textgen", "train", "--data", data.toString(),
                "--spark", "local[2]", "--averaging-frequency", "1", "--model", dir.resolve("model").toString(),
                "--out", out.toString(), "--epochs", "4", "--minutes", "0", "--layers", "1", "--hidden", "32",
                "--batch", "8", "--lr", "0.01");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.err().contains("on Spark local[2]"), "the epochs ran on Spark: " + run.err());
        JsonNode metrics = Json.MAPPER.readTree(out.resolve("metrics.json").toFile());
        // a character unigram model of this text needs 2.55 nats; the sentences' frame is learnable to far below
        assertTrue(metrics.get("nats_per_char").asDouble() < 1.0, metrics.toString());
    }
}
