package org.seqlab.datasets.parse;

import java.util.HashMap;
import java.util.Map;

/**
 * Maps Brown corpus tags to the 12 universal tags of Petrov, Das and McDonald (2012): NOUN, VERB, ADJ,
 * ADV, PRON, DET, ADP, NUM, CONJ, PRT, "." and X. A Brown tag may carry suffixes ({@code -tl} title,
 * {@code -hl} headline, {@code -nc} cited word), a {@code fw-} prefix (foreign word, hence X), a
 * negation star ({@code md*}) or a possessive dollar ({@code nn$}); contractions join two tags with
 * {@code +} ({@code ppss+md}) and take the first one's class.
 */
public final class UniversalTagset {
    private static final Map<String, String> BASE = new HashMap<>();

    static {
        put("NOUN", "nn", "nns", "np", "nps", "nr", "nrs");
        put("VERB", "vb", "vbd", "vbg", "vbn", "vbz", "md", "be", "bed", "bedz", "beg", "bem", "ben", "ber", "bez",
                "hv", "hvd", "hvg", "hvn", "hvz", "do", "dod", "doz");
        put("ADJ", "jj", "jjr", "jjs", "jjt", "od");
        put("ADV", "rb", "rbr", "rbt", "rn", "ql", "qlp", "wrb", "wql", "*");
        put("PRON", "pn", "pp$$", "ppl", "ppls", "ppo", "pps", "ppss", "wpo", "wps", "wp$");
        put("DET", "at", "abl", "abn", "abx", "ap", "dt", "dti", "dts", "dtx", "pp$", "wdt", "ex");
        put("ADP", "in");
        put("NUM", "cd");
        put("CONJ", "cc", "cs");
        put("PRT", "rp", "to");
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
        String tag = brownTag.toLowerCase(java.util.Locale.ROOT);
        if (tag.startsWith("fw-")) {
            return "X";
        }
        int plus = tag.indexOf('+');
        if (plus > 0) {
            tag = tag.substring(0, plus);
        }
        for (String suffix : new String[] {"-tl", "-hl", "-nc"}) {
            while (tag.endsWith(suffix) && tag.length() > suffix.length()) {
                tag = tag.substring(0, tag.length() - suffix.length());
            }
        }
        String universal = BASE.get(tag);
        if (universal == null && tag.length() > 1 && tag.endsWith("*")) {
            universal = BASE.get(tag.substring(0, tag.length() - 1));
        }
        if (universal == null && tag.length() > 1 && tag.endsWith("$")) {
            universal = BASE.get(tag.substring(0, tag.length() - 1));
        }
        return universal == null ? "X" : universal;
    }
}
