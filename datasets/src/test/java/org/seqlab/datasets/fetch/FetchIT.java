package org.seqlab.datasets.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.seqlab.common.error.BadInputException;
import org.seqlab.datasets.CaptionedImage;
import org.seqlab.datasets.Catalog;
import org.seqlab.datasets.DatasetSpec;
import org.seqlab.datasets.Datasets;
import org.seqlab.datasets.LabeledText;
import org.seqlab.datasets.TaggedSentence;
import org.seqlab.datasets.TempSeqlabHome;
import org.seqlab.datasets.TextPair;

/** Fetches the small catalog datasets from the real registries into a temporary SEQLAB_HOME. */
class FetchIT {
    @RegisterExtension
    static final TempSeqlabHome HOME = new TempSeqlabHome();

    @AfterEach
    void restoreClients() {
        System.clearProperty("seqlab.npm");
    }

    private static Map<String, Long> count(List<LabeledText> items, java.util.function.Function<LabeledText, String> key) {
        return items.stream().collect(Collectors.groupingBy(key, Collectors.counting()));
    }

    @Test
    void uciSentences() {
        List<LabeledText> texts = Datasets.labeledTexts("uci-sentences", null);
        assertEquals(3000, texts.size());
        assertEquals(Map.of("amazon", 1000L, "imdb", 1000L, "yelp", 1000L), count(texts, LabeledText::source));
        assertEquals(Set.of("0", "1"), count(texts, LabeledText::label).keySet());
        assertTrue(texts.stream().noneMatch(t -> t.text().isBlank()));
    }

    @Test
    void spamAssassin() throws IOException {
        List<LabeledText> mails = Datasets.labeledTexts("spam-assassin", null);
        assertEquals(6046, mails.size());
        assertEquals(Map.of("ham", 4150L, "spam", 1896L), count(mails, LabeledText::label));
        // Raw messages all carry Received: headers; only a few bodies quote a forwarded message's headers.
        long withHeaders = mails.stream().filter(m -> m.text().contains("\nReceived: from ")
                || m.text().startsWith("Received: from ")).count();
        assertTrue(withHeaders < 30, "headers are stripped: " + withHeaders);
        Manifest manifest = Manifest.read(Fetcher.folder("spam-assassin"));
        assertEquals(4150L, manifest.counts().get("label:ham"));
        assertTrue(Files.exists(Fetcher.folder("spam-assassin").resolve("licence/0-LICENSE")));
    }

    @Test
    void brownPos() throws IOException {
        List<TaggedSentence> sentences = Datasets.tagged("brown-pos");
        assertEquals(57_340, sentences.size());
        Set<String> universal = sentences.stream().flatMap(s -> s.tags().stream()).collect(Collectors.toSet());
        assertEquals(Set.of("NOUN", "VERB", "ADJ", "ADV", "PRON", "DET", "ADP", "NUM", "CONJ", "PRT", ".", "X"), universal);
        assertEquals(List.of("at", "np-tl", "nn-tl"), sentences.get(0).originalTags().subList(0, 3));

        // The NLTK book (chapter 5, 2.3) counts the universal tags of the news category (files ca01-ca44):
        // the published Brown mapping, which UniversalTagset reconstructs.
        Map<String, Long> nltk = Map.ofEntries(Map.entry("NOUN", 30640L), Map.entry("VERB", 14399L),
                Map.entry("ADP", 12355L), Map.entry(".", 11928L), Map.entry("DET", 11389L), Map.entry("ADJ", 6706L),
                Map.entry("ADV", 3349L), Map.entry("CONJ", 2717L), Map.entry("PRON", 2535L), Map.entry("PRT", 2264L),
                Map.entry("NUM", 2166L), Map.entry("X", 106L));
        // the files come in order: ca01-ca44 first
        Map<String, Long> news = sentences.subList(0, 4_623).stream().flatMap(s -> s.tags().stream())
                .collect(Collectors.groupingBy(t -> t, Collectors.counting()));
        assertEquals(100_554L, news.values().stream().mapToLong(Long::longValue).sum(), "the news category's tokens");
        for (String tag : List.of(".", "ADJ", "ADP", "ADV", "CONJ", "DET", "NUM", "PRON", "VERB")) {
            assertEquals(nltk.get(tag), news.get(tag), tag);
        }
        for (String tag : List.of("NOUN", "PRT", "X")) {
            assertTrue(Math.abs(nltk.get(tag) - news.get(tag)) <= 12, tag + ": " + news.get(tag) + " against " + nltk.get(tag));
        }
        List<String> tagset = Files.readAllLines(Datasets.fetch("brown-pos").resolve(Datasets.TAGSET_FILE));
        assertEquals("brown_tag\tuniversal\tcount", tagset.get(0));
        assertTrue(tagset.stream().anyMatch(l -> l.startsWith("cs\tADP\t")), "subordinating conjunctions are ADP");
        assertEquals(sentences.stream().mapToLong(s -> s.tags().size()).sum(),
                tagset.stream().skip(1).mapToLong(l -> Long.parseLong(l.split("\t")[2])).sum(), "every token counted once");
    }

