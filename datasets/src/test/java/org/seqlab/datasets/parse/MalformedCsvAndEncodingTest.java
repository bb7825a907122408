package org.seqlab.datasets.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.seqlab.datasets.parse.Malformed.assertBad;
import static org.seqlab.datasets.parse.Malformed.write;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.datasets.LabeledText;

/** CSV that would silently train on junk, and files in encodings other than UTF-8. */
class MalformedCsvAndEncodingTest {
    @TempDir
    Path dir;

    @Test
    void aRowWithMoreFieldsThanTheHeaderNamesItsLine() throws Exception {
        Path f = write(dir, "r.csv", "text,label\ngreat phone,pos\ngreat, but the battery,neg\nok,pos\n");
        assertBad(() -> LabeledTextParser.parse(f, "csv", null), f, "r.csv:3:", "3 fields", "header has 2");
        Path tsv = write(dir, "r.tsv", "label\ttext\npos\tfine\nneg\tbad\textra\n");
        assertBad(() -> LabeledTextParser.parse(tsv, "tsv", null), tsv, ":3:", "3 fields");
    }

    @Test
    void anUnclosedQuoteThatSwallowsRowsNamesTheLineItOpensOn() throws Exception {
        Path f = write(dir, "q.csv", "text,label\n\"great phone,pos\nbad battery,neg\nfine,pos\n\"nice\" one,pos\n");
        assertBad(() -> LabeledTextParser.parse(f, "csv", null), f, "q.csv:2:", "closed only on line 5", "quote not closed");
        Path toTheEnd = write(dir, "e.csv", "text,label\nfine,pos\n\"great phone,pos\nbad battery,neg\n");
        assertBad(() -> LabeledTextParser.parse(toTheEnd, "csv", null), toTheEnd, "e.csv:3:", "not closed");
    }

    @Test
    void quotesThatAreFineStayFine() throws Exception {
        Path f = write(dir, "ok.csv", "text,label\n\"two\nlines, one text\",pos\n\"The Rock\" is back,neg\n");
        assertEquals(List.of(new LabeledText("two\nlines, one text", "pos", "ok.csv"),
                new LabeledText("The Rock is back", "neg", "ok.csv")), LabeledTextParser.parse(f, "csv", null));
    }

    @Test
    void aMegabyteRowIsCutAsItIsReadNotCarriedWhole() throws Exception {
        String huge = "word ".repeat(200_000);
        Path f = write(dir, "big.csv", "text,label\n" + huge + ",pos\nshort one,neg\n");
        List<LabeledText> rows = LabeledTextParser.parse(f, "csv", null);
        assertEquals(2, rows.size());
        String cut = rows.get(0).text();
        assertTrue(cut.length() <= LabeledTextParser.MAX_TEXT_CHARS && cut.length() > LabeledTextParser.MAX_TEXT_CHARS - 10,
                "length " + cut.length());
        assertTrue(huge.startsWith(cut) && cut.endsWith("word"), "cut between words");
        assertEquals(new LabeledText("short one", "neg", "big.csv"), rows.get(1));
        Path jsonl = write(dir, "big.jsonl", "{\"text\":\"" + huge + "\",\"label\":\"pos\"}\n");
        assertEquals(cut, LabeledTextParser.parse(jsonl, "jsonl", null).get(0).text());
    }

    @Test
    void utf16IsNamedAsSuchNotMistakenForLatin1() throws Exception {
        String csv = "text,label\ngreat phone,pos\nbad,neg\n";
        for (Charset charset : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
            for (boolean bom : new boolean[] {true, false}) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                bytes.writeBytes((bom ? "\uFEFF" + csv : csv).getBytes(charset));
                Path f = Files.write(dir.resolve("u16-" + charset + bom + ".csv"), bytes.toByteArray());
                String message = assertBad(() -> LabeledTextParser.parse(f, "csv", null), f, ":1:", "UTF-16",
                        "iconv -f utf-16 -t utf-8").getMessage();
                assertFalse(message.contains("latin1"), message);
            }
        }
        Path utf8Bom = write(dir, "b.jsonl", "\uFEFF{\"text\":\"café\",\"label\":\"pos\"}\n");
        assertEquals(List.of(new LabeledText("café", "pos", "b.jsonl")), LabeledTextParser.parse(utf8Bom, "jsonl", null));
    }
}
