package org.seqlab.common.text;

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

class TextPipelineTest {
    @Test
    void nfkcFoldsCompatibilityCharactersBeforeTokenising() {
        // full-width letters and the "fi" ligature become plain ASCII under NFKC, and only then
        TextPipeline p = new TextPipeline(TokenizerKind.SIMPLE, true, true, Stemming.NONE, false, 0);
        assertEquals(List.of("foo", "fine"), p.apply("ＦＯＯ ﬁne"));
        TextPipeline raw = new TextPipeline(TokenizerKind.SIMPLE, true, false, Stemming.NONE, false, 0);
        assertEquals(List.of("ｆｏｏ", "ﬁne"), raw.apply("ＦＯＯ ﬁne"));
    }

    @Test
    void stopwordsAreDroppedButNegationsKept() {
        TextPipeline p = new TextPipeline(TokenizerKind.SIMPLE, true, false, Stemming.NONE, true, 0);
        assertEquals(List.of("movie", "not", "good"), p.apply("The movie was not good"));
        assertTrue(Stopwords.english().contains("the"));
        assertFalse(Stopwords.english().contains("never"));
    }

    @Test
    void stemmersDiffer() {
        TextPipeline base = new TextPipeline(TokenizerKind.SIMPLE, true, false, Stemming.NONE, false, 0);
        assertEquals(List.of("running", "generously"), base.apply("Running generously"));
        assertEquals(List.of("run", "gener"), base.withStemming(Stemming.PORTER).apply("Running generously"));
        assertEquals(List.of("run", "generous"), base.withStemming(Stemming.SNOWBALL).apply("Running generously"));
    }

    @Test
    void maxLengthTruncatesAfterFiltering() {
        TextPipeline p = new TextPipeline(TokenizerKind.SIMPLE, true, false, Stemming.NONE, true, 2);
        assertEquals(List.of("cats", "dogs"), p.apply("the cats and the dogs and birds"));
    }

    @Test
    void jsonRoundTripGivesAnEqualPipeline(@TempDir Path dir) throws Exception {
        TextPipeline p = new TextPipeline(TokenizerKind.OPENNLP, true, true, Stemming.SNOWBALL, true, 200);
        assertEquals(p, TextPipeline.fromJson(p.toJson()));
        Path file = dir.resolve("pipeline.json");
        p.save(file);
        assertEquals(p, TextPipeline.load(file));
        assertEquals(p.apply("Cats aren't running."), TextPipeline.load(file).apply("Cats aren't running."));
    }

    @Test
    void malformedJsonIsBadInput(@TempDir Path dir) throws Exception {
        assertThrows(BadInputException.class, () -> TextPipeline.fromJson("{\"tokenizer\":\"NOPE\"}"));
        assertThrows(BadInputException.class, () -> TextPipeline.fromJson("{\"lowercase\":true}"));
        Path file = dir.resolve("truncated.json");
        Files.writeString(file, "{\"tokenizer\":\"SIMPLE\",");
        assertThrows(BadInputException.class, () -> TextPipeline.load(file));
    }
}
