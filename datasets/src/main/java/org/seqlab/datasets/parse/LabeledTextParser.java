package org.seqlab.datasets.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.io.Json;
import org.seqlab.datasets.LabeledText;

/**
 * Labelled texts from user files: CSV/TSV with or without a header, JSON lines, and the IMDB
 * {@code aclImdb/{train,test}/{pos,neg}/*.txt} layout.
 */
public final class LabeledTextParser {
    static final List<String> TEXT_NAMES = List.of("text", "sentence", "review", "content", "body", "message",
            "document", "comment", "tweet");
    static final List<String> LABEL_NAMES = List.of("label", "class", "sentiment", "category", "target",
            "polarity", "y");
    static final List<String> SOURCE_NAMES = List.of("source", "domain", "origin");

    private LabeledTextParser() {
    }

    /**
     * @param format csv, tsv, jsonl or imdb
     * @param labels the allowed labels, or null to accept any
     */
    public static List<LabeledText> parse(Path path, String format, Set<String> labels) {
        return switch (format) {
            case "csv" -> delimited(path, ',', labels);
            case "tsv" -> delimited(path, '\t', labels);
            case "jsonl" -> jsonLines(path, labels);
            case "imdb" -> imdb(path, labels);
            default -> throw new BadInputException("format '" + format + "' does not hold labelled texts; use csv, tsv, jsonl or imdb");
        };
    }

    public static List<LabeledText> delimited(Path file, char delimiter, Set<String> labels) {
        try (TextSource in = TextSource.open(file)) {
            DelimitedReader reader = new DelimitedReader(in, delimiter);
            DelimitedReader.Row first = reader.next();
            if (first == null) {
                throw new BadInputException(file + ":1: empty file, expected rows of text and label");
            }
            List<DelimitedReader.Row> rows = new ArrayList<>();
            int textColumn;
            int labelColumn;
            int sourceColumn = -1;
            int headerFields = Integer.MAX_VALUE;
            List<String> header = first.cells().stream().map(c -> c.strip().toLowerCase(Locale.ROOT)).toList();
            if (isHeader(header)) {
                textColumn = indexOfAny(header, TEXT_NAMES);
                labelColumn = indexOfAny(header, LABEL_NAMES);
                sourceColumn = indexOfAny(header, SOURCE_NAMES);
                headerFields = header.size();
                if (textColumn < 0 || labelColumn < 0) {
                    throw in.error(first.line(), "the header " + first.cells() + " needs a text column (one of " + TEXT_NAMES
                            + ") and a label column (one of " + LABEL_NAMES + ")");
                }
            } else {
                rows.add(first);
                if (first.cells().size() != 2) {
                    throw in.error(first.line(), "found " + first.cells().size()
                            + " columns and no header; add a header naming the text and label columns");
                }
                textColumn = -1;
                labelColumn = -1;
            }
            DelimitedReader.Row row;
            while ((row = reader.next()) != null) {
                rows.add(row);
            }
            if (textColumn < 0) {
                labelColumn = guessLabelColumn(rows, in, labels);
                textColumn = 1 - labelColumn;
            }
            String fallbackSource = file.getFileName().toString();
            List<LabeledText> out = new ArrayList<>(rows.size());
            for (DelimitedReader.Row r : rows) {
                if (r.cells().size() > headerFields) {
                    throw in.error(r.line(), "found " + r.cells().size() + " fields, but the header has " + headerFields
                            + "; quote a text that holds the delimiter (\"like, this\")");
                }
                int needed = Math.max(Math.max(textColumn, labelColumn), sourceColumn) + 1;
                if (r.cells().size() < needed) {
                    throw in.error(r.line(), "expected at least " + needed + " columns, found " + r.cells().size());
                }
                String text = r.cells().get(textColumn);
                String label = checkLabel(in, r.line(), r.cells().get(labelColumn).strip(), labels);
                String source = sourceColumn >= 0 ? r.cells().get(sourceColumn).strip() : fallbackSource;
                out.add(new LabeledText(text, label, source));
            }
            if (out.isEmpty()) {
                throw new BadInputException(file + ": only a header, no rows");
            }
            return out;
        }
    }

    private static boolean isHeader(List<String> cells) {
        return indexOfAny(cells, TEXT_NAMES) >= 0 || indexOfAny(cells, LABEL_NAMES) >= 0;
    }

