package org.seqlab.datasets.parse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.seqlab.datasets.TaggedSentence;

/**
 * One file of the Brown corpus in its tagged form: one sentence a line, tokens {@code word/tag}
 * separated by whitespace (the tag is after the last slash, so words such as "1/2" survive), blank lines
 * between sentences.
 */
public final class BrownParser {
    private BrownParser() {
    }

    public static List<TaggedSentence> parse(Path file) {
        List<TaggedSentence> out = new ArrayList<>();
        try (TextSource in = TextSource.open(file)) {
            for (TextSource.Line next; (next = in.nextNonBlank()) != null; ) {
                long number = next.number();
                String line = next.text();
                List<String> words = new ArrayList<>();
                List<String> tags = new ArrayList<>();
                List<String> brown = new ArrayList<>();
                for (String token : line.strip().split("\\s+")) {
                    int slash = token.lastIndexOf('/');
                    if (slash <= 0) {
                        throw in.error(number, "token '" + token + "' is not word/tag");
                    }
                    String tag = token.substring(slash + 1);
                    words.add(token.substring(0, slash));
                    brown.add(tag);
                    tags.add(UniversalTagset.fromBrown(tag));
                }
                out.add(new TaggedSentence(words, tags, brown));
            }
        }
        return out;
    }
}
