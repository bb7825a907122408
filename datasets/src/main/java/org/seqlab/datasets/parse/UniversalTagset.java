package org.seqlab.datasets.parse;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Maps Brown corpus tags to the 12 universal tags of Petrov, Das and McDonald (2012): NOUN, VERB, ADJ, ADV, PRON,
 * DET, ADP, NUM, CONJ, PRT, "." and X, the way their published Brown mapping does (the one NLTK applies for
 * {@code brown.tagged_words(tagset='universal')}), so that figures on this data compare with the ones users know.
 * That mapping has its own conventions, kept here: subordinating conjunctions are ADP (as the Penn Treebank's IN),
 * post-determiners (<i>many, other, next, last</i>) ADJ, pre-qualifiers and pre-quantifiers (<i>quite, such,
 * all, half</i>) PRT, existential <i>there</i> PRT, nominal pronouns (<i>anybody, everything</i>) NOUN, <i>whose</i>
 * DET, and a word fused with a following verb (<i>it's, that's, there's, John's</i> for "John is") PRT.
 * The map file itself is not available here: this is its reconstruction, checked against the tag counts of the
 * Brown news category that the NLTK book publishes (docs/tagger.md).
 * <p>
 * A Brown tag may carry suffixes ({@code -tl} title, {@code -hl} headline, {@code -nc} cited word, in any number and
 * order), a {@code fw-} prefix (foreign word, hence X), a negation star ({@code md*}) or a possessive dollar
 * ({@code nn$}); contractions join two tags with {@code +} ({@code ppss+md}).
 */
public final class UniversalTagset {
    private static final Map<String, String> BASE = new HashMap<>();
    /** Every suffix of a tag at once: a headline's title word is nn-tl-hl; a few tags are cut short (ber-n). */
    private static final Pattern SUFFIXES = Pattern.compile("(?<=.)-.*$");

    static {
        put("NOUN", "nn", "nns", "np", "nps", "nr", "nrs", "pn");
        put("VERB", "vb", "vbd", "vbg", "vbn", "vbz", "md", "be", "bed", "bedz", "beg", "bem", "ben", "ber", "bez",
                "hv", "hvd", "hvg", "hvn", "hvz", "do", "dod", "doz");
        put("ADJ", "jj", "jjr", "jjs", "jjt", "od", "ap");
        put("ADV", "rb", "rbr", "rbt", "rn", "ql", "qlp", "wrb", "wql", "*");
        put("PRON", "pp$$", "ppl", "ppls", "ppo", "pps", "ppss", "wpo", "wps");
        put("DET", "at", "abx", "dt", "dti", "dts", "dtx", "pp$", "wdt", "wp$");
        put("ADP", "in", "cs");
        put("NUM", "cd");
        put("CONJ", "cc");
        put("PRT", "rp", "to", "abl", "abn", "ex", "ap$", "cd$", "rb$");
        put(".", ".", ",", ":", ";", "(", ")", "``", "''", "'", "--", "!", "?");
        put("X", "fw", "uh", "nil");
    }

    private UniversalTagset() {
    }

    private static void put(String universal, String... brown) {
        for (String b : brown) {
            BASE.put(b, universal);
        }
    }

    /** The universal tag of a (case-insensitive) Brown tag; X for tags outside the tagset. */
    public static String fromBrown(String brownTag) {
        String tag = brownTag.toLowerCase(Locale.ROOT);
        if (tag.startsWith("fw-")) {
            return "X";
        }
        String[] parts = tag.split("\\+");
        String head = classOf(parts[0]);
        if (parts.length > 1 && !"VERB".equals(head) && "VERB".equals(classOf(parts[1]))) {
            return "PRT";
        }
        return head == null ? "X" : head;
    }

    /** The class of one tag of a contraction, its suffixes, negation and possessive aside; null when unknown. */
    private static String classOf(String part) {
        String tag = BASE.containsKey(part) ? part : SUFFIXES.matcher(part).replaceFirst("");
        String universal = BASE.get(tag);
        if (universal == null && tag.length() > 1 && (tag.endsWith("*") || tag.endsWith("$"))) {
            universal = BASE.get(tag.substring(0, tag.length() - 1));
        }
        return universal;
    }
}
