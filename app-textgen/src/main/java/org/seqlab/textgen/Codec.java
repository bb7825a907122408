package org.seqlab.textgen;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.seqlab.common.text.SimpleTokenizer;
import org.seqlab.common.text.Vocabulary;

/**
 * Text to token ids and back, at the character or word level. Id 0 stands for anything the training text did
 * not hold (a character never seen, a word below the vocabulary cut): it can be scored but is never produced.
 */
public final class Codec {
    static final String UNKNOWN = "\uFFFD";
    static final String LINE_END = "\n";

    private final Level level;
    private final List<String> tokens;
    private final Map<String, Integer> ids;

    /** What a bundle stores: the level and the token of every id ({@code tokens.get(0)} is the unknown one). */
    public record Data(Level level, List<String> tokens) {
    }

    public Codec(Level level, List<String> tokens) {
        this.level = level;
        this.tokens = List.copyOf(tokens);
        if (tokens.size() < 2) {
            throw new IllegalArgumentException("a vocabulary needs the unknown token and at least one more");
        }
        ids = new HashMap<>(tokens.size() * 2);
        for (int i = 0; i < tokens.size(); i++) {
            ids.putIfAbsent(tokens.get(i), i);
        }
    }

    public static Codec of(Data data) {
        return new Codec(data.level(), data.tokens());
    }

    public Data data() {
        return new Data(level, tokens);
    }

    public Level level() {
        return level;
    }

    public List<String> tokens() {
        return tokens;
    }

    /** Every character of {@code text}, in code-point order, after the unknown one. */
    public static Codec characters(String text) {
        TreeSet<Integer> seen = new TreeSet<>();
        text.codePoints().forEach(seen::add);
        List<String> tokens = new ArrayList<>(List.of(UNKNOWN));
        seen.forEach(cp -> tokens.add(new String(Character.toChars(cp))));
        return new Codec(Level.CHAR, tokens);
    }

    /** The {@code maxSize - 1} most frequent words and marks of {@code text}, and a line-end token. */
    public static Codec words(String text, int maxSize) {
        // Vocabulary keeps its 4 special tokens; only <unk> is used here, so ask for 3 more entries
        Vocabulary vocabulary = Vocabulary.build(List.of(wordTokens(text)), 1, maxSize + 3);
        List<String> tokens = new ArrayList<>(List.of(UNKNOWN));
        vocabulary.tokens().stream().filter(t -> !Vocabulary.SPECIALS.contains(t)).forEach(tokens::add);
        return new Codec(Level.WORD, tokens);
    }

    static List<String> wordTokens(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            out.addAll(SimpleTokenizer.INSTANCE.tokenize(line));
            out.add(LINE_END);
        }
        out.remove(out.size() - 1);
        return out;
    }

    public int size() {
        return tokens.size();
    }

    public int[] encode(String text) {
        if (level == Level.CHAR) {
            return text.codePoints().map(cp -> ids.getOrDefault(new String(Character.toChars(cp)), 0)).toArray();
        }
        return wordTokens(text).stream().mapToInt(t -> ids.getOrDefault(t, 0)).toArray();
    }

    /**
     * The text of one token as it is written out: a word gets a space before it, unless it starts a line, follows
     * an opening bracket or quote, or is closing punctuation itself.
     */
    public String decode(int id, int previousId) {
        String token = tokens.get(id);
        if (level == Level.CHAR || token.equals(LINE_END) || previousId < 0) {
            return token;
        }
        String previous = tokens.get(previousId);
        if (previous.equals(LINE_END) || OPENING.indexOf(previous.charAt(0)) >= 0 && previous.length() == 1
                || CLOSING.indexOf(token.charAt(0)) >= 0 && token.length() == 1) {
            return token;
        }
        return " " + token;
    }

    private static final String OPENING = "([{\u201C\u2018";
    private static final String CLOSING = ".,;:!?)]}\u201D\u2019%";

    public String decode(int[] ids) {
        StringBuilder out = new StringBuilder();
        int previous = -1;
        for (int id : ids) {
            out.append(decode(id, previous));
            previous = id;
        }
        return out.toString();
    }

    /** Letters, digits, spaces, newlines or punctuation: the classes the report splits the loss by. */
    public String tokenClass(int id) {
        String token = tokens.get(id);
        if (id == 0) {
            return "unknown";
        }
        if (level == Level.WORD) {
            return token.equals(LINE_END) ? "newline" : Character.isLetterOrDigit(token.codePointAt(0)) ? "word" : "punctuation";
        }
        int cp = token.codePointAt(0);
        if (cp == '\n') {
            return "newline";
        }
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
            return "space";
        }
        if (Character.isLetter(cp)) {
            return "letter";
        }
        if (Character.isDigit(cp)) {
            return "digit";
        }
        return "punctuation";
    }
}