    static int indexOfAny(List<String> cells, List<String> names) {
        for (String name : names) {
            int i = cells.indexOf(name);
            if (i >= 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * In a headerless two-column file the label column is the one whose values all belong to the label
     * set when one is given, otherwise the one with fewer distinct values, and on a tie the shorter one.
     */
    private static int guessLabelColumn(List<DelimitedReader.Row> rows, TextSource in, Set<String> labels) {
        List<Set<String>> values = List.of(new HashSet<>(), new HashSet<>());
        long[] length = new long[2];
        for (DelimitedReader.Row r : rows) {
            if (r.cells().size() != 2) {
                throw in.error(r.line(), "expected 2 columns, found " + r.cells().size());
            }
            for (int c = 0; c < 2; c++) {
                values.get(c).add(r.cells().get(c).strip());
                length[c] += r.cells().get(c).length();
            }
        }
        if (labels != null && labels.containsAll(values.get(0)) != labels.containsAll(values.get(1))) {
            return labels.containsAll(values.get(0)) ? 0 : 1;
        }
        int byDistinct = Integer.compare(values.get(0).size(), values.get(1).size());
        if (byDistinct != 0) {
            return byDistinct < 0 ? 0 : 1;
        }
        return length[0] <= length[1] ? 0 : 1;
    }

    static String checkLabel(TextSource in, long line, String label, Set<String> labels) {
        if (label.isEmpty()) {
            throw in.error(line, "missing label");
        }
        if (labels != null && !labels.contains(label)) {
            throw in.error(line, "label '" + label + "' is not one of " + new TreeSet<>(labels));
        }
        return label;
    }

    public static List<LabeledText> jsonLines(Path file, Set<String> labels) {
        List<LabeledText> out = new ArrayList<>();
        String fallbackSource = file.getFileName().toString();
        try (TextSource in = TextSource.open(file)) {
            for (TextSource.Line next; (next = in.nextNonBlank()) != null; ) {
                long number = next.number();
                String line = next.text();
                JsonNode node = jsonObject(in, number, line);
                String text = field(node, TEXT_NAMES);
                String label = field(node, LABEL_NAMES);
                if (text == null || label == null) {
                    throw in.error(number, "expected fields text (or one of " + TEXT_NAMES + ") and label (or one of "
                            + LABEL_NAMES + ")");
                }
                String source = field(node, SOURCE_NAMES);
                out.add(new LabeledText(text, checkLabel(in, number, label.strip(), labels),
                        source == null ? fallbackSource : source));
            }
        }
        if (out.isEmpty()) {
            throw new BadInputException(file + ":1: empty file, expected one JSON object a line");
        }
        return out;
    }

    static JsonNode jsonObject(TextSource in, long number, String line) {
        try {
            JsonNode node = Json.MAPPER.readTree(line);
            if (node == null || !node.isObject()) {
                throw in.error(number, "expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw in.error(number, "invalid JSON: " + e.getOriginalMessage());
        }
    }

    /** The first of {@code names} present as a text or number; null when none is. */
    static String field(JsonNode node, List<String> names) {
        for (String name : names) {
            JsonNode v = node.get(name);
            if (v != null && (v.isTextual() || v.isNumber() || v.isBoolean())) {
                return v.asText();
            }
        }
        return null;
    }

    /** Finds the folder that holds {@code train/} and/or {@code test/} with {@code pos/} and {@code neg/}. */
    public static boolean isImdb(Path dir) {
        return imdbRoot(dir) != null;
    }

    private static Path imdbRoot(Path dir) {
        for (Path root : List.of(dir, dir.resolve("aclImdb"))) {
            for (String folder : List.of("train/pos", "train/neg", "test/pos", "test/neg")) {
                if (Files.isDirectory(root.resolve(folder))) {
                    return root;
                }
            }
        }
        return null;
    }

    public static List<LabeledText> imdb(Path dir, Set<String> labels) {
        Path root = imdbRoot(dir);
        if (root == null) {
            throw new BadInputException(dir + ": not an IMDB layout (expected aclImdb/{train,test}/{pos,neg}/*.txt)");
        }
        List<LabeledText> out = new ArrayList<>();
        for (String split : List.of("train", "test")) {
            for (String label : List.of("neg", "pos")) {
                Path folder = root.resolve(split).resolve(label);
                if (!Files.isDirectory(folder)) {
                    continue;
                }
                if (labels != null && !labels.contains(label)) {
                    throw new BadInputException(folder + ": label '" + label + "' is not one of " + new TreeSet<>(labels));
                }
                for (Path file : sortedTxtFiles(folder)) {
                    String text = TextSource.readAll(file).replace("<br />", " ").strip();
                    if (text.isEmpty()) {
                        throw new BadInputException(file + ":1: empty review");
                    }
                    out.add(new LabeledText(text, label, split));
                }
            }
        }
        if (out.isEmpty()) {
            throw new BadInputException(root + ": no reviews found in {train,test}/{pos,neg}/*.txt");
        }
        return out;
    }

    private static List<Path> sortedTxtFiles(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".txt")).sorted().toList();
        } catch (IOException e) {
            throw new BadInputException("cannot list " + folder + ": " + e.getMessage(), e);
        }
    }
}
