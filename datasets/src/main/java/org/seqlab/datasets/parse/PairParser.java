package org.seqlab.datasets.parse;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.seqlab.common.error.BadInputException;
import org.seqlab.datasets.TextPair;

/** Parallel text: a two-column TSV, JSON lines with source/target, or two line-aligned files. */
public final class PairParser {
    private static final Set<String> HEADER_WORDS = Set.of("source", "target", "src", "tgt", "input", "output");

    private PairParser() {
    }

    /** @param path a file, or for {@code aligned} two files joined by a comma ({@code train.de,train.en}) */
    public static List<TextPair> parse(String path, String format) {
        return switch (format) {
            case "tsv" -> tsv(Path.of(path));
            case "jsonl" -> jsonLines(Path.of(path));
            case "aligned" -> {
                String[] parts = path.split(",", -1);
                if (parts.length != 2) {
                    throw new BadInputException("aligned parallel text needs two files joined by a comma, e.g. train.de,train.en; got " + path);
                }
                yield aligned(Path.of(parts[0]), Path.of(parts[1]));
            }
            default -> throw new BadInputException("format '" + format + "' does not hold text pairs; use tsv, jsonl or aligned");
        };
    }

    public static List<TextPair> tsv(Path file) {
        List<TextPair> out = new ArrayList<>();
        try (TextSource in = TextSource.open(file)) {
            DelimitedReader reader = new DelimitedReader(in, '\t');
            DelimitedReader.Row row;
            boolean first = true;
            while ((row = reader.next()) != null) {
                if (row.cells().size() < 2) {
                    throw in.error(row.line(), "expected 2 tab-separated columns (source, target), found " + row.cells().size());
                }
                boolean header = first && row.cells().stream().anyMatch(c -> HEADER_WORDS.contains(c.strip().toLowerCase(Locale.ROOT)));
                first = false;
                if (!header) {
                    out.add(pair(in, row.line(), row.cells().get(0), row.cells().get(1)));
                }
            }
        }
        return nonEmpty(file, out);
    }

    public static List<TextPair> jsonLines(Path file) {
        List<TextPair> out = new ArrayList<>();
        try (TextSource in = TextSource.open(file)) {
            for (TextSource.Line next; (next = in.nextNonBlank()) != null; ) {
                long number = next.number();
                String line = next.text();
                JsonNode node = LabeledTextParser.jsonObject(in, number, line);
                String source = LabeledTextParser.field(node, List.of("source", "src"));
                String target = LabeledTextParser.field(node, List.of("target", "tgt"));
                if (source == null || target == null) {
                    throw in.error(number, "expected fields source and target");
                }
                out.add(pair(in, number, source, target));
            }
        }
        return nonEmpty(file, out);
    }

    public static List<TextPair> aligned(Path sourceFile, Path targetFile) {
        List<TextPair> out = new ArrayList<>();
        try (TextSource s = TextSource.open(sourceFile); TextSource t = TextSource.open(targetFile)) {
            while (true) {
                long number = s.line();
                String a = s.readLine();
                String b = t.readLine();
                if (a == null && b == null) {
                    break;
                }
                if (a == null || b == null) {
                    throw new BadInputException((a == null ? sourceFile : targetFile) + ":" + number
                            + ": ends before " + (a == null ? targetFile : sourceFile) + "; the files must have the same number of lines");
                }
                if (!a.isBlank() || !b.isBlank()) {
                    out.add(pair(s, number, a, b));
                }
            }
        }
        return nonEmpty(sourceFile, out);
    }

    private static TextPair pair(TextSource in, long line, String source, String target) {
        if (source.isBlank() || target.isBlank()) {
            throw in.error(line, "empty " + (source.isBlank() ? "source" : "target") + " text");
        }
        return new TextPair(source.strip(), target.strip());
    }

    private static List<TextPair> nonEmpty(Path file, List<TextPair> out) {
        if (out.isEmpty()) {
            throw new BadInputException(file + ":1: empty file, expected one pair a line");
        }
        return out;
    }
}
