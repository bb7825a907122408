package org.seqlab.common.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte-pair encoding of text into subwords (Sennrich, Haddow and Birch 2016): starting from characters,
 * the most frequent adjacent pair of symbols inside a word is merged, again and again, and the merges are
 * replayed in the order learned to encode new text. A rare word then becomes a few frequent pieces instead
 * of one unknown token, which matters for German compounds.
 * <p>
 * Text is first cut into words: runs of letters and digits, single other characters, and printf/gettext
 * placeholders ({@code %s}, {@code %qs}, {@code %1$s}, {@code %<}, {@code %>}, {@code %lu}...), which stay
 * whole symbols that are never split nor merged, so that a translation can carry them over verbatim. A word
 * that follows whitespace (or starts the text) carries the marker {@value #SPACE} on its first symbol,
 * SentencePiece's convention, so that {@link #decode} restores the spacing; runs of whitespace become one
 * space. Characters never seen in training stay single symbols: a vocabulary maps them to its unknown token,
 * while {@code decode(encode(text))} gives the text back whatever it holds.
 */
public final class BytePairEncoding {
    /** Marks a symbol that starts a word after whitespace (U+2581, as SentencePiece). */
    public static final String SPACE = "\u2581";

    /** printf and GCC diagnostic placeholders; %< and %> quote code in GCC's messages. */
    static final Pattern PLACEHOLDER = Pattern.compile(
            "%(?:\\d+\\$)?[-+#0'q]*(?:\\d+|\\*)?(?:\\.(?:\\d+|\\*))?(?:hh|h|ll|l|L|z|t|j|w)?[A-Za-z%]|%[<>']");
    private static final Pattern WORD = Pattern.compile(PLACEHOLDER.pattern() + "|[\\p{L}\\p{M}\\p{N}_]+|\\S",
            Pattern.UNICODE_CHARACTER_CLASS);

    private final List<Pair> merges;
    private final Map<Pair, Integer> ranks;
    private final Map<String, String[]> cache = new java.util.concurrent.ConcurrentHashMap<>();

    /** A merge: the two adjacent symbols that become one. */
    public record Pair(String left, String right) implements Comparable<Pair> {
        public Pair {
            Objects.requireNonNull(left);
            Objects.requireNonNull(right);
        }

        public String merged() {
            return left + right;
        }

        @Override
        public int compareTo(Pair o) {
            int c = left.compareTo(o.left);
            return c != 0 ? c : right.compareTo(o.right);
        }
    }

    public BytePairEncoding(List<Pair> merges) {
        this.merges = List.copyOf(merges);
        this.ranks = new HashMap<>();
        for (int i = 0; i < this.merges.size(); i++) {
            ranks.putIfAbsent(this.merges.get(i), i);
        }
    }

    /** The merges in the order they were learned (and are replayed). */
    public List<Pair> merges() {
        return merges;
    }

    /**
     * Cuts text into words, each a list of its initial symbols (characters, or a whole placeholder), the
     * first marked with {@link #SPACE} when whitespace (or the start of the text) precedes it.
     */
    public static List<List<String>> words(String text) {
        List<List<String>> out = new ArrayList<>();
        Matcher m = WORD.matcher(text);
        int end = 0;
        while (m.find()) {
            boolean spaced = out.isEmpty() || m.start() > end;
            end = m.end();
            String word = m.group();
            List<String> symbols = new ArrayList<>();
            if (PLACEHOLDER.matcher(word).matches()) {
                symbols.add(word);
            } else {
                word.codePoints().forEach(cp -> symbols.add(new String(Character.toChars(cp))));
            }
            if (spaced) {
                symbols.set(0, SPACE + symbols.get(0));
            }
            out.add(symbols);
        }
        return out;
    }

    /** Whether a symbol is a placeholder (with or without the space marker), which no merge touches. */
    public static boolean isPlaceholder(String symbol) {
        if (symbol.indexOf('%') < 0) {
            return false;
        }
        String s = symbol.startsWith(SPACE) ? symbol.substring(SPACE.length()) : symbol;
        return PLACEHOLDER.matcher(s).matches();
    }

    /**
     * Learns up to {@code mergeCount} merges from the texts: the most frequent adjacent pair within words
     * each time (ties: the pair that sorts first), stopping early when no pair occurs twice.
     */
    public static BytePairEncoding learn(Iterable<String> texts, int mergeCount) {
        if (mergeCount < 0) {
            throw new IllegalArgumentException("merge count must not be negative, got " + mergeCount);
        }
        Map<List<String>, Integer> wordCounts = new HashMap<>();
        for (String text : texts) {
            for (List<String> word : words(text)) {
                wordCounts.merge(word, 1, Integer::sum);
            }
        }
        // sorted so that learning does not depend on hash order
        List<List<String>> keys = new ArrayList<>(wordCounts.keySet());
        keys.sort((a, b) -> String.join("\u0000", a).compareTo(String.join("\u0000", b)));
        int n = keys.size();
        List<String>[] symbols = new List[n];
        int[] freq = new int[n];
        Map<Pair, Long> pairCounts = new HashMap<>();
        Map<Pair, Set<Integer>> where = new HashMap<>();
        for (int w = 0; w < n; w++) {
            symbols[w] = new ArrayList<>(keys.get(w));
            freq[w] = wordCounts.get(keys.get(w));
            addPairs(w, symbols[w], freq[w], pairCounts, where, 1);
        }
        // a max-heap of (count, pair) with lazy deletion: stale entries are skipped when popped
        PriorityQueue<Map.Entry<Pair, Long>> heap = new PriorityQueue<>((a, b) -> {
            int c = Long.compare(b.getValue(), a.getValue());
            return c != 0 ? c : a.getKey().compareTo(b.getKey());
        });
        pairCounts.forEach((p, c) -> heap.add(Map.entry(p, c)));
        List<Pair> merges = new ArrayList<>();
        while (merges.size() < mergeCount && !heap.isEmpty()) {
            Map.Entry<Pair, Long> top = heap.poll();
            Long current = pairCounts.get(top.getKey());
            if (current == null || !current.equals(top.getValue())) {
                continue;
            }
            if (current < 2) {
                break;
            }
            Pair best = top.getKey();
            merges.add(best);
            Set<Pair> touched = new HashSet<>();
            for (int w : new TreeSet<>(where.getOrDefault(best, Set.of()))) {
                addPairs(w, symbols[w], freq[w], pairCounts, where, -1, touched);
                symbols[w] = apply(symbols[w], best);
                addPairs(w, symbols[w], freq[w], pairCounts, where, 1, touched);
            }
            for (Pair p : touched) {
                Long c = pairCounts.get(p);
                if (c != null) {
                    heap.add(Map.entry(p, c));
                }
            }
        }
        return new BytePairEncoding(merges);
    }

    private static void addPairs(int w, List<String> symbols, int freq, Map<Pair, Long> counts,
                                 Map<Pair, Set<Integer>> where, int sign) {
        addPairs(w, symbols, freq, counts, where, sign, null);
    }

    private static void addPairs(int w, List<String> symbols, int freq, Map<Pair, Long> counts,
                                 Map<Pair, Set<Integer>> where, int sign, Set<Pair> touched) {
        for (int i = 0; i + 1 < symbols.size(); i++) {
            if (isPlaceholder(symbols.get(i)) || isPlaceholder(symbols.get(i + 1))) {
                continue;
            }
            Pair p = new Pair(symbols.get(i), symbols.get(i + 1));
            long c = counts.getOrDefault(p, 0L) + (long) sign * freq;
            if (c <= 0) {
                counts.remove(p);
                Set<Integer> ws = where.get(p);
                if (ws != null) {
                    ws.remove(w);
                }
            } else {
                counts.put(p, c);
                where.computeIfAbsent(p, k -> new HashSet<>()).add(w);
            }
            if (touched != null) {
                touched.add(p);
            }
        }
    }

    /** Merges every non-overlapping occurrence of {@code pair}, left to right. */
    private static List<String> apply(List<String> symbols, Pair pair) {
        List<String> out = new ArrayList<>(symbols.size());
        for (int i = 0; i < symbols.size(); i++) {
            if (i + 1 < symbols.size() && symbols.get(i).equals(pair.left()) && symbols.get(i + 1).equals(pair.right())) {
                out.add(pair.merged());
                i++;
            } else {
                out.add(symbols.get(i));
            }
        }
        return out;
    }

    /** The subword symbols of a text. */
    public List<String> encode(String text) {
        List<String> out = new ArrayList<>();
        for (List<String> word : words(text)) {
            out.addAll(Arrays.asList(cache.computeIfAbsent(String.join("\u0000", word), k -> encodeWord(word))));
        }
        return out;
    }

    /** Replays the merges on one word: always the lowest-ranked pair present first, as in learning. */
    private String[] encodeWord(List<String> word) {
        List<String> symbols = new ArrayList<>(word);
        while (symbols.size() > 1) {
            int bestRank = Integer.MAX_VALUE;
            Pair best = null;
            for (int i = 0; i + 1 < symbols.size(); i++) {
                Integer rank = ranks.get(new Pair(symbols.get(i), symbols.get(i + 1)));
                if (rank != null && rank < bestRank) {
                    bestRank = rank;
                    best = new Pair(symbols.get(i), symbols.get(i + 1));
                }
            }
            if (best == null) {
                break;
            }
            symbols = apply(symbols, best);
        }
        return symbols.toArray(String[]::new);
    }

    /** Text from symbols: concatenated, the space marker turned back into a space. */
    public static String decode(List<String> symbols) {
        StringBuilder out = new StringBuilder();
        for (String s : symbols) {
            out.append(s);
        }
        return out.toString().replace(SPACE, " ").strip();
    }

    /**
     * Every symbol encoding can produce from the given texts' characters: the initial symbols of their words
     * (with and without the space marker) and the result of every merge, in a stable order. A vocabulary of
     * these never meets an unknown symbol except for a character the texts did not hold.
     */
    public List<String> symbols(Iterable<String> texts) {
        Set<String> out = new LinkedHashSet<>();
        TreeSet<String> initial = new TreeSet<>();
        for (String text : texts) {
            for (List<String> word : words(text)) {
                for (String s : word) {
                    initial.add(s);
                    if (!s.startsWith(SPACE)) {
                        initial.add(SPACE + s);
                    }
                }
            }
        }
        out.addAll(initial);
        merges.forEach(p -> out.add(p.merged()));
        return new ArrayList<>(out);
    }

    /** The merges as lines "left right", the format of subword-nmt's codes files. */
    public String toText() {
        StringBuilder out = new StringBuilder("#version: seqlab-bpe 1\n");
        for (Pair p : merges) {
            out.append(p.left()).append(' ').append(p.right()).append('\n');
        }
        return out.toString();
    }

    public static BytePairEncoding fromText(String text) {
        List<Pair> merges = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#version")) {
                continue;
            }
            int space = line.indexOf(' ');
            if (space <= 0 || space == line.length() - 1 || line.indexOf(' ', space + 1) >= 0) {
                throw new IllegalArgumentException("not a merge line: " + line);
            }
            merges.add(new Pair(line.substring(0, space), line.substring(space + 1)));
        }
        return new BytePairEncoding(merges);
    }
}
