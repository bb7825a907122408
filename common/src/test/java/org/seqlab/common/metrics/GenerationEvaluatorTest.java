package org.seqlab.common.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GenerationEvaluatorTest {
    @Test
    void splitsWordsFromPunctuation() {
        assertEquals(List.of("Datei", "%", "s", "nicht", "gefunden", ".", "Grüße", "!"),
                GenerationEvaluator.tokens("Datei %s nicht gefunden. Grüße!"));
    }

    @Test
    void perfectOutputScoresHundredAndCaseOnlyCountsInCasedBleu() {
        GenerationEvaluator same = new GenerationEvaluator();
        same.add("The file was not found.", "The file was not found.");
        same.add("Invalid option %qs in %s", "Invalid option %qs in %s");
        Map<String, Double> perfect = same.result().flat();
        assertEquals(100, perfect.get("bleu"), 1e-9);
        assertEquals(100, perfect.get("bleu_lowercase"), 1e-9);
        assertEquals(100, perfect.get("chrf"), 1e-9);
        assertEquals(2, perfect.get("sentences"));

        GenerationEvaluator cased = new GenerationEvaluator();
        cased.add("The file was not found here.", "the File was not found here.");
        GenerationEvaluator.Scores scores = cased.result();
        assertEquals(100, scores.bleuLowercase().bleu(), 1e-9);
        // 5 of 7 unigrams match, 4 of 6 bigrams, 3 of 5 trigrams, 2 of 4 four-grams; same length
        double expected = 100 * Math.pow(5 / 7.0 * 4 / 6.0 * 3 / 5.0 * 2 / 4.0, 0.25);
        assertEquals(expected, scores.bleu().bleu(), 1e-9);
        assertTrue(scores.chrf() < 100);
    }
}