    @Test
    void dingFromDebian() throws IOException {
        List<TextPair> pairs = Datasets.pairs("ding-de-en", null);
        assertTrue(pairs.size() > 16_500 && pairs.size() < 17_300, "about 16.9k pairs: " + pairs.size());
        assertEquals(pairs.size(), Set.copyOf(pairs).size(), "deduplicated");
        for (TextPair p : pairs) {
            int words = p.target().split("\\s+").length;
            assertTrue(words >= 4 && words <= 15 && p.target().matches(".*[.?!]"), p.toString());
        }
        List<TextPair> dictionary = Datasets.dictionary("ding-de-en").orElseThrow();
        assertTrue(dictionary.size() > 200_000, "the dictionary's word and phrase entries: " + dictionary.size());
        Set<String> sentenceSources = pairs.stream().map(TextPair::source).collect(Collectors.toSet());
        for (TextPair entry : dictionary) {
            assertFalse(sentenceSources.contains(entry.source()), "no sentence's German is an entry: " + entry);
            assertFalse((entry.source() + entry.target()).matches(".*[{}\\[\\]].*"), "labels removed: " + entry);
        }
        assertTrue(dictionary.contains(new TextPair("Haus", "house")), "a plain entry");

        // a copy as an older catalog fetched it: intact by its manifest, but without the dictionary
        Path dir = Datasets.fetch("ding-de-en");
        Files.delete(dir.resolve(Datasets.DICTIONARY_FILE));
        Manifest full = Manifest.read(dir);
        Map<String, String> sha = new java.util.TreeMap<>(full.sha256());
        Map<String, Long> bytes = new java.util.TreeMap<>(full.bytes());
        sha.remove(Datasets.DICTIONARY_FILE);
        bytes.remove(Datasets.DICTIONARY_FILE);
        new Manifest(full.name(), full.sources(), sha, bytes, full.counts()).write(dir);
        assertNull(Manifest.problem(dir));
        assertFalse(Fetcher.isFetched(Catalog.get("ding-de-en")), "not usable as fetched");
        Fetcher.forgetVerified();
        assertEquals(dictionary, Datasets.dictionary("ding-de-en").orElseThrow(),
                "a copy fetched before the catalog added its dictionary is fetched again");
    }

    @Test
    void gettextFromDebian() {
        List<TextPair> pairs = Datasets.pairs("gettext-de-en", null);
        assertTrue(pairs.size() > 10_000, "GCC has many thousands of messages: " + pairs.size());
        assertTrue(pairs.stream().noneMatch(p -> p.source().isBlank()));
        assertTrue(pairs.stream().anyMatch(p -> p.target().contains("%s") && p.source().contains("%s")), "placeholders kept");
    }

    @Test
    void emojiCaptions() throws IOException {
        List<CaptionedImage> emoji = Datasets.captions("emoji-captions");
        assertTrue(emoji.size() > 3_500, "every Google 64 px picture: " + emoji.size());
        for (CaptionedImage e : emoji) {
            byte[] header = new byte[24];
            try (var in = Files.newInputStream(e.image())) {
                assertEquals(24, in.readNBytes(header, 0, 24));
            }
            ByteBuffer ihdr = ByteBuffer.wrap(header);
            assertEquals(0x89504E47, ihdr.getInt(0), "PNG signature " + e.image());
            assertEquals(64, ihdr.getInt(16), "width " + e.image());
            assertEquals(64, ihdr.getInt(20), "height " + e.image());
            assertEquals(e.caption().toLowerCase(java.util.Locale.ROOT), e.caption());
        }
        assertTrue(emoji.stream().anyMatch(e -> e.caption().endsWith(": medium-dark skin tone")));
        List<CaptionedImage> flags = emoji.stream().filter(CaptionedImage::flag).toList();
        assertTrue(flags.size() > 200 && flags.stream().anyMatch(e -> e.caption().equals("france flag")), "country flags are marked: " + flags.size());
        assertTrue(emoji.stream().filter(e -> !e.flag()).allMatch(e -> !e.keywords().isEmpty()), "keywords joined");
    }

