package org.seqlab.datasets.parse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
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
 *
 * <p>Every other aligned pair is a dictionary entry (a word or phrase and its translation): with its
 * grammar and subject labels ({@code {m}}, {@code [comp.]}), glosses in parentheses and {@code <...>} keys
 * taken out, at most {@value #MAX_ENTRY_WORDS} words a side, and never with the German of a sentence pair,
 * so that however the sentences are split, no held-out sentence is among the entries.
 */
public final class DingParser {
    /** Longer entries are definitions or idioms rather than translations of a word or a short phrase. */
    public static final int MAX_ENTRY_WORDS = 6;
    private static final Pattern ABBREVIATION_END = Pattern.compile("\\b(sth|sb|etc|jdm|jdn|etw)\\.$");
    private static final Pattern WORDS = Pattern.compile("\\s+");
    private static final Pattern LABELS = Pattern.compile("\\{[^}]*\\}|\\[[^\\]]*\\]|\\([^)]*\\)|<[^>]*>");

    /** The sentence pairs and the dictionary entries of one Ding file, each in file order, deduplicated. */
    public record Entries(List<TextPair> sentences, List<TextPair> dictionary) {
    }

    private DingParser() {
    }

    public static List<TextPair> parse(Path file) {
        return entries(file).sentences();
    }

    public static Entries entries(Path file) {
        Set<TextPair> out = new LinkedHashSet<>();
        Set<TextPair> dictionary = new LinkedHashSet<>();
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
                String german = line.substring(0, sep);
                String english = line.substring(sep + 2);
                for (TextPair pair : aligned(german, english)) {
                    if (isSentence(pair.target()) && !pair.source().isEmpty()) {
                        out.add(pair);
                    }
                }
                // labels go before the split, so a ';' inside one ({hid; hidden}) does not misalign the alternatives
                for (TextPair entry : aligned(unlabelled(german), unlabelled(english))) {
                    if (isEntry(entry.source()) && isEntry(entry.target()) && !isSentence(entry.target())) {
                        dictionary.add(entry);
                    }
                }
            }
        }
        if (out.isEmpty()) {
            throw new BadInputException(file + ": no sentence pairs found (expected Ding lines 'de | ... :: en | ...')");
        }
        Set<String> sentenceSources = new HashSet<>();
        out.forEach(p -> sentenceSources.add(p.source()));
        dictionary.removeIf(p -> sentenceSources.contains(p.source()));
        return new Entries(new ArrayList<>(out), new ArrayList<>(dictionary));
    }

    /**
     * The aligned alternatives of a line's two sides, stripped: the {@code |} sub-entries pair up in order, and
     * within each the {@code ;} alternatives; a line or sub-entry whose counts differ gives nothing, since the pairing
     * would be a guess.
     */
    private static List<TextPair> aligned(String german, String english) {
        String[] de = german.split("\\|", -1);
        String[] en = english.split("\\|", -1);
        List<TextPair> pairs = new ArrayList<>();
        if (de.length != en.length) {
            return pairs;
        }
        for (int i = 0; i < de.length; i++) {
            String[] deAlternatives = de[i].split(";", -1);
            String[] enAlternatives = en[i].split(";", -1);
            if (deAlternatives.length == enAlternatives.length) {
                for (int j = 0; j < deAlternatives.length; j++) {
                    pairs.add(new TextPair(deAlternatives[j].strip(), enAlternatives[j].strip()));
                }
            }
        }
        return pairs;
    }

    private static String unlabelled(String side) {
        return WORDS.matcher(LABELS.matcher(side).replaceAll(" ").strip()).replaceAll(" ");
    }

    private static boolean isEntry(String side) {
        return !side.isEmpty() && WORDS.split(side).length <= MAX_ENTRY_WORDS;
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
