package org.seqlab.tagger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.common.io.Json;
import org.seqlab.common.testing.CommandRun;

/** Trains on a real slice of the Brown corpus (fetched once into the shared cache) and tags with the result. */
class TaggerIT {
    @TempDir
    Path dir;

    @Test
    void learnsUniversalTagsOnASliceOfBrown() throws Exception {
        Path model = dir.resolve("model");
        Path report = dir.resolve("report");
        CommandRun train = CommandRun.of(new TaggerMain(), "train", "--data", "brown-pos", "--limit", "1500",
                "--embeddings", "random", "--embedding-dim", "32", "--hidden", "32", "--char-filters", "24",
                "--epochs", "3", "--lr", "0.01", "--batch", "16", "--model", model.toString(), "--out", report.toString());
        assertEquals(0, train.code(), train.err());
        JsonNode m = Json.MAPPER.readTree(report.resolve("metrics.json").toFile());
        assertTrue(m.get("token_accuracy").asDouble() > 0.85, m.toString());
        assertTrue(m.get("unseen_accuracy").asDouble() > 0.5, "the character CNN tags unseen words: " + m);
        assertTrue(m.get("opennlp_accuracy").asDouble() > 0.8, "OpenNLP's mapped tags are comparable: " + m);
        assertTrue(m.get("baseline_accuracy").asDouble() > 0.7, m.toString());
        String html = Files.readString(report.resolve("report.html"));
        assertTrue(html.contains("Most frequent errors on words unseen in training")
                && html.contains(" errors are on words unseen in training"), "the unseen words' errors have a table");
        List<String> log = Files.readAllLines(report.resolve("training-log.csv"));
        double first = Double.parseDouble(log.get(1).split(",")[1]);
        double last = Double.parseDouble(log.get(log.size() - 1).split(",")[1]);
        assertTrue(last < first * 0.7, "training loss falls: " + log);

        CommandRun tag = CommandRun.of(new TaggerMain(), "tag", "--model", model.toString(),
                "The committee said that it would meet again on Friday.");
        assertEquals(0, tag.code(), tag.err());
        JsonNode tokens = tag.json().get(0).get("tokens");
        assertEquals("The", tokens.get(0).get("token").asText());
        assertEquals("DET", tokens.get(0).get("tag").asText());
        assertEquals("Friday", tokens.get(tokens.size() - 2).get("token").asText(), "the tokenizer splits the full stop");
        assertEquals(".", tokens.get(tokens.size() - 1).get("tag").asText());
    }
}
