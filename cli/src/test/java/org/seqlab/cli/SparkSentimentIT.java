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

/**
 * {@code seqlab sentiment train --spark local[2]}: the option reaches the trainer, the model still learns, and
 * {@code --minutes} ends the training on Spark as it does locally.
 */
class SparkSentimentIT {
    @Test
    void sentimentTrainsOnLocalSpark(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("report");
        CommandRun run = train(dir, out, "--epochs", "3");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.err().contains("on Spark local[2]"), "the epochs ran on Spark: " + run.err());
        JsonNode metrics = Json.MAPPER.readTree(out.resolve("metrics.json").toFile());
        assertTrue(metrics.get("accuracy").asDouble() > 0.75, metrics.toString());
    }

    @Test
    void theTimeBudgetEndsSparkTrainingToo(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("report");
        CommandRun run = train(dir, out, "--epochs", "1000", "--patience", "0", "--minutes", "0.05");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.err().contains("on Spark local[2]"), run.err());
        int epochs = Json.MAPPER.readTree(out.resolve("metrics.json").toFile()).get("epochs").asInt();
        assertTrue(epochs >= 1 && epochs < 1000, "3 s of fitting, not 1000 epochs: " + epochs);
    }

    private static CommandRun train(Path dir, Path out, String... options) throws java.io.IOException {
        List<String> lines = new ArrayList<>(List.of("text\tlabel"));
        String[] good = {"great", "lovely", "superb", "wonderful"};
        String[] bad = {"awful", "poor", "dreadful", "terrible"};
        for (int i = 0; i < 120; i++) {
            lines.add("the meal was " + good[i % 4] + "\tpos");
            lines.add("the meal was " + bad[i % 4] + "\tneg");
        }
        Path data = Files.write(dir.resolve("meals.tsv"), lines);
        List<String> args = new ArrayList<>(List.of("sentiment", "train", "--data", data.toString(), "--spark", "local[2]",
                "--model", dir.resolve("model").toString(), "--out", out.toString(), "--hidden", "8", "--embeddings",
                "random", "--embedding-dim", "8", "--tokenizer", "simple", "--lr", "0.02"));
        args.addAll(List.of(options));
        return CommandRun.withInput(new SeqlabMain(), "", args.toArray(String[]::new));
    }
}
