package org.seqlab.translation;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells whether a hypothesis ends in a word written twice in a row ("the same kind kind", "pointer pointer"): the
 * stutter of an attention decoder that attends to one source word for two steps, and the error users notice first.
 * The beam search drops such a hypothesis and goes on with the others ({@code BeamSearch.dropIf}); ruling out only the
 * next word's start made the model glue letters onto the copy ("standardf"). Words without letters (placeholders
 * such as {@code %s %s}, numbers) may repeat, and so may the words that the training targets repeat themselves
 * ({@link #repeatedIn}: "had had", or a toy task's "ka ka").
 */
final class RepeatedWords implements Predicate<List<Integer>> {
    /**
     * A word with a letter, not part of a placeholder ({@code %s}, {@code %qT}), spaces, and the next word (looked at,
     * not consumed, so that "ka ka ka" gives two pairs).
     */
    private static final Pattern PAIR = Pattern.compile("(?U)(?<![\\w%])(\\w*\\p{L}\\w*)\\s+(?=(\\w+)(?!\\w))");

    private final SubwordCodec target;
    private final Set<String> repeatable;

    /** @param repeatable words (lower case) that may follow themselves */
    RepeatedWords(SubwordCodec target, Set<String> repeatable) {
        this.target = target;
        this.repeatable = repeatable;
    }

    /** The words (lower case) that follow themselves somewhere in the texts. */
    static Set<String> repeatedIn(List<String> texts) {
        Set<String> out = new TreeSet<>();
        for (String text : texts) {
            Matcher m = PAIR.matcher(text);
            while (m.find()) {
                if (m.group(1).equalsIgnoreCase(m.group(2))) {
                    out.add(m.group(1).toLowerCase(Locale.ROOT));
                }
            }
        }
        return out;
    }

    /** Whether the text of {@code tokens} ends in a word written twice that the training targets never repeat. */
    @Override
    public boolean test(List<Integer> tokens) {
        if (tokens.size() < 2) {
            return false;
        }
        String text = target.decode(tokens);
        Matcher m = PAIR.matcher(text);
        String last = null;
        String beforeLast = null;
        while (m.find()) {
            if (m.end(2) == text.length()) {
                beforeLast = m.group(1);
                last = m.group(2);
            }
        }
        return last != null && beforeLast.equalsIgnoreCase(last) && !repeatable.contains(last.toLowerCase(Locale.ROOT));
    }
}
