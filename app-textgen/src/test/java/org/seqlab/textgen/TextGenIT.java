package org.seqlab.textgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.common.io.Json;
import org.seqlab.common.testing.CommandRun;

/** Real data: a small char-rnn on the opening of Moby Dick beats the character-frequency baseline. */
class TextGenIT {
    @TempDir
    Path dir;

    @Test
    void learnsMobyDickBeyondCharacterFrequencies() throws Exception {
        System.setProperty("seqlab.quiet", "true");
        String text = Corpus.load("moby-dick").text().substring(0, 60_000);
        Path data = Files.writeString(dir.resolve("moby-60k.txt"), text);
        CommandRun r = CommandRun.of(new TextgenMain(), "train", "--data", data.toString(), "--model",
                dir.resolve("m").toString(), "--out", dir.resolve("r").toString(), "--cell", "gru", "--layers", "1",
                "--hidden", "64", "--dropout", "0", "--batch", "16", "--tbptt", "50", "--epochs", "3", "--minutes", "0",
                "--lr", "0.005");
        assertEquals(0, r.code(), r.err());
        JsonNode metrics = Json.MAPPER.readTree(dir.resolve("r").resolve("metrics.json").toFile());
        double bits = metrics.get("bits_per_char").asDouble();
        // the baseline: the entropy of the training text's character frequencies
        Map<Integer, Integer> counts = new HashMap<>();
        String train = text.substring(0, Corpus.validationStart(text.length()));
        train.codePoints().forEach(c -> counts.merge(c, 1, Integer::sum));
        double unigram = 0;
        for (int n : counts.values()) {
            double p = n / (double) train.length();
            unigram -= p * Math.log(p) / Math.log(2);
        }
        assertTrue(bits < unigram - 0.5, "bits/char " + bits + " vs character frequencies " + unigram);
        CommandRun sample = CommandRun.of(new TextgenMain(), "sample", "--model", dir.resolve("m").toString(),
                "--prime", "The ", "--length", "200", "--seed", "1", "--json");
        assertEquals(0, sample.code(), sample.err());
        String generated = sample.json().get(0).get("text").asText();
        assertTrue(generated.split(" ").length > 20, "word-like pieces separated by spaces: " + generated);
    }
}
