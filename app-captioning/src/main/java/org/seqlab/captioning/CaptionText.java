package org.seqlab.captioning;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Caption words: lower-cased words (with inner hyphens and apostrophes, "medium-light", "o'clock") and every
 * other visible character as a token of its own, as BLEU's usual tokenisers split punctuation. Joining puts
 * punctuation back against the word before it, so "man: red hair" survives a round trip.
 */
final class CaptionText {
    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}]+(?:['\u2019-][\\p{L}\\p{N}]+)*|\\S");
    private static final Pattern ATTACHED = Pattern.compile(" ([,.:;!?)\\]])");

    private CaptionText() {
    }

    static List<String> tokens(String caption) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(caption.toLowerCase(Locale.ROOT));
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    static String join(List<String> tokens) {
        return ATTACHED.matcher(String.join(" ", tokens)).replaceAll("$1").replace("( ", "(");
    }
}
