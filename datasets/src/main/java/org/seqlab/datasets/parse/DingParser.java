package org.seqlab.datasets.parse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.seqlab.common.error.BadInputException;
import org.seqlab.datasets.TextPair;

/**
 * Sentence pairs from the Ding German–English dictionary ({@code de | de2 :: en | en2} a line,
 * {@code #} comments). The two sides are split on {@code ::}, then on the aligned {@code |} sub-entries and
 * the aligned {@code ;} alternatives within them (entries whose counts differ are skipped because the
 * pairing would be a guess). A pair is kept when its English side has 4–15 words, ends in {@code .?!}
 * and is not a dictionary phrase ending in an abbreviation such as "sth." or "sb.". Duplicates are
 * dropped, first occurrence kept. Source is German, target English.
 */
public final class DingParser {
    private static final Pattern ABBREVIATION_END = Pattern.compile("\\b(sth|sb|etc|jdm|jdn|etw)\\.$");
    private static final Pattern WORDS = Pattern.compile("\\s+");

    private DingParser() {
    }

    public static List<TextPair> parse(Path file) {
        Set<TextPair> out = new LinkedHashSet<>();
        try (TextSource in = TextSource.open(file)) {
            for (TextSource.Line next; (next = in.nextNonBlank()) != null; ) {
                long number = next.number();
                String line = next.text();
                if (line.startsWith("#")) {
                    continue;
                }
                int sep = line.indexOf("::");
                if (sep < 0) {
                    throw in.error(number, "expected 'German :: English'");
                }
                addAligned(line.substring(0, sep), line.substring(sep + 2), "|", out);
            }
        }
        if (out.isEmpty()) {
            throw new BadInputException(file + ": no sentence pairs found (expected Ding lines 'de | ... :: en | ...')");
        }
        return new ArrayList<>(out);
    }

    private static void addAligned(String german, String english, String separator, Set<TextPair> out) {
        String[] de = german.split(Pattern.quote(separator), -1);
        String[] en = english.split(Pattern.quote(separator), -1);
        if (de.length != en.length) {
            return;
        }
        for (int i = 0; i < de.length; i++) {
            if ("|".equals(separator)) {
                addAligned(de[i], en[i], ";", out);
            } else if (isSentence(en[i].strip()) && !de[i].isBlank()) {
                out.add(new TextPair(de[i].strip(), en[i].strip()));
            }
        }
    }

    static boolean isSentence(String english) {
        if (english.isEmpty()) {
            return false;
        }
        char last = english.charAt(english.length() - 1);
        int words = WORDS.split(english).length;
        return (last == '.' || last == '?' || last == '!') && words >= 4 && words <= 15
                && !ABBREVIATION_END.matcher(english).find();
    }
}
