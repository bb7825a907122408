package org.seqlab.datasets.parse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.seqlab.common.error.BadInputException;
import org.seqlab.datasets.TaggedSentence;

/**
 * The CoNLL-2003 layout of tagged text (named entities, chunks, any BIO tags): one token a line, columns
 * separated by spaces or tabs, the word first and the tag last ({@code word tag}, or {@code word pos chunk
 * ner}), blank lines between sentences, {@code -DOCSTART-} lines ignored. Every token line of a file must have
 * the same number of columns. The original tags are the second column when there are more than two (the POS
 * column of CoNLL-2003), the tag otherwise.
 */
public final class ColumnParser {
    static final String DOCSTART = "-DOCSTART-";

    private ColumnParser() {
    }

    public static List<TaggedSentence> parse(Path file) {
        List<TaggedSentence> out = new ArrayList<>();
        List<String> words = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        List<String> second = new ArrayList<>();
        int columns = 0;
        long firstLine = 0;
        try (TextSource in = TextSource.open(file)) {
            while (true) {
                long number = in.line();
                String line = in.readLine();
                if (line == null || line.isBlank() || line.startsWith(DOCSTART)) {
                    if (!words.isEmpty()) {
                        out.add(new TaggedSentence(words, tags, columns > 2 ? second : tags));
                        words.clear();
                        tags.clear();
                        second.clear();
                    }
                    if (line == null) {
                        break;
                    }
                    continue;
                }
                String[] cols = line.strip().split("[ \t]+");
                if (cols.length < 2) {
                    throw in.error(number, "expected 'word tag' columns, found one column: '" + abbreviate(line) + "'");
                }
                if (columns == 0) {
                    columns = cols.length;
                    firstLine = number;
                } else if (cols.length != columns) {
                    throw in.error(number, "expected " + columns + " columns as on line " + firstLine + ", found "
                            + cols.length);
                }
                words.add(cols[0]);
                tags.add(cols[cols.length - 1]);
                second.add(cols[1]);
            }
        }
        if (out.isEmpty()) {
            throw new BadInputException(file + ":1: no sentences found (expected 'word tag' lines)");
        }
        return out;
    }

    private static String abbreviate(String line) {
        return line.length() > 40 ? line.substring(0, 40) + "…" : line;
    }
}
