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
    /** 100,000 characters, some 20,000 words: far beyond what a model here reads, far below a runaway row. */
    public static final int MAX_TEXT_CHARS = 100_000;

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
        LongTexts longTexts = new LongTexts();
        try (TextSource in = TextSource.open(file)) {
            DelimitedReader reader = new DelimitedReader(in, delimiter);
            DelimitedReader.Row first = reader.next();
            if (first == null) {
                throw new BadInputException(file + ":1: empty file, expected rows of text and label");
            }
            String fallbackSource = file.getFileName().toString();
            List<LabeledText> out = new ArrayList<>();
            List<String> header = first.cells().stream().map(c -> c.strip().toLowerCase(Locale.ROOT)).toList();
            if (isHeader(header)) {
                Columns columns = new Columns(header.size(), indexOfAny(header, TEXT_NAMES), indexOfAny(header, LABEL_NAMES),
                        indexOfAny(header, SOURCE_NAMES));
                if (columns.text() < 0 || columns.label() < 0) {
                    throw in.error(first.line(), "the header " + first.cells() + " needs a text column (one of " + TEXT_NAMES
                            + ") and a label column (one of " + LABEL_NAMES + ")");
                }
                // each row becomes a text as it is read: the file's cells are never all held at once
                for (DelimitedReader.Row row; (row = reader.next()) != null; ) {
                    out.add(labeled(in, row, columns, labels, fallbackSource, longTexts));
                }
            } else {
                if (first.cells().size() != 2) {
                    throw in.error(first.line(), "found " + first.cells().size()
                            + " columns and no header; add a header naming the text and label columns");
                }
                List<DelimitedReader.Row> rows = new ArrayList<>();
                rows.add(first);
                for (DelimitedReader.Row row; (row = reader.next()) != null; ) {
                    rows.add(row);
                }
                int labelColumn = guessLabelColumn(rows, in, labels);
                Columns columns = new Columns(2, 1 - labelColumn, labelColumn, -1);
                for (DelimitedReader.Row row : rows) {
                    out.add(labeled(in, row, columns, labels, fallbackSource, longTexts));
                }
            }
            if (out.isEmpty()) {
                throw new BadInputException(file + ": only a header, no rows");
            }
            longTexts.report(file);
            return out;
        }
    }

    /** Where text, label and source are in a row of {@code fields} fields; source -1 when there is none. */
    private record Columns(int fields, int text, int label, int source) {
    }

    private static LabeledText labeled(TextSource in, DelimitedReader.Row row, Columns columns, Set<String> labels,
                                       String fallbackSource, LongTexts longTexts) {
        if (row.cells().size() > columns.fields()) {
            throw in.error(row.line(), "found " + row.cells().size() + " fields, but the header has " + columns.fields()
                    + "; quote a text that holds the delimiter (\"like, this\")");
        }
        int needed = Math.max(Math.max(columns.text(), columns.label()), columns.source()) + 1;
        if (row.cells().size() < needed) {
            throw in.error(row.line(), "expected at least " + needed + " columns, found " + row.cells().size());
        }
        String label = checkLabel(in, row.line(), row.cells().get(columns.label()).strip(), labels);
        String source = columns.source() >= 0 ? row.cells().get(columns.source()).strip() : fallbackSource;
        return new LabeledText(longTexts.bound(row.cells().get(columns.text())), label, source);
    }

    /**
     * Cuts texts longer than {@link #MAX_TEXT_CHARS} (at whitespace) as they are read, and says how many it cut:
     * no model here reads that far, and every later step (tokenising, vocabulary counts) would otherwise pay for
     * the whole text.
     */
    static final class LongTexts {
        private int cut;

        String bound(String text) {
            if (text.length() <= MAX_TEXT_CHARS) {
                return text;
            }
            cut++;
            int end = MAX_TEXT_CHARS;
            while (end > MAX_TEXT_CHARS / 2 && !Character.isWhitespace(text.charAt(end))) {
                end--;
            }
            return text.substring(0, end > MAX_TEXT_CHARS / 2 ? end : MAX_TEXT_CHARS);
        }

        void report(Path file) {
            if (cut > 0 && !Boolean.getBoolean("seqlab.quiet")) {
                System.err.printf("note: %,d text%s in %s %s longer than %,d characters; only the first %,d are used%n",
                        cut, cut == 1 ? "" : "s", file, cut == 1 ? "is" : "are", MAX_TEXT_CHARS, MAX_TEXT_CHARS);
            }
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
        LongTexts longTexts = new LongTexts();
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
                out.add(new LabeledText(longTexts.bound(text), checkLabel(in, number, label.strip(), labels),
                        source == null ? fallbackSource : source));
            }
        }
        longTexts.report(file);
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
        LongTexts longTexts = new LongTexts();
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
                    out.add(new LabeledText(longTexts.bound(text), label, split));
                }
            }
        }
        if (out.isEmpty()) {
            throw new BadInputException(root + ": no reviews found in {train,test}/{pos,neg}/*.txt");
        }
        longTexts.report(root);
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
