package org.seqlab.translation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.common.rnn.CellType;
import org.seqlab.common.train.TrainSettings;
import org.seqlab.datasets.TextPair;

/** The app's own training and decoding learn to reverse short "sentences" of made-up words. */
class TranslationToyTaskTest {
    static final List<String> WORDS = List.of("ka", "lo", "mi", "nu", "pe", "ro", "si", "tu");

    static List<TextPair> reversals(int count, long seed) {
        Random random = new Random(seed);
        List<TextPair> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<String> words = new ArrayList<>();
            for (int n = 3 + random.nextInt(4); n > 0; n--) {
                words.add(WORDS.get(random.nextInt(WORDS.size())));
            }
            List<String> reversed = new ArrayList<>(words);
            java.util.Collections.reverse(reversed);
            out.add(new TextPair(String.join(" ", words), String.join(" ", reversed).toUpperCase()));
        }
        return out;
    }

    static TranslationSettings tiny(Attention attention) {
        return new TranslationSettings("xx", "yy", attention, CellType.GRU, 16, 32, 1, 32, 0.0, 20, false, 1, 50, 50);
    }

    @Test
    void learnsToReverseWithAttention(@TempDir Path dir) throws Exception {
        List<TextPair> train = reversals(1200, 1);
        List<TextPair> validation = reversals(60, 2);
        TrainSettings options = new TrainSettings(12, 32, 7, 0.01, 1.0, 0, 5.0, 0, 0);
        TranslationTraining.Result result = TranslationTraining.train(train, validation, tiny(Attention.BAHDANAU),
                options, dir.resolve("ckpt"), false, 20);
        List<TextPair> test = reversals(100, 3);
        int exact = 0;
        TranslationModel greedy = result.model().with(Decoding.GREEDY);
        int greedyExact = 0;
        for (TextPair p : test) {
            exact += result.model().translate(p.source()).text().equals(p.target()) ? 1 : 0;
            greedyExact += greedy.translate(p.source()).text().equals(p.target()) ? 1 : 0;
        }
        System.out.println("beam exact " + exact + " greedy " + greedyExact + " history " + result.training().history());
        assertTrue(exact >= 95, "beam exact matches " + exact + "/100");
        assertTrue(greedyExact >= 90, "greedy exact matches " + greedyExact + "/100");
    }
}
