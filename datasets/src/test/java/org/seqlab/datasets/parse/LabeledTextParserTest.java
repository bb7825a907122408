package org.seqlab.datasets.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.seqlab.datasets.parse.Malformed.assertBad;
import static org.seqlab.datasets.parse.Malformed.write;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.datasets.LabeledText;

class LabeledTextParserTest {
    @TempDir
    Path dir;

    @Test
    void csvWithHeaderQuotingCrlfAndBom() throws IOException {
        Path f = write(dir, "reviews.csv", "\uFEFFid,Text,label\r\n1,\"Great, really \"\"great\"\"\",pos\r\n"
                + "2,\"two\r\nlines\",neg\r\n\r\n3,plain,pos");
        List<LabeledText> rows = LabeledTextParser.parse(f, "csv", null);
        assertEquals(List.of(new LabeledText("Great, really \"great\"", "pos", "reviews.csv"),
                new LabeledText("two\nlines", "neg", "reviews.csv"),
                new LabeledText("plain", "pos", "reviews.csv")), rows);
    }

    @Test
    void headerlessTwoColumnsFindTheLabelColumn() throws IOException {
        Path f = write(dir, "data.tsv", "1\tgood movie\n0\tbad film\n1\tnice one\n0\tawful\n");
        List<LabeledText> rows = LabeledTextParser.parse(f, "tsv", null);
        assertEquals(new LabeledText("good movie", "1", "data.tsv"), rows.get(0));
        assertEquals(4, rows.size());
    }

    @Test
    void sourceColumnIsKept() throws IOException {
        Path f = write(dir, "s.csv", "sentence,class,source\nhello there,1,yelp\n");
        assertEquals(List.of(new LabeledText("hello there", "1", "yelp")), LabeledTextParser.parse(f, "csv", null));
    }

    @Test
    void jsonLines() throws IOException {
        Path f = write(dir, "d.jsonl", "{\"text\":\"ok\",\"label\":1}\n\n{\"review\":\"meh\",\"sentiment\":\"0\",\"source\":\"x\"}\n");
        assertEquals(List.of(new LabeledText("ok", "1", "d.jsonl"), new LabeledText("meh", "0", "x")),
                LabeledTextParser.parse(f, "jsonl", Set.of("0", "1")));
    }

    @Test
    void imdbLayout() throws IOException {
        write(dir, "aclImdb/train/pos/1_9.txt", "Loved it.<br />Really.");
        write(dir, "aclImdb/train/neg/0_2.txt", "Hated it.");
        write(dir, "aclImdb/test/pos/5_10.txt", "Fine.");
        List<LabeledText> rows = LabeledTextParser.parse(dir, "imdb", null);
        assertEquals(List.of(new LabeledText("Hated it.", "neg", "train"), new LabeledText("Loved it. Really.", "pos", "train"),
                new LabeledText("Fine.", "pos", "test")), rows);
    }

    @Test
    void emptyFiles() throws IOException {
        Path csv = write(dir, "e.csv", "");
        assertBad(() -> LabeledTextParser.parse(csv, "csv", null), csv, ":1:", "empty");
        Path jsonl = write(dir, "e.jsonl", "\n\n");
        assertBad(() -> LabeledTextParser.parse(jsonl, "jsonl", null), jsonl, "empty");
        Path headerOnly = write(dir, "h.csv", "text,label\n");
        assertBad(() -> LabeledTextParser.parse(headerOnly, "csv", null), headerOnly, "no rows");
        Files.createDirectories(dir.resolve("imdb/train/pos"));
        assertBad(() -> LabeledTextParser.parse(dir.resolve("imdb"), "imdb", null), dir.resolve("imdb"), "no reviews");
    }

    @Test
    void invalidUtf8NamesFileAndLine() throws IOException {
        Path f = Malformed.latin1(dir, "l.csv", "text,label", "caf");
        assertBad(() -> LabeledTextParser.parse(f, "csv", null), f, ":2:", "UTF-8");
        Path j = Malformed.latin1(dir, "l.jsonl", "{\"text\":\"a\",\"label\":\"b\"}", "{\"text\":\"caf");
        assertBad(() -> LabeledTextParser.parse(j, "jsonl", null), j, ":2:", "UTF-8");
    }

    @Test
    void missingColumns() throws IOException {
        Path f = write(dir, "m.csv", "text,label\nfine,1\nno label here\n");
        assertBad(() -> LabeledTextParser.parse(f, "csv", null), f, ":3:", "columns");
        Path noLabel = write(dir, "n.csv", "text,score\nfine,1\n");
        assertBad(() -> LabeledTextParser.parse(noLabel, "csv", null), noLabel, ":1:", "label column");
        Path j = write(dir, "m.jsonl", "{\"text\":\"x\"}\n");
        assertBad(() -> LabeledTextParser.parse(j, "jsonl", null), j, ":1:", "label");
        Path unclosed = write(dir, "q.csv", "text,label\n\"never closed,1\n");
        assertBad(() -> LabeledTextParser.parse(unclosed, "csv", null), unclosed, ":2:", "quote");
    }

    @Test
    void labelNotInTheLabelSet() throws IOException {
        Path f = write(dir, "x.csv", "text,label\na,pos\nb,maybe\n");
        assertBad(() -> LabeledTextParser.parse(f, "csv", Set.of("pos", "neg")), f, ":3:", "'maybe'", "[neg, pos]");
        write(dir, "imdb2/train/unsup/1.txt", "x");
        write(dir, "imdb2/train/pos/1.txt", "x");
        Path root = dir.resolve("imdb2");
        assertBad(() -> LabeledTextParser.parse(root, "imdb", Set.of("good", "bad")), root, "'pos'");
    }

    @Test
    void fiftyMegabyteLineIsRejectedQuickly() throws IOException {
        Path csv = Malformed.hugeLine(dir, "big.csv", "text,label", "word ");
        assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertBad(() -> LabeledTextParser.parse(csv, "csv", null), csv, ":2:", "longer than"));
        Path jsonl = Malformed.hugeLine(dir, "big.jsonl", "{\"text\":\"a\",\"label\":\"b\"}", "word ");
        assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertBad(() -> LabeledTextParser.parse(jsonl, "jsonl", null), jsonl, ":2:", "longer than"));
    }

    @Test
    void invalidJsonLine() throws IOException {
        Path f = write(dir, "bad.jsonl", "{\"text\":\"a\",\"label\":\"b\"}\n{\"text\": oops}\n");
        assertBad(() -> LabeledTextParser.parse(f, "jsonl", null), f, ":2:", "invalid JSON");
        Files.writeString(f, "[1,2]\n", StandardCharsets.UTF_8);
        assertBad(() -> LabeledTextParser.parse(f, "jsonl", null), f, ":1:", "object");
    }
}
