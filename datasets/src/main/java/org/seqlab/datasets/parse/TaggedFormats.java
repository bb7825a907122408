package org.seqlab.datasets.parse;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Tells the layout of a tagged-text file: {@code conllu} (by its extension or ten tab-separated columns),
 * {@code brown} (whole sentences of {@code word/tag} tokens) or {@code columns} (one {@code word ... tag} token a
 * line, as CoNLL-2003), from its name and its first token line.
 */
public final class TaggedFormats {
    private TaggedFormats() {
    }

    public static String detect(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".conllu")) {
            return "conllu";
        }
        try (TextSource in = TextSource.open(file)) {
            for (TextSource.Line line; (line = in.nextNonBlank()) != null; ) {
                String text = line.text().strip();
                if (text.startsWith("#") || text.startsWith(ColumnParser.DOCSTART)) {
                    continue;
                }
                if (line.text().split("\t", -1).length == 10) {
                    return "conllu";
                }
                for (String token : text.split("\\s+")) {
                    if (token.lastIndexOf('/') <= 0) {
                        return "columns";
                    }
                }
                return "brown";
            }
        }
        return "brown";
    }
}
