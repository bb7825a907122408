package org.seqlab.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.common.error.BadInputException;

/** The facade on user paths: format detection, explicit formats and helpful errors (no network). */
class DatasetsTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void unknownNameListsTheCatalog() {
        BadInputException e = assertThrows(BadInputException.class, () -> Datasets.labeledTexts("no-such-data", null));
        assertTrue(e.getMessage().contains("'no-such-data'") && e.getMessage().contains("uci-sentences")
                && e.getMessage().contains("raw-sentences"), e.getMessage());
        BadInputException fetch = assertThrows(BadInputException.class, () -> Datasets.fetch("no-such-data"));
        assertTrue(fetch.getMessage().contains("known: uci-sentences"), fetch.getMessage());
    }

    @Test
    void wrongKindOfCatalogDatasetIsAClearError() {
        BadInputException e = assertThrows(BadInputException.class, () -> Datasets.pairs("brown-pos", null));
        assertEquals("dataset 'brown-pos' holds tagged sentences, not text pairs", e.getMessage());
    }

    @Test
    void labeledFormatsAreDetected() throws IOException {
        Path csv = write("a.csv", "text,label\nnice,pos\n");
        Path jsonl = write("a.jsonl", "{\"text\":\"nice\",\"label\":\"pos\"}\n");
        write("imdb/aclImdb/test/neg/1_1.txt", "Bad.");
        List<LabeledText> expected = List.of(new LabeledText("nice", "pos", "a.csv"));
        assertEquals(expected, Datasets.labeledTexts(csv.toString(), null));
        assertEquals("a.jsonl", Datasets.labeledTexts(jsonl.toString(), null).get(0).source());
        assertEquals(List.of(new LabeledText("Bad.", "neg", "test")), Datasets.labeledTexts(dir.resolve("imdb").toString(), null));
        Path odd = write("a.data", "nice\tpos\n");
        assertThrows(BadInputException.class, () -> Datasets.labeledTexts(odd.toString(), null));
        assertEquals(List.of(new LabeledText("nice", "pos", "a.data")), Datasets.labeledTexts(odd.toString(), "tsv", Set.of("pos")));
    }

    @Test
    void pairFormatsAreDetectedIncludingAlignedFilesAndMoCatalogs() throws IOException {
        Path de = write("t.de", "Guten Tag.\n");
        Path en = write("t.en", "Good day.\n");
        assertEquals(List.of(new TextPair("Guten Tag.", "Good day.")), Datasets.pairs(de + "," + en, null));
        Path tsv = write("t.tsv", "Guten Tag.\tGood day.\n");
        assertEquals(List.of(new TextPair("Guten Tag.", "Good day.")), Datasets.pairs(tsv.toString(), null));
        Path mo = dir.resolve("de.mo");
        Files.write(mo, org.seqlab.datasets.parse.MoParserTestAccess.mo(ByteOrder.LITTLE_ENDIAN,
                new String[][] {{"Good day", "Guten Tag"}, {"Hello", "Hallo"}}));
        assertEquals(List.of(new TextPair("Guten Tag", "Good day"), new TextPair("Hallo", "Hello")), Datasets.pairs(mo.toString(), null));
        BadInputException missing = assertThrows(BadInputException.class, () -> Datasets.pairs(de + "," + dir.resolve("nope.en"), null));
        assertTrue(missing.getMessage().contains("nope.en"), missing.getMessage());
    }

    @Test
    void taggedCaptionsAndPlainText() throws IOException {
        Path conllu = write("t.conllu", "1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\n");
        assertEquals(List.of("INTJ"), Datasets.tagged(conllu.toString()).get(0).tags());
        Path brown = write("cx01", "\tHi/uh ./.\n");
        assertEquals(List.of("X", "."), Datasets.tagged(brown.toString()).get(0).tags());
        Path brownEmpty = write("cx02", "\n");
        assertThrows(BadInputException.class, () -> Datasets.tagged(brownEmpty.toString()));
        write("flickr/captions.txt", "image,caption\n1.jpg,A dog.\n");
        Files.createDirectories(dir.resolve("flickr/Images"));
        assertEquals(dir.resolve("flickr/Images/1.jpg").toAbsolutePath(),
                Datasets.captions(dir.resolve("flickr").toString()).get(0).image().toAbsolutePath());
        write("coco/annotations/captions_a.json", "{\"images\":[],\"annotations\":[]}");
        write("coco/annotations/captions_b.json", "{\"images\":[],\"annotations\":[]}");
        BadInputException several = assertThrows(BadInputException.class, () -> Datasets.captions(dir.resolve("coco").toString()));
        assertTrue(several.getMessage().contains("captions_a.json"), several.getMessage());
        Path text = write("book.txt", "\uFEFFLine one.\r\nLine two.");
        assertEquals("Line one.\nLine two.\n", Datasets.plainText(text.toString()));
        BadInputException folder = assertThrows(BadInputException.class, () -> Datasets.plainText(dir.toString()));
        assertTrue(folder.getMessage().contains("folder"), folder.getMessage());
    }
}
