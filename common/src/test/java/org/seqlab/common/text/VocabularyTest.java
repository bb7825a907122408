package org.seqlab.common.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.common.error.BadInputException;

class VocabularyTest {
    private static final List<List<String>> CORPUS = List.of(
            List.of("b", "a", "c", "a"),
            List.of("c", "d", "a", "b"),
            List.of("e"));

    @Test
    void specialsFirstThenByFrequencyWithTiesInCodePointOrder() {
        Vocabulary v = Vocabulary.build(CORPUS, 1, 0);
        // a:3, b:2, c:2, d:1, e:1 -> ties b/c and d/e broken alphabetically
        assertEquals(List.of("<pad>", "<unk>", "<s>", "</s>", "a", "b", "c", "d", "e"), v.tokens());
        assertEquals(3, v.count(v.id("a")));
        assertEquals(0, v.count(Vocabulary.PAD_ID));
    }

    @Test
    void idsDoNotDependOnCorpusOrder() {
        List<List<String>> reversed = List.of(CORPUS.get(2), CORPUS.get(1), CORPUS.get(0));
        assertEquals(Vocabulary.build(CORPUS, 1, 0).tokens(), Vocabulary.build(reversed, 1, 0).tokens());
    }

    @Test
    void minCountAndMaxSizeCut() {
        assertEquals(List.of("a", "b", "c"), Vocabulary.build(CORPUS, 2, 0).tokens().subList(4, 7));
        assertEquals(7, Vocabulary.build(CORPUS, 2, 0).size());
        Vocabulary small = Vocabulary.build(CORPUS, 1, 6);
        assertEquals(6, small.size());
        assertTrue(small.contains("b"));
        assertFalse(small.contains("c"));
        assertThrows(BadInputException.class, () -> Vocabulary.build(CORPUS, 0, 0));
        assertThrows(BadInputException.class, () -> Vocabulary.build(CORPUS, 1, 4));
    }

    @Test
    void withTokensAppendsOnlyWhatIsMissingKeepingIdsAndCounts() {
        Vocabulary v = Vocabulary.build(CORPUS, 1, 0);
        Vocabulary extended = v.withTokens(List.of("b", "x", "<unk>", "y", "x"));
        assertEquals(v.tokens(), extended.tokens().subList(0, v.size()), "existing ids unchanged");
        assertEquals(List.of("x", "y"), extended.tokens().subList(v.size(), extended.size()));
        assertEquals(v.count(v.id("a")), extended.count(extended.id("a")));
        assertEquals(0, extended.count(extended.id("x")), "added words were not seen in the corpus");
        assertEquals(extended.tokens(), Vocabulary.fromJson(extended.toJson()).tokens());
    }

    @Test
    void encodeMapsUnknownsAndFramesWithBosEos() {
        Vocabulary v = Vocabulary.build(CORPUS, 1, 0);
        assertArrayEquals(new int[] {2, 4, 1, 5, 3}, v.encode(List.of("a", "zzz", "b"), true));
        assertArrayEquals(new int[] {4, 1}, v.encode(List.of("a", "zzz"), false));
        assertEquals(List.of("a", "<unk>", "b"), v.decode(new int[] {2, 4, 1, 5, 3, 0, 0}));
    }

    @Test
    void specialTokensInTheCorpusAreNotDuplicated() {
        Vocabulary v = Vocabulary.build(List.of(List.of("<unk>", "x", "<pad>")), 1, 0);
        assertEquals(List.of("<pad>", "<unk>", "<s>", "</s>", "x"), v.tokens());
    }

    @Test
    void saveLoadRoundTrip(@TempDir Path dir) throws Exception {
        Vocabulary v = Vocabulary.build(List.of(List.of("naïve", "日本", "a\"b", "naïve")), 1, 0);
        Path file = dir.resolve("vocab.json");
        v.save(file);
        Vocabulary back = Vocabulary.load(file);
        assertEquals(v, back);
        assertEquals(v.id("日本"), back.id("日本"));
        assertEquals(2, back.count(back.id("naïve")));
    }

    @Test
    void corruptFilesAreBadInput(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("vocab.json");
        Files.writeString(file, "{\"format\":1,\"tokens\":[\"<pad>\"");
        assertThrows(BadInputException.class, () -> Vocabulary.load(file));
        Files.writeString(file, "{\"format\":99,\"tokens\":[],\"counts\":[]}");
        assertThrows(BadInputException.class, () -> Vocabulary.load(file));
        Files.writeString(file, "{\"format\":1,\"tokens\":[\"a\",\"b\",\"c\",\"d\"],\"counts\":[0,0,0,0]}");
        assertThrows(BadInputException.class, () -> Vocabulary.load(file));
        assertThrows(java.nio.file.NoSuchFileException.class, () -> Vocabulary.load(dir.resolve("missing.json")));
    }
}
