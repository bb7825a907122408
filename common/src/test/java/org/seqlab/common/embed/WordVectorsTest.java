package org.seqlab.common.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.common.error.BadInputException;

class WordVectorsTest {
    // a toy space where gender is the first axis and royalty the second
    private static final String GLOVE = """
            king 1 1 0.1
            queen -1 1 0.1
            man 1 0 0
            woman -1 0 0
            apple 0 0 1
            """;

    @Test
    void readsGloveTextAndAnswersQueries(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("v.txt");
        Files.writeString(file, GLOVE);
        WordVectors v = WordVectors.readText(file);
        assertEquals(5, v.size());
        assertEquals(3, v.dim());
        assertArrayEquals(new float[] {-1, 1, 0.1f}, v.vector("queen"));
        assertEquals(List.of("king", "apple", "queen"), v.nearest("man", 3).stream().map(Neighbour::word).toList());
        assertEquals(-1.0, v.similarity("man", "woman"), 1e-6);
        List<Neighbour> answer = v.analogy("man", "king", "woman", 2);
        assertEquals("queen", answer.get(0).word());
        assertFalse(answer.stream().anyMatch(n -> List.of("man", "king", "woman").contains(n.word())));
        assertTrue(answer.get(0).score() >= answer.get(1).score());
    }

    @Test
    void word2vecHeaderIsDetectedAndRoundTrips(@TempDir Path dir) throws Exception {
        Path glove = dir.resolve("v.txt");
        Files.writeString(glove, GLOVE);
        WordVectors v = WordVectors.readText(glove);
        Path w2v = dir.resolve("w2v.txt");
        v.writeText(w2v, true);
        assertEquals("5 3", Files.readAllLines(w2v).get(0));
        WordVectors back = WordVectors.readText(w2v);
        assertEquals(v.words(), back.words());
        assertArrayEquals(v.vector("king"), back.vector("king"));
        Path plain = dir.resolve("plain.txt");
        back.writeText(plain, false);
        assertTrue(Files.readAllLines(plain).get(0).startsWith("king "));
        assertEquals(v.words(), WordVectors.readText(plain).words());
    }

    @Test
    void maxWordsReadsAPrefix(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("v.txt");
        Files.writeString(file, GLOVE);
        assertEquals(List.of("king", "queen"), WordVectors.readText(file, 2).words());
    }

    @Test
    void unknownWordIsBadInputNamingTheWord(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("v.txt");
        Files.writeString(file, GLOVE);
        WordVectors v = WordVectors.readText(file);
        BadInputException e = assertThrows(BadInputException.class, () -> v.nearest("zebra", 3));
        assertTrue(e.getMessage().contains("'zebra'"), e.getMessage());
        assertThrows(BadInputException.class, () -> v.analogy("man", "king", "zebra", 3));
    }

    @Test
    void malformedFilesAreBadInputWithALineNumber(@TempDir Path dir) throws Exception {
        Path ragged = dir.resolve("ragged.txt");
        Files.writeString(ragged, "a 1 2 3\nb 1 2\n");
        BadInputException e = assertThrows(BadInputException.class, () -> WordVectors.readText(ragged));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());

        Path notNumber = dir.resolve("nan.txt");
        Files.writeString(notNumber, "a 1 x 3\n");
        assertThrows(BadInputException.class, () -> WordVectors.readText(notNumber));

        Path empty = dir.resolve("empty.txt");
        Files.writeString(empty, "");
        assertThrows(BadInputException.class, () -> WordVectors.readText(empty));

        Path latin1 = dir.resolve("latin1.txt");
        Files.write(latin1, "caf\u00e9 1 2\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThrows(BadInputException.class, () -> WordVectors.readText(latin1));

        assertThrows(BadInputException.class, () -> WordVectors.readText(dir));
    }
}
