package org.seqlab.datasets;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.io.Hashing;
import org.seqlab.datasets.fetch.Fetcher;
import org.seqlab.datasets.parse.BrownParser;
import org.seqlab.datasets.parse.CaptionParser;
import org.seqlab.datasets.parse.ColumnParser;
import org.seqlab.datasets.parse.ConlluParser;
import org.seqlab.datasets.parse.LabeledTextParser;
import org.seqlab.datasets.parse.MoParser;
import org.seqlab.datasets.parse.PairParser;
import org.seqlab.datasets.parse.TaggedFormats;
import org.seqlab.datasets.parse.TextSource;

/**
 * What the apps call: a catalog name is fetched on first use (and verified against its manifest once
 * per process); anything else is a user path whose format is detected from its name and layout or
 * given explicitly ({@code --format}).
 */
public final class Datasets {
    /** A pair dataset's bilingual dictionary, beside its main file: word and phrase translations, one pair a line. */
    public static final String DICTIONARY_FILE = "dictionary.jsonl";
    /** A tagged dataset's tag mapping, beside its main file: each original tag, its universal tag and its count. */
    public static final String TAGSET_FILE = "tagset.tsv";

    private Datasets() {
    }

    /** Ensures the catalog dataset is fetched and intact; returns its folder. */
    public static Path fetch(String name) {
        return Fetcher.ensure(Catalog.get(name));
    }

    public static List<LabeledText> labeledTexts(String nameOrPath, String format) {
        return labeledTexts(nameOrPath, format, null);
    }

    /** @param labels the allowed labels (a row with another label is an error), or null for any */
    public static List<LabeledText> labeledTexts(String nameOrPath, String format, Set<String> labels) {
        DatasetSpec spec = Catalog.find(nameOrPath).orElse(null);
        if (spec != null) {
            return LabeledTextParser.jsonLines(mainFile(spec, DatasetKind.LABELED_TEXT), labels);
        }
        Path path = existing(nameOrPath);
        return LabeledTextParser.parse(path, format != null ? format : detectLabeled(path), labels);
    }

    /** The text of a text corpus (or the texts of a labelled dataset, one a line). */
    public static String plainText(String nameOrPath) {
        DatasetSpec spec = Catalog.find(nameOrPath).orElse(null);
        if (spec != null && spec.kind() == DatasetKind.LABELED_TEXT) {
            return labeledTexts(nameOrPath, null).stream().map(t -> t.text().replace('\n', ' ') + "\n").collect(Collectors.joining());
        }
        Path file = spec != null ? mainFile(spec, DatasetKind.TEXT) : existing(nameOrPath);
        if (Files.isDirectory(file)) {
            throw new BadInputException(file + " is a folder; give a UTF-8 text file");
        }
        return TextSource.readAll(file);
    }

    /** @param format tsv, jsonl, aligned ({@code a.de,a.en}) or mo; null to detect */
    public static List<TextPair> pairs(String nameOrPath, String format) {
        DatasetSpec spec = Catalog.find(nameOrPath).orElse(null);
        if (spec != null) {
            return PairParser.jsonLines(mainFile(spec, DatasetKind.PAIRS));
        }
        String[] aligned = nameOrPath.split(",", -1);
        if ("aligned".equals(format) || (format == null && aligned.length == 2)) {
            existing(aligned[0]);
            existing(aligned.length > 1 ? aligned[1] : "");
            return PairParser.parse(nameOrPath, "aligned");
        }
        Path path = existing(nameOrPath);
        String f = format != null ? format : switch (extension(path)) {
            case "tsv", "tab", "txt" -> "tsv";
            case "jsonl", "ndjson" -> "jsonl";
            case "mo" -> "mo";
            default -> throw new BadInputException("cannot tell the format of " + path + "; give --format tsv, jsonl, aligned or mo");
        };
        if ("mo".equals(f)) {
            List<TextPair> pairs = new ArrayList<>(new LinkedHashSet<>(MoParser.pairs(MoParser.parse(path))));
            if (pairs.isEmpty()) {
                throw new BadInputException(path + ": no translated messages");
            }
            return pairs;
        }
        return PairParser.parse(path.toString(), f);
    }

    /**
     * The dictionary entries of a catalog pair dataset that ships them ({@value #DICTIONARY_FILE}, source first as
     * in its pairs); empty for every other dataset or path.
     */
    public static Optional<List<TextPair>> dictionary(String name) {
        DatasetSpec spec = Catalog.find(name).orElse(null);
        if (spec == null || !spec.companionFiles().contains(DICTIONARY_FILE)) {
            return Optional.empty();
        }
        return Optional.of(PairParser.jsonLines(fetch(spec.name()).resolve(DICTIONARY_FILE)));
    }

    public static List<TaggedSentence> tagged(String nameOrPath) {
        return tagged(nameOrPath, null);
    }

    /**
     * @param format conllu, brown ({@code word/tag} tokens, one sentence a line) or columns ({@code word tag} lines
     *               as CoNLL-2003); null to detect
     */
    public static List<TaggedSentence> tagged(String nameOrPath, String format) {
        DatasetSpec spec = Catalog.find(nameOrPath).orElse(null);
        if (spec != null) {
            return ConlluParser.parse(mainFile(spec, DatasetKind.TAGGED));
        }
        Path path = existing(nameOrPath);
        String f = format != null ? format : TaggedFormats.detect(path);
        return switch (f) {
            case "conllu" -> ConlluParser.parse(path);
            case "columns" -> ColumnParser.parse(path);
            case "brown" -> {
                List<TaggedSentence> sentences = BrownParser.parse(path);
                if (sentences.isEmpty()) {
                    throw new BadInputException(path + ":1: empty file, expected word/tag tokens");
                }
                yield sentences;
            }
            default -> throw new BadInputException("format '" + f + "' does not hold tagged sentences; use conllu, brown or columns");
        };
    }

