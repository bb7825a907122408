package org.seqlab.common.text;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rule-based tokenizer that needs no model: whitespace separates tokens and punctuation is split
 * off, except inside URLs, e-mail addresses, numbers ({@code 3.14}, {@code 1,000}, {@code 1/2}, {@code 50%}) with
 * the suffixes and compounds built on them ({@code 15th}, {@code 1920's}, {@code 24-hour-day}) and words with inner
 * apostrophes or hyphens ({@code don't}, {@code state-of-the-art}), which stay one token. An emoji with
 * its modifiers, zero-width joiners and flag pairs is one token.
 */
public final class SimpleTokenizer implements Tokenizer {
    public static final SimpleTokenizer INSTANCE = new SimpleTokenizer();

    private static final String EMOJI_TAIL = "[\\x{FE0F}\\x{1F3FB}-\\x{1F3FF}]*";
    private static final Pattern TOKEN = Pattern.compile(String.join("|",
            // URL; trailing sentence punctuation is not part of it
            "(?:https?://|www\\.)\\S+?(?=[.,;:!?)\\]\"']*(?:\\s|$))",
            "[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+",
            // a number with what Brown and the treebanks keep on it: 3.50, 1/2, 50%, 15th, 1920's, 24-hour-day
            "\\d+(?:[.,:/]\\d+)*(?:%|[\\p{L}\\p{M}\\p{N}_]+)?(?:['’\\-][\\p{L}\\p{M}\\p{N}_]+)*",
            "[\\p{L}\\p{M}\\p{N}_]+(?:['’\\-][\\p{L}\\p{M}\\p{N}_]+)*",
            "[\\x{1F1E6}-\\x{1F1FF}]{2}",
            "\\p{So}" + EMOJI_TAIL + "(?:\\x{200D}\\p{So}" + EMOJI_TAIL + ")*",
            "\\S"));

    private SimpleTokenizer() {
    }

    @Override
    public List<String> tokenize(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            tokens.add(m.group());
        }
        return tokens;
    }
}
