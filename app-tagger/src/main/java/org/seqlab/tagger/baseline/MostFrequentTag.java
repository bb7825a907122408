package org.seqlab.tagger.baseline;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.seqlab.datasets.TaggedSentence;

/**
 * The classic baseline: each word gets the tag it carried most often in training (looked up as written, then in
 * lower case); a word never seen gets the most frequent tag overall.
 */
public final class MostFrequentTag {
    private final Map<String, String> byWord = new HashMap<>();
    private final Map<String, String> byLowerWord = new HashMap<>();
    private final String fallback;

    public MostFrequentTag(List<TaggedSentence> train) {
        Map<String, Map<String, Integer>> counts = new HashMap<>();
        Map<String, Map<String, Integer>> lowerCounts = new HashMap<>();
        Map<String, Integer> overall = new HashMap<>();
        for (TaggedSentence s : train) {
            for (int i = 0; i < s.words().size(); i++) {
                String w = s.words().get(i);
                String t = s.tags().get(i);
                counts.computeIfAbsent(w, k -> new HashMap<>()).merge(t, 1, Integer::sum);
                lowerCounts.computeIfAbsent(w.toLowerCase(Locale.ROOT), k -> new HashMap<>()).merge(t, 1, Integer::sum);
                overall.merge(t, 1, Integer::sum);
            }
        }
        counts.forEach((w, c) -> byWord.put(w, best(c)));
        lowerCounts.forEach((w, c) -> byLowerWord.put(w, best(c)));
        fallback = overall.isEmpty() ? "X" : best(overall);
    }

    /** The most frequent tag, ties broken by the tag's name so that the baseline is deterministic. */
    private static String best(Map<String, Integer> counts) {
        return counts.entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(java.util.Comparator.reverseOrder()))).orElseThrow().getKey();
    }

    public List<String> tag(List<String> words) {
        return words.stream().map(w -> byWord.getOrDefault(w,
                byLowerWord.getOrDefault(w.toLowerCase(Locale.ROOT), fallback))).toList();
    }
}
