package org.seqlab.datasets.parse;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.seqlab.common.error.BadInputException;

/**
 * Joins {@code emoji-datasource}'s {@code emoji.json} (names, image file names, skin-tone variations,
 * categories) with {@code emojibase-data}'s {@code data.json} (keywords, as {@code tags}) on the code
 * points, ignoring the variation selector U+FE0F that only one of them spells out.
 */
public final class EmojiParser {
    /** An emoji picture: its image file name, caption, keywords and whether it is a flag. */
    public record Entry(String image, String caption, List<String> keywords, boolean flag) {
    }

    private static final Map<String, String> TONES = Map.of(
            "1F3FB", "light skin tone",
            "1F3FC", "medium-light skin tone",
            "1F3FD", "medium skin tone",
            "1F3FE", "medium-dark skin tone",
            "1F3FF", "dark skin tone");

    private EmojiParser() {
    }

    public static List<Entry> parse(Path emojiJson, Path emojibaseJson) {
        Map<String, List<String>> keywords = keywords(emojibaseJson);
        JsonNode emojis = CaptionParser.readJson(emojiJson);
        if (!emojis.isArray()) {
            throw new BadInputException(emojiJson + ": expected a JSON array of emoji");
        }
        List<Entry> out = new ArrayList<>();
        for (JsonNode e : emojis) {
            String unified = e.path("unified").asText("");
            String image = e.path("image").asText("");
            if (unified.isEmpty() || image.isEmpty()) {
                throw new BadInputException(emojiJson + ": an entry lacks 'unified' or 'image': " + e.path("short_name").asText());
            }
            String caption = caption(e);
            boolean flag = "Flags".equals(e.path("category").asText());
            List<String> tags = keywords.getOrDefault(key(unified), List.of());
            if (e.path("has_img_google").asBoolean(false)) {
                out.add(new Entry(image, caption, tags, flag));
            }
            Iterator<Map.Entry<String, JsonNode>> variations = e.path("skin_variations").fields();
            while (variations.hasNext()) {
                Map.Entry<String, JsonNode> v = variations.next();
                if (v.getValue().path("has_img_google").asBoolean(false)) {
                    out.add(new Entry(v.getValue().path("image").asText(), caption + ": " + toneNames(v.getKey()), tags, flag));
                }
            }
        }
        return out;
    }

    private static String caption(JsonNode e) {
        String name = e.path("name").asText("");
        if (name.isEmpty()) {
            name = e.path("short_name").asText("").replace('_', ' ');
        }
        return name.toLowerCase(Locale.ROOT);
    }

    static String toneNames(String modifiers) {
        List<String> names = new ArrayList<>();
        for (String code : modifiers.toUpperCase(Locale.ROOT).split("-")) {
            String tone = TONES.get(code);
            if (tone != null && !names.contains(tone)) {
                names.add(tone);
            }
        }
        return String.join(", ", names);
    }

    static String key(String hexcode) {
        return hexcode.toUpperCase(Locale.ROOT).replace("-FE0F", "").replace("FE0F-", "");
    }

    private static Map<String, List<String>> keywords(Path emojibaseJson) {
        JsonNode data = CaptionParser.readJson(emojibaseJson);
        if (!data.isArray()) {
            throw new BadInputException(emojibaseJson + ": expected a JSON array of emoji");
        }
        Map<String, List<String>> out = new HashMap<>();
        for (JsonNode e : data) {
            List<String> tags = new ArrayList<>();
            e.path("tags").forEach(t -> tags.add(t.asText()));
            out.put(key(e.path("hexcode").asText()), List.copyOf(tags));
            // Skin-tone variants carry no tags of their own: they share their base emoji's keywords.
            for (JsonNode skin : e.path("skins")) {
                out.put(key(skin.path("hexcode").asText()), List.copyOf(tags));
            }
        }
        return out;
    }
}
