package org.seqlab.datasets.parse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.seqlab.common.error.BadInputException;
import org.seqlab.datasets.TaggedSentence;

/**
 * CoNLL-U: one token a line with ten tab-separated columns, sentences separated by blank lines,
 * {@code #} comments. Words are FORM, tags UPOS and original tags XPOS (UPOS when XPOS is {@code _}).
 * Multi-word token ranges ({@code 1-2}) and empty nodes ({@code 1.1}) are skipped so that the words are
 * the syntactic words.
 */
public final class ConlluParser {
    private ConlluParser() {
    }

    public static List<TaggedSentence> parse(Path file) {
        List<TaggedSentence> out = new ArrayList<>();
        List<String> words = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        List<String> xtags = new ArrayList<>();
        try (TextSource in = TextSource.open(file)) {
            while (true) {
                long number = in.line();
                String line = in.readLine();
                if (line == null || line.isBlank()) {
                    if (!words.isEmpty()) {
                        out.add(new TaggedSentence(words, tags, xtags));
                        words.clear();
                        tags.clear();
                        xtags.clear();
                    }
                    if (line == null) {
                        break;
                    }
                    continue;
                }
                if (line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\t", -1);
                if (cols.length != 10) {
                    throw in.error(number, "expected 10 tab-separated CoNLL-U columns, found " + cols.length);
                }
                if (cols[0].contains("-") || cols[0].contains(".")) {
                    continue;
                }
                if (cols[1].isEmpty() || cols[3].isEmpty() || "_".equals(cols[3])) {
                    throw in.error(number, "missing FORM or UPOS");
                }
                words.add(cols[1]);
                tags.add(cols[3]);
                xtags.add("_".equals(cols[4]) ? cols[3] : cols[4]);
            }
        }
        if (out.isEmpty()) {
            throw new BadInputException(file + ":1: no sentences found (expected CoNLL-U)");
        }
        return out;
    }
}
