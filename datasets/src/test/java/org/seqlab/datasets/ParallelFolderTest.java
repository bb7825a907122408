package org.seqlab.datasets;

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

class ParallelFolderTest {
    @Test
    void readsTheMulti30kLayoutInEitherDirection(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("train.de"), "ein Hund\nzwei Katzen\n");
        Files.writeString(dir.resolve("train.en"), "a dog\ntwo cats\n");
        Files.writeString(dir.resolve("val.de"), "ein Haus\n");
        Files.writeString(dir.resolve("val.en"), "a house\n");
        Files.writeString(dir.resolve("test.de"), "drei Mäuse\n");
        Files.writeString(dir.resolve("test.en"), "three mice\n");
        assertTrue(ParallelFolder.isLayout(dir));
        Split<TextPair> deEn = ParallelFolder.load(dir, "de", "en");
        assertEquals(List.of(new TextPair("ein Hund", "a dog"), new TextPair("zwei Katzen", "two cats")), deEn.train());
        assertEquals(List.of(new TextPair("ein Haus", "a house")), deEn.validation());
        assertEquals(List.of(new TextPair("drei Mäuse", "three mice")), deEn.test());
        assertEquals(new TextPair("three mice", "drei Mäuse"), ParallelFolder.load(dir, "en", "de").test().get(0));
        assertEquals(2, deEn.info().train());
        assertThrows(BadInputException.class, () -> ParallelFolder.load(dir, "de", "fr"));
        Files.delete(dir.resolve("test.en"));
        assertThrows(BadInputException.class, () -> ParallelFolder.load(dir, "de", "en"));
    }

    @Test
    void aFolderWithoutTrainFilesIsNotTheLayout(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "x\n");
        assertFalse(ParallelFolder.isLayout(dir));
        assertFalse(ParallelFolder.isLayout(dir.resolve("notes.txt")));
    }
}
