package org.seqlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.seqlab.common.testing.CommandRun;

/**
 * {@code seqlab embed} on the catalog's real data (fetched into SEQLAB_HOME on first run): Word2Vec on
 * raw-sentences with both architectures, and the GloVe analogy the lecture shows.
 */
class EmbedRealDataIT {
    private static List<String> words(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.get("word").asText()));
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "cbow|--hs|--negative=0",
            "skipgram|--no-hs|--negative=5"})
    @Timeout(300)
    void word2vecOnRawSentencesPutsRelatedWordsClose(String arch, String hs, String negative, @TempDir Path dir)
            throws Exception {
        Path out = dir.resolve(arch);
        // the whole corpus (97k sentences) for one epoch: a subsample learns too little to rank these pairs
        CommandRun train = EmbedCommandTest.run("embed", "word2vec", "--data", "raw-sentences", "--arch", arch, hs, negative,
                "--dim", "50", "--seed", "42", "--out", out.toString());
        assertEquals(0, train.code(), train.err());
        assertTrue(train.json().get(0).get("sentences").asInt() > 90_000, train.out());

        CommandRun nearest = EmbedCommandTest.run("embed", "nearest", "day", "he", "three", "--vectors", out.toString(), "-k", "3");
        assertEquals(0, nearest.code(), nearest.err());
        List<JsonNode> lines = nearest.json();
        Map<String, List<String>> expected = Map.of(
                "day", List.of("week", "night"),
                "he", List.of("she"),
                "three", List.of("two", "four", "five"));
        for (JsonNode line : lines) {
            List<String> top = words(line.get("neighbours"));
            String word = line.get("word").asText();
            assertTrue(top.stream().anyMatch(expected.get(word)::contains),
                    () -> arch + ": top 3 of " + word + " is " + top + ", expected one of " + expected.get(word));
        }
    }

    @Test
    @Timeout(600)
    void gloveKingMinusManPlusWomanIsQueen() throws Exception {
        CommandRun r = EmbedCommandTest.run("embed", "analogy", "man", "king", "woman", "--vectors", "glove-100d", "-k", "3");
        assertEquals(0, r.code(), r.err());
        List<String> answers = words(r.json().get(0).get("answers"));
        assertTrue(answers.contains("queen"), () -> "king - man + woman gave " + answers);
    }
}
