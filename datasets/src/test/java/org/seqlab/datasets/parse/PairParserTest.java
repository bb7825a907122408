package org.seqlab.datasets.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.seqlab.datasets.parse.Malformed.assertBad;
import static org.seqlab.datasets.parse.Malformed.write;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.datasets.TextPair;

class PairParserTest {
    @TempDir
    Path dir;

    @Test
    void tsvWithHeaderJsonLinesAndAlignedFiles() throws IOException {
        Path tsv = write(dir, "p.tsv", "source\ttarget\r\nHallo Welt.\tHello world.\nJa.\tYes.\n");
        List<TextPair> expected = List.of(new TextPair("Hallo Welt.", "Hello world."), new TextPair("Ja.", "Yes."));
        assertEquals(expected, PairParser.parse(tsv.toString(), "tsv"));
        Path jsonl = write(dir, "p.jsonl", "{\"source\":\"Hallo Welt.\",\"target\":\"Hello world.\"}\n{\"src\":\"Ja.\",\"tgt\":\"Yes.\"}\n");
        assertEquals(expected, PairParser.parse(jsonl.toString(), "jsonl"));
        Path de = write(dir, "t.de", "\uFEFFHallo Welt.\nJa.\n");
        Path en = write(dir, "t.en", "Hello world.\r\nYes.\r\n");
        assertEquals(expected, PairParser.parse(de + "," + en, "aligned"));
    }

    @Test
    void malformed() throws IOException {
        Path empty = write(dir, "e.tsv", "");
        assertBad(() -> PairParser.tsv(empty), empty, "empty");
        Path oneColumn = write(dir, "o.tsv", "a\tb\nonly one\n");
        assertBad(() -> PairParser.tsv(oneColumn), oneColumn, ":2:", "2 tab-separated columns");
        Path de = write(dir, "u.de", "eins\nzwei\ndrei\n");
        Path en = write(dir, "u.en", "one\ntwo\n");
        assertBad(() -> PairParser.aligned(de, en), en, ":3:", "same number of lines");
        Path latin = Malformed.latin1(dir, "l.tsv", "a\tb", "caf\tx");
        assertBad(() -> PairParser.tsv(latin), latin, ":2:", "UTF-8");
        Path missing = write(dir, "m.jsonl", "{\"source\":\"x\"}\n");
        assertBad(() -> PairParser.jsonLines(missing), missing, ":1:", "target");
        Path emptyTarget = write(dir, "t.tsv", "a\t \n");
        assertBad(() -> PairParser.tsv(emptyTarget), emptyTarget, ":1:", "empty target");
    }

    @Test
    void fiftyMegabyteLine() throws IOException {
        Path big = Malformed.hugeLine(dir, "big.de", "eins", "wort ");
        Path en = write(dir, "big.en", "one\ntwo\n");
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertBad(() -> PairParser.aligned(big, en), big, ":2:", "longer than"));
    }
}
