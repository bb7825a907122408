package org.seqlab.datasets.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * Rows of a CSV or TSV file: RFC 4180 quoting (a field that starts with a double quote may hold the
 * delimiter, line breaks and doubled quotes), any line ending, blank lines skipped. A quoted field that
 * spans lines must end at a delimiter or line end: anything else means a quote was left open and swallowed
 * the rows after it, which is an error naming the line it was opened on, not one long junk text.
 */
public final class DelimitedReader {
    /** A row and the line it starts on. */
    public record Row(long line, List<String> cells) {
    }

    private final TextSource in;
    private final char delimiter;

    public DelimitedReader(TextSource in, char delimiter) {
        this.in = in;
        this.delimiter = delimiter;
    }

    /** The next non-blank row, or null at the end. */
    public Row next() {
        while (true) {
            if (in.peek() == -1) {
                return null;
            }
            long line = in.line();
            List<String> cells = readRow(line);
            if (!(cells.size() == 1 && cells.get(0).isBlank())) {
                return new Row(line, cells);
            }
        }
    }

    private List<String> readRow(long line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean atCellStart = true;
        long quoteOpenedOn = 0;
        long rowChars = 0;
        while (true) {
            int c = in.read();
            if (++rowChars > TextSource.MAX_LINE_CHARS) {
                throw in.error(line, "row longer than " + TextSource.MAX_LINE_CHARS + " characters"
                        + (quoted ? " (an unclosed quote?)" : ""));
            }
            if (c == -1) {
                if (quoted) {
                    throw in.error(line, "quoted field is not closed before the end of the file");
                }
                cells.add(cell.toString());
                return cells;
            }
            if (quoted) {
                if (c == '"') {
                    if (in.peek() == '"') {
                        in.read();
                        cell.append('"');
                    } else {
                        quoted = false;
                        int next = in.peek();
                        if (in.line() > quoteOpenedOn && next != delimiter && next != '\n' && next != -1) {
                            throw in.error(quoteOpenedOn, "the quote that opens a field here is closed only on line "
                                    + in.line() + ", and text follows it there: is a quote not closed? (write a quote "
                                    + "inside a quoted field as \"\")");
                        }
                    }
                } else {
                    cell.append((char) c);
                }
            } else if (c == '"' && atCellStart) {
                quoted = true;
                atCellStart = false;
                quoteOpenedOn = in.line();
            } else if (c == delimiter) {
                cells.add(cell.toString());
                cell.setLength(0);
                atCellStart = true;
            } else if (c == '\n') {
                cells.add(cell.toString());
                return cells;
            } else {
                cell.append((char) c);
                atCellStart = false;
            }
        }
    }
}
