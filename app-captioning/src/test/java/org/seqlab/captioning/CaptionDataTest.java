package org.seqlab.captioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.datasets.CaptionedImage;
import org.seqlab.datasets.Split;

class CaptionDataTest {
    @TempDir
    Path dir;

    private void drawImages(Path folder, String... names) throws IOException {
        Files.createDirectories(folder);
        for (String name : names) {
            ImageIO.write(ToyShapes.draw("red", "circle", 12, 12, 10), "png", folder.resolve(name).toFile());
        }
    }

    @Test
    void flickr8kKeepsEveryCaptionOfAnImageAsAReference() throws IOException {
        drawImages(dir.resolve("flickr/Images"), "1.png", "2.png");
        Files.writeString(dir.resolve("flickr/captions.txt"), "image,caption\n1.png,A red ball .\n1.png,\"A ball, red\"\n"
                + "2.png,A dog runs .\n1.png,Something round .\n");
        List<CaptionExample> examples = CaptionData.load(dir.resolve("flickr").toString(), null);
        assertEquals(2, examples.size());
        assertEquals(List.of("A red ball .", "A ball, red", "Something round ."), examples.get(0).references());
        assertEquals(List.of(List.of("a", "red", "ball", "."), List.of("a", "ball", ",", "red"), List.of("something", "round", ".")),
                examples.get(0).referenceTokens());
        assertTrue(Files.isRegularFile(examples.get(1).image()));
        assertEquals(examples.get(0).image().toString(), examples.get(0).group(), "split by image");
    }

    @Test
    void cocoKeepsEveryCaptionOfAnImageAsAReference() throws IOException {
        drawImages(dir.resolve("coco/val2017"), "7.png", "9.png");
        Files.writeString(dir.resolve("coco/captions_val2017.json"), "{\"images\":[{\"id\":7,\"file_name\":\"7.png\"},"
                + "{\"id\":9,\"file_name\":\"9.png\"}],\"annotations\":[{\"image_id\":9,\"caption\":\"A cat.\"},"
                + "{\"image_id\":7,\"caption\":\"Red ball.\"},{\"image_id\":9,\"caption\":\"A small cat sits.\"}]}");
        List<CaptionExample> examples = CaptionData.load(dir.resolve("coco/captions_val2017.json").toString(), null);
        assertEquals(2, examples.size());
        CaptionExample cat = examples.stream().filter(e -> e.image().endsWith("9.png")).findFirst().orElseThrow();
        assertEquals(List.of("A cat.", "A small cat sits."), cat.references());
        assertTrue(Files.isRegularFile(cat.image()));
    }

    @Test
    void emojiProtocolDropsFlagsAndComponentsAndGroupsSkinTones() {
        List<CaptionedImage> rows = List.of(
                row("a.png", "waving hand", false),
                row("b.png", "waving hand: light skin tone", false),
                row("c.png", "kiss: man, man: medium skin tone, dark skin tone", false),
                row("d.png", "flag: france", true),
                row("e.png", "emoji modifier fitzpatrick type-4", false),
                row("f.png", "man: red hair", false));
        List<CaptionExample> examples = CaptionData.group(rows, true, "emoji");
        assertEquals(List.of("waving hand", "waving hand: light skin tone", "kiss: man, man: medium skin tone, dark skin tone",
                "man: red hair"), examples.stream().map(e -> e.references().get(0)).toList());
        assertEquals(List.of("waving hand", "waving hand", "kiss: man, man", "man: red hair"),
                examples.stream().map(CaptionExample::group).toList());
        assertEquals(List.of("waving", "hand", ":", "light", "skin", "tone"),
                CaptionText.tokens("Waving hand: light skin tone"));
        assertEquals("waving hand: light skin tone", CaptionText.join(CaptionText.tokens("waving hand: light skin tone")));
    }

    @Test
    void noSkinToneVariantOfATestEmojiIsTrainedOn() {
        List<CaptionExample> examples = new ArrayList<>();
        for (int e = 0; e < 60; e++) {
            for (String tone : List.of("", ": light skin tone", ": dark skin tone")) {
                String caption = "emoji " + e + tone;
                examples.add(new CaptionExample(Path.of(e + tone + ".png"), List.of(caption), CaptionData.baseEmoji(caption)));
            }
        }
        Split<CaptionExample> split = CaptionData.split(examples, 42);
        Set<String> trainGroups = new HashSet<>();
        split.train().forEach(x -> trainGroups.add(x.group()));
        assertFalse(split.test().isEmpty());
        split.test().forEach(x -> assertFalse(trainGroups.contains(x.group()), x.group()));
        split.validation().forEach(x -> assertFalse(trainGroups.contains(x.group()), x.group()));
        assertEquals(examples.size(), split.train().size() + split.validation().size() + split.test().size());
        assertEquals(0, split.train().size() % 3, "groups stay whole");
        assertEquals(split.train(), CaptionData.split(examples, 42).train(), "deterministic");
    }

    private static CaptionedImage row(String image, String caption, boolean flag) {
        return new CaptionedImage(Path.of(image), caption, List.of(), flag);
    }
}