    public static List<CaptionedImage> captions(String nameOrPath) {
        return captions(nameOrPath, null);
    }

    /** @param format flickr8k, flickr8k-token, coco or jsonl; null to detect */
    public static List<CaptionedImage> captions(String nameOrPath, String format) {
        DatasetSpec spec = Catalog.find(nameOrPath).orElse(null);
        if (spec != null) {
            return CaptionParser.jsonLines(mainFile(spec, DatasetKind.CAPTIONS));
        }
        Path path = existing(nameOrPath);
        if (Files.isDirectory(path)) {
            path = captionFileIn(path);
        }
        String name = path.getFileName().toString();
        String f = format != null ? format
                : name.equals("captions.txt") ? "flickr8k"
                : name.endsWith(".token.txt") ? "flickr8k-token"
                : name.endsWith(".json") ? "coco"
                : extension(path).equals("jsonl") ? "jsonl"
                : null;
        if (f == null) {
            throw new BadInputException("cannot tell the caption format of " + path + "; give --format flickr8k, flickr8k-token, coco or jsonl");
        }
        return switch (f) {
            case "flickr8k" -> CaptionParser.flickr8k(path);
            case "flickr8k-token" -> CaptionParser.flickr8kTokens(path);
            case "coco" -> CaptionParser.coco(path);
            case "jsonl" -> CaptionParser.jsonLines(path);
            default -> throw new BadInputException("format '" + f + "' does not hold captions; use flickr8k, flickr8k-token, coco or jsonl");
        };
    }

    private static Path captionFileIn(Path dir) {
        for (String name : List.of("captions.txt", "Flickr8k.token.txt")) {
            if (Files.isRegularFile(dir.resolve(name))) {
                return dir.resolve(name);
            }
        }
        List<Path> coco = new ArrayList<>();
        for (Path folder : List.of(dir, dir.resolve("annotations"))) {
            if (Files.isDirectory(folder)) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "captions_*.json")) {
                    files.forEach(coco::add);
                } catch (IOException e) {
                    throw new BadInputException("cannot list " + folder + ": " + e.getMessage(), e);
                }
            }
        }
        if (coco.size() == 1) {
            return coco.get(0);
        }
        throw new BadInputException(dir + ": " + (coco.isEmpty() ? "no captions.txt (Flickr8k) or captions_*.json (COCO)"
                : "several COCO caption files " + coco.stream().map(p -> p.getFileName().toString()).sorted().toList()
                + "; give one of them"));
    }

    static String detectLabeled(Path path) {
        if (Files.isDirectory(path)) {
            if (LabeledTextParser.isImdb(path)) {
                return "imdb";
            }
            throw new BadInputException(path + " is a folder but not an IMDB layout (aclImdb/{train,test}/{pos,neg}/*.txt)");
        }
        return switch (extension(path)) {
            case "csv" -> "csv";
            case "tsv", "tab" -> "tsv";
            case "jsonl", "ndjson" -> "jsonl";
            default -> throw new BadInputException("cannot tell the format of " + path + "; give --format csv, tsv, jsonl or imdb");
        };
    }

    private static String extension(Path path) {
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /**
     * The SHA-256 of what a dataset name or path reads: a catalog dataset's main file, a file, or a folder
     * (every file under it, by relative path and content), for a model's provenance. Aligned pairs
     * ({@code a.de,a.en}) hash both files.
     */
    public static String fingerprint(String nameOrPath) {
        try {
            DatasetSpec spec = Catalog.find(nameOrPath).orElse(null);
            if (spec != null) {
                return Hashing.sha256(fetch(spec.name()).resolve(spec.mainFile()));
            }
            StringBuilder parts = new StringBuilder();
            for (String part : nameOrPath.split(",", -1)) {
                Path path = existing(part);
                if (Files.isDirectory(path)) {
                    try (var files = Files.walk(path)) {
                        for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                            parts.append(path.relativize(file)).append(' ').append(Hashing.sha256(file)).append('\n');
                        }
                    }
                } else {
                    parts.append(Hashing.sha256(path)).append('\n');
                }
            }
            return nameOrPath.contains(",") || parts.indexOf(" ") >= 0
                    ? Hashing.sha256(parts.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    : parts.toString().strip();
        } catch (java.io.IOException e) {
            throw new BadInputException("cannot read " + nameOrPath + ": " + e.getMessage());
        }
    }

    private static Path mainFile(DatasetSpec spec, DatasetKind wanted) {
        if (spec.kind() != wanted) {
            throw new BadInputException("dataset '" + spec.name() + "' holds " + spec.kind().description() + ", not "
                    + wanted.description());
        }
        return fetch(spec.name()).resolve(spec.mainFile());
    }

    private static Path existing(String nameOrPath) {
        Path path = Path.of(nameOrPath);
        if (!nameOrPath.isBlank() && Files.exists(path)) {
            if (!Files.isReadable(path)) {
                throw new BadInputException(path + " is not readable");
            }
            return path;
        }
        throw new BadInputException("'" + nameOrPath + "' is neither a catalog dataset nor an existing file or folder; "
                + "catalog: " + Catalog.all().stream().map(DatasetSpec::name).collect(Collectors.joining(", ")));
    }
}
