package org.seqlab.common.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * SeqLab's English stopword list ({@code stopwords-en.txt} beside this class: articles, pronouns,
 * auxiliaries, prepositions, conjunctions and their contracted forms, lower case). Negations such as
 * "not" and "no" are deliberately kept out of the list because they flip sentiment.
 */
public final class Stopwords {
    private static final Set<String> ENGLISH = load("stopwords-en.txt");

    private Stopwords() {
    }

    /** The English list, unmodifiable. */
    public static Set<String> english() {
        return ENGLISH;
    }

    /** Whether {@code token} (compared in lower case) is an English stopword. */
    public static boolean isStopword(String token) {
        return ENGLISH.contains(token.toLowerCase(java.util.Locale.ROOT));
    }

    private static Set<String> load(String name) {
        try (InputStream in = Stopwords.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
