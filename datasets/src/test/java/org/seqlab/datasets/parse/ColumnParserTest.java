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
import org.seqlab.datasets.Datasets;
import org.seqlab.datasets.TaggedSentence;

class ColumnParserTest {
    @TempDir
    Path dir;

    @Test
    void conll2003LayoutKeepsWordAndLastColumnAndSkipsDocstart() throws IOException {
        Path f = write(dir, "eng.train", "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\n\n"
                + "Peter NNP B-NP B-PER\nBlackburn NNP I-NP I-PER\n");
        List<TaggedSentence> s = ColumnParser.parse(f);
        assertEquals(2, s.size());
        assertEquals(new TaggedSentence(List.of("EU", "rejects"), List.of("B-ORG", "O"), List.of("NNP", "VBZ")), s.get(0));
        assertEquals(List.of("B-PER", "I-PER"), s.get(1).tags());
        Path two = write(dir, "two.txt", "John\tB-PER\nruns\tO\n");
        assertEquals(List.of(new TaggedSentence(List.of("John", "runs"), List.of("B-PER", "O"))), ColumnParser.parse(two));
    }

    @Test
    void formatsAreDetectedFromTheFirstTokenLine() throws IOException {
        assertEquals("columns", TaggedFormats.detect(write(dir, "a.txt", "\n-DOCSTART- O\n\n1/2 CD\n")));
        assertEquals("brown", TaggedFormats.detect(write(dir, "b.txt", "\tThe/at 1/2/cd ./.\n")));
        assertEquals("conllu", TaggedFormats.detect(write(dir, "c.txt", "# x\n1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\n")));
        assertEquals("conllu", TaggedFormats.detect(write(dir, "d.conllu", "")));
        assertEquals(List.of("B-PER", "O"), Datasets.tagged(write(dir, "e.txt", "Ann B-PER\nsings O\n").toString()).get(0).tags());
    }

    @Test
    void malformedLinesGiveOneLineErrorsNamingFileAndLine() throws IOException {
        Path one = write(dir, "one.txt", "John B-PER\nruns\n");
        assertBad(() -> ColumnParser.parse(one), one, ":2:", "'word tag'");
        Path ragged = write(dir, "ragged.txt", "EU NNP B-ORG\n\nrejects O\n");
        assertBad(() -> ColumnParser.parse(ragged), ragged, ":3:", "expected 3 columns as on line 1");
        Path empty = write(dir, "empty.txt", "\n-DOCSTART- O\n\n");
        assertBad(() -> ColumnParser.parse(empty), empty, "no sentences");
        Path latin = Malformed.latin1(dir, "latin.txt", "ok O", "caf");
        assertBad(() -> ColumnParser.parse(latin), latin, ":2:", "UTF-8");
        Path big = Malformed.hugeLine(dir, "big.txt", "ok O", "xxxxx");
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertBad(() -> ColumnParser.parse(big), big, ":2:", "longer than"));
    }
}
