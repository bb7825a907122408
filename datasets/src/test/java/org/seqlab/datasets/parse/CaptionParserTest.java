package org.seqlab.datasets.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.seqlab.datasets.parse.Malformed.assertBad;
import static org.seqlab.datasets.parse.Malformed.write;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.datasets.CaptionedImage;

class CaptionParserTest {
    @TempDir
    Path dir;

    @Test
    void flickr8kCaptionsWithCommasInTheCaption() throws IOException {
        Files.createDirectories(dir.resolve("Images"));
        Path f = write(dir, "captions.txt", "image,caption\n1000.jpg,A dog runs , fast .\n1000.jpg,\"A dog, running\"\n");
        List<CaptionedImage> c = CaptionParser.flickr8k(f);
        assertEquals(List.of(new CaptionedImage(dir.resolve("Images/1000.jpg"), "A dog runs , fast .", List.of(), false),
                new CaptionedImage(dir.resolve("Images/1000.jpg"), "A dog, running", List.of(), false)), c);
    }

    @Test
    void originalFlickr8kTokenFile() throws IOException {
        Files.createDirectories(dir.resolve("Flicker8k_Dataset"));
        Path f = write(dir, "Flickr8k.token.txt", "1000_a.jpg#0\tA child in pink .\n1000_a.jpg#1\tA girl #1 climbs .\n");
        assertEquals(List.of(new CaptionedImage(dir.resolve("Flicker8k_Dataset/1000_a.jpg"), "A child in pink .", List.of(), false),
                new CaptionedImage(dir.resolve("Flicker8k_Dataset/1000_a.jpg"), "A girl #1 climbs .", List.of(), false)),
                CaptionParser.flickr8kTokens(f));
        Path bad = write(dir, "x.token.txt", "1000_a.jpg#0\tok\nno tab here\n");
        assertBad(() -> CaptionParser.flickr8kTokens(bad), bad, ":2:", "image.jpg#N");
        Path empty = write(dir, "e.token.txt", "");
        assertBad(() -> CaptionParser.flickr8kTokens(empty), empty, "empty");
    }

    @Test
    void cocoFindsTheImageFolderOneLevelUp() throws IOException {
        Files.createDirectories(dir.resolve("val2017"));
        Path f = write(dir, "annotations/captions_val2017.json", "{\"images\":[{\"id\":7,\"file_name\":\"7.jpg\"}],"
                + "\"annotations\":[{\"image_id\":7,\"caption\":\"A cat. \"},{\"image_id\":7,\"caption\":\"Cat.\"}]}");
        List<CaptionedImage> c = CaptionParser.coco(f);
        assertEquals(2, c.size());
        assertEquals(dir.resolve("val2017/7.jpg"), c.get(0).image());
        assertEquals("A cat.", c.get(0).caption());
    }

    @Test
    void jsonLinesKeepKeywordsAndFlag() throws IOException {
        Path f = write(dir, "c.jsonl", "{\"image\":\"images/a.png\",\"caption\":\"flag: france\",\"keywords\":[\"fr\"],\"flag\":true}\n");
        assertEquals(List.of(new CaptionedImage(dir.resolve("images/a.png"), "flag: france", List.of("fr"), true)),
                CaptionParser.jsonLines(f));
    }

    @Test
    void malformed() throws IOException {
        Path empty = write(dir, "captions.txt", "");
        assertBad(() -> CaptionParser.flickr8k(empty), empty, "empty");
        Path noHeader = write(dir, "x/captions.txt", "a.jpg,a caption\n");
        assertBad(() -> CaptionParser.flickr8k(noHeader), noHeader, ":1:", "header");
        Path missing = write(dir, "y/captions.txt", "image,caption\nonly-an-image.jpg\n");
        assertBad(() -> CaptionParser.flickr8k(missing), missing, ":2:", "2 columns");
        Path truncated = write(dir, "captions_t.json", "{\"images\":[{\"id\":1,\n\"file_name\":");
        assertBad(() -> CaptionParser.coco(truncated), truncated, ":2:", "invalid JSON");
        Path emptyJson = write(dir, "captions_e.json", "");
        assertBad(() -> CaptionParser.coco(emptyJson), emptyJson, "empty");
        Path wrong = write(dir, "captions_w.json", "{\"images\":[]}");
        assertBad(() -> CaptionParser.coco(wrong), wrong, "annotations");
        Path unknown = write(dir, "captions_u.json", "{\"images\":[],\"annotations\":[{\"image_id\":3,\"caption\":\"x\"}]}");
        assertBad(() -> CaptionParser.coco(unknown), unknown, "unknown image_id 3");
        Path latin = Malformed.latin1(dir, "l.json", "{\"images\":[],", "\"annotations\":[{\"image_id\":3,\"caption\":\"caf");
        assertBad(() -> CaptionParser.coco(latin), latin, ":2:", "UTF-8");
    }
}