    @Test
    void plainTextCorpora() {
        assertTrue(Datasets.plainText("moby-dick").contains("Call me Ishmael."));
        String sotu = Datasets.plainText("sotu");
        assertTrue(sotu.startsWith("Fellow-Citizens of the Senate and House of Representatives"), sotu.substring(0, 80));
        assertEquals(233, sotu.split("\n\n").length);
    }

    @Test
    void presentDatasetIsNotFetchedAgainButADamagedOneIs() throws IOException {
        Path dir = Datasets.fetch("uci-sentences");
        Path examples = dir.resolve("examples.jsonl");
        String original = Files.readString(examples);
        System.setProperty("seqlab.npm", "/nonexistent/npm");
        Fetcher.forgetVerified();
        assertEquals(dir, Datasets.fetch("uci-sentences"), "intact: no client needed");

        Files.writeString(examples, "{\"text\":\"tampered\",\"label\":\"1\"}\n", java.nio.file.StandardOpenOption.APPEND);
        Fetcher.forgetVerified();
        assertEquals(examples.getFileName() + " does not match its SHA-256", Manifest.problem(dir));
        BadInputException offline = assertThrows(BadInputException.class, () -> Datasets.fetch("uci-sentences"));
        assertTrue(offline.getMessage().contains("npm"), offline.getMessage());
        assertTrue(Files.exists(examples), "a failed re-fetch keeps the old folder");

        System.clearProperty("seqlab.npm");
        Datasets.fetch("uci-sentences");
        assertEquals(original, Files.readString(examples));
        assertNull(Manifest.problem(dir));
    }

    @Test
    void checksumMismatchLeavesNothingBehind() throws IOException {
        DatasetSpec real = Catalog.get("uci-sentences");
        Source.Npm source = (Source.Npm) real.sources().get(0);
        DatasetSpec wrong = new DatasetSpec("uci-wrong-sum", "", "", real.kind(), real.mainFile(),
                List.of(new Source.Npm(source.name(), source.version(), "0".repeat(64), source.bytes(), source.files())),
                real.preparer());
        BadInputException e = assertThrows(BadInputException.class, () -> Fetcher.fetch(wrong));
        assertTrue(e.getMessage().contains("checksum mismatch") && e.getMessage().contains("expected " + "0".repeat(64)), e.getMessage());
        assertFalse(Files.exists(Fetcher.folder("uci-wrong-sum")));
        try (Stream<Path> left = Files.list(HOME.path().resolve("datasets"))) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().contains("uci-wrong-sum")).toList());
        }
    }

    @Test
    void missingClientSaysWhatToInstallAndWhereToPutTheFile() throws IOException {
        DatasetSpec real = Catalog.get("uci-sentences");
        DatasetSpec copy = new DatasetSpec("uci-by-hand", "", "", real.kind(), real.mainFile(), real.sources(), real.preparer());
        Source source = real.sources().get(0);
        System.setProperty("seqlab.npm", "/nonexistent/npm");
        BadInputException e = assertThrows(BadInputException.class, () -> Fetcher.fetch(copy));
        assertTrue(e.getMessage().contains("install Node.js"), e.getMessage());
        assertTrue(e.getMessage().contains(Fetcher.downloads().resolve(source.archiveName()).toString()), e.getMessage());
        assertFalse(Files.exists(Fetcher.folder("uci-by-hand")));

        // A truncated file placed by hand is rejected by its checksum ...
        System.clearProperty("seqlab.npm");
        Path downloaded = Clients.download(source, Files.createTempDirectory(HOME.path(), "dl"));
        byte[] whole = Files.readAllBytes(downloaded);
        Files.createDirectories(Fetcher.downloads());
        Path manual = Fetcher.downloads().resolve(source.archiveName());
        Files.write(manual, java.util.Arrays.copyOf(whole, whole.length / 2));
        System.setProperty("seqlab.npm", "/nonexistent/npm");
        BadInputException partial = assertThrows(BadInputException.class, () -> Fetcher.fetch(copy));
        assertTrue(partial.getMessage().contains("checksum mismatch"), partial.getMessage());
        assertFalse(Files.exists(Fetcher.folder("uci-by-hand")));

        // ... and the complete one is used without any client.
        Files.write(manual, whole);
        Fetcher.fetch(copy);
        assertEquals(3000L, Manifest.read(Fetcher.folder("uci-by-hand")).counts().get("examples"));
        Files.delete(manual);
    }
}
