package org.seqlab.datasets.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.seqlab.datasets.parse.Malformed.assertBad;
import static org.seqlab.datasets.parse.Malformed.write;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.models.embeddings.loader.WordVectorSerializer;
import org.deeplearning4j.models.embeddings.wordvectors.WordVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.datasets.LabeledText;

/** The parsers of the catalog's own source formats, on small files shaped like the real ones. */
class SourceParsersTest {
    @TempDir
    Path dir;

    @Test
    void uciFixturesDropNullLabels() throws IOException {
        Path f = write(dir, "amazon.json", "[{\"text\":\"Good case.\",\"class\":1},{\"text\":\"Broke.\",\"class\":0},{\"text\":\"\",\"class\":null}]");
        assertEquals(List.of(new LabeledText("Good case.", "1", "amazon"), new LabeledText("Broke.", "0", "amazon")),
                UciSentencesParser.parse(f, "amazon"));
        Path bad = write(dir, "bad.json", "[{\"text\":\"Good\",\"class\":1},");
        assertBad(() -> UciSentencesParser.parse(bad, "x"), bad, "invalid JSON");
        Path noText = write(dir, "notext.json", "[{\"class\":1}]");
        assertBad(() -> UciSentencesParser.parse(noText, "x"), noText, "no text");
    }

    @Test
    void spamAssassinStripsHeaders() throws IOException {
        Path f = write(dir, "00001.json", "{\"id\":\"00001\",\"group\":\"spam-2\",\"text\":\"From: a@b\\r\\nSubject: Win\\r\\n"
                + "\\tcontinued\\r\\n\\r\\nBuy now!\\r\\n\\r\\nReally.\\n\"}");
        LabeledText t = SpamAssassinParser.parse(f);
        assertEquals(new LabeledText("Buy now!\n\nReally.", "spam", "spam-2"), t);
        Path ham = write(dir, "00002.json", "{\"group\":\"easy-ham-1\",\"text\":\"Subject: hi\\n\\nLunch?\"}");
        assertEquals("ham", SpamAssassinParser.parse(ham).label());
        Path broken = write(dir, "00003.json", "{\"group\":\"spam-1\"}");
        assertBad(() -> SpamAssassinParser.parse(broken), broken, "'text'");
    }

    @Test
    void emojiJoinsNamesImagesTonesKeywordsAndFlags() throws IOException {
        Path datasource = write(dir, "emoji.json", "[{\"name\":\"WAVING HAND SIGN\",\"unified\":\"1F44B\",\"image\":\"1f44b.png\","
                + "\"category\":\"People & Body\",\"has_img_google\":true,\"skin_variations\":{"
                + "\"1F3FB\":{\"image\":\"1f44b-1f3fb.png\",\"has_img_google\":true},"
                + "\"1F3FF\":{\"image\":\"1f44b-1f3ff.png\",\"has_img_google\":false}}},"
                + "{\"name\":\"KEYCAP 1\",\"unified\":\"0031-FE0F-20E3\",\"image\":\"0031-fe0f-20e3.png\",\"category\":\"Symbols\",\"has_img_google\":true},"
                + "{\"name\":\"FRANCE\",\"unified\":\"1F1EB-1F1F7\",\"image\":\"1f1eb-1f1f7.png\",\"category\":\"Flags\",\"has_img_google\":true}]");
        Path emojibase = write(dir, "data.json", "[{\"hexcode\":\"1F44B\",\"tags\":[\"hand\",\"wave\"],"
                + "\"skins\":[{\"hexcode\":\"1F44B-1F3FB\",\"tone\":1}]},{\"hexcode\":\"0031-20E3\",\"tags\":[\"one\"]},"
                + "{\"hexcode\":\"1F1EB-1F1F7\",\"tags\":[\"FR\",\"flag\"]}]");
        List<EmojiParser.Entry> entries = EmojiParser.parse(datasource, emojibase);
        assertEquals(List.of(new EmojiParser.Entry("1f44b.png", "waving hand sign", List.of("hand", "wave"), false),
                new EmojiParser.Entry("1f44b-1f3fb.png", "waving hand sign: light skin tone", List.of("hand", "wave"), false),
                new EmojiParser.Entry("0031-fe0f-20e3.png", "keycap 1", List.of("one"), false),
                new EmojiParser.Entry("1f1eb-1f1f7.png", "france", List.of("FR", "flag"), true)), entries);
        assertEquals("light skin tone, dark skin tone", EmojiParser.toneNames("1F3FB-1F3FF"));
        Path broken = write(dir, "broken.json", "[{\"name\":\"X\"}]");
        assertBad(() -> EmojiParser.parse(broken, emojibase), broken, "'unified'");
    }

    @Test
    void gloveConversionIsReadableByDl4j() throws IOException {
        Path json = write(dir, "wink.json", "{\"precision\":8,\"dimensions\":3,\"words\":[\"king\",\"queen\"],"
                + "\"vectors\":{\"king\":[0.5,-1.25,2,9.9,0],\"queen\":[0.25,-1,1.5e-3,8.1,1]},\"unkVector\":[0,0,0,0,-1]}");
        Path txt = dir.resolve("vectors.txt");
        assertEquals(2, GloveConverter.convert(json, txt));
        assertEquals(List.of("king 0.5 -1.25 2", "queen 0.25 -1 1.5e-3"), java.nio.file.Files.readAllLines(txt));
        WordVectors vectors = WordVectorSerializer.readWord2VecModel(txt.toFile());
        assertTrue(vectors.hasWord("queen"));
        assertEquals(-1.25, vectors.getWordVector("king")[1], 1e-6);
    }

    @Test
    void gloveMalformed() throws IOException {
        Path truncated = write(dir, "t.json", "{\"dimensions\":3,\"vectors\":{\"king\":[0.5,-1.25,2,9.9,0],\n\"queen\":[0.25,");
        assertBad(() -> GloveConverter.convert(truncated, dir.resolve("o.txt")), truncated, ":2:", "truncated");
        Path short_ = write(dir, "s.json", "{\"dimensions\":3,\"vectors\":{\"king\":[0.5]}}");
        assertBad(() -> GloveConverter.convert(short_, dir.resolve("o.txt")), short_, "'king' has 1 numbers");
        Path empty = write(dir, "e.json", "");
        assertBad(() -> GloveConverter.convert(empty, dir.resolve("o.txt")), empty, "expected a JSON object");
    }
}
