package org.seqlab.common.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TokenizerTest {
    private static final String TRICKY = "I don't think it's over, e.g. see https://example.com/a?b=1. "
            + "Mail bob@example.org! Price: $3.50 😀👍🏽 🇩🇪 done";

    @Test
    void simpleTokenizerKeepsContractionsUrlsEmailsNumbersAndEmoji() {
        List<String> tokens = SimpleTokenizer.INSTANCE.tokenize(TRICKY);
        assertEquals(List.of("I", "don't", "think", "it's", "over", ",", "e", ".", "g", ".", "see",
                "https://example.com/a?b=1", ".", "Mail", "bob@example.org", "!", "Price", ":", "$", "3.50",
                "😀", "👍🏽", "🇩🇪", "done"), tokens);
    }

    @Test
    void simpleTokenizerKeepsNumbersWithTheirSuffixesAndCompoundsWholeAsBrownDoes() {
        List<String> tokens = SimpleTokenizer.INSTANCE.tokenize(
                "A 24-hour-day pass in the 1920's, 15th and 1990s: 50% off 1/2 price, 3-2 win at 3:30pm.");
        assertEquals(List.of("A", "24-hour-day", "pass", "in", "the", "1920's", ",", "15th", "and", "1990s", ":",
                "50%", "off", "1/2", "price", ",", "3-2", "win", "at", "3:30pm", "."), tokens);
        // punctuation after a number is still split off, and a dash with nothing after it is no compound
        assertEquals(List.of("(", "1,000", ")", "2", "-", "3", "1990", "-", "."),
                SimpleTokenizer.INSTANCE.tokenize("(1,000) 2 - 3 1990-."));
    }

    @Test
    void openNlpKeepsContractionsAndSplitsPunctuation() {
        // the UD EWT model keeps "don't" whole (unlike Penn Treebank's "do n't")
        List<String> tokens = OpenNlpTokenizer.english().tokenize("I don't think it's over, Sam.");
        assertEquals(List.of("I", "don't", "think", "it's", "over", ",", "Sam", "."), tokens);
    }

    @Test
    void openNlpKeepsEmojiCodePointsWhole() {
        for (String t : OpenNlpTokenizer.english().tokenize(TRICKY)) {
            assertFalse(hasLoneSurrogate(t), () -> "broken surrogate pair in token '" + t + "'");
        }
    }

    @Test
    void openNlpDetectsSentences() {
        assertEquals(List.of("It rained.", "We stayed in."),
                OpenNlpTokenizer.english().sentences("It rained. We stayed in."));
    }

    @Test
    void charTokenizerSplitsCodePointsAndKeepsSpaces() {
        assertEquals(List.of("a", " ", "😀", "b"), CharTokenizer.INSTANCE.tokenize("a 😀b"));
    }

    @ParameterizedTest
    @EnumSource(TokenizerKind.class)
    void emptyAndBlankTextGiveNoTokens(TokenizerKind kind) {
        assertTrue(kind.tokenizer().tokenize("").isEmpty());
        if (kind != TokenizerKind.CHAR) {
            assertTrue(kind.tokenizer().tokenize(" \n\t ").isEmpty());
        }
    }

    @ParameterizedTest
    @EnumSource(TokenizerKind.class)
    @Timeout(30)
    void oneMegabyteOfTextIsTokenisedCompletely(TokenizerKind kind) {
        String sentence = "The cat's toy, priced $3.50, is at https://shop.example/cat 😀. ";
        String text = sentence.repeat(1_000_000 / sentence.length() + 1);
        List<String> once = kind.tokenizer().tokenize(sentence);
        List<String> all = kind.tokenizer().tokenize(text);
        int repeats = text.length() / sentence.length();
        // the sentence repeats; the trailing space makes every copy tokenise alike (char: one per code point)
        assertEquals((long) once.size() * repeats, all.size());
        assertEquals(once, all.subList(0, once.size()));
    }

    @Test
    @Timeout(60)
    void openNlpIsSafeToShareBetweenThreads() throws Exception {
        Tokenizer tokenizer = TokenizerKind.OPENNLP.tokenizer();
        List<String> texts = List.of("I don't think so.", "She's here, isn't she?", "Prices rose 3.5% in May.");
        List<List<String>> expected = texts.stream().map(tokenizer::tokenize).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int task = 0; task < 8; task++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        int k = i % texts.size();
                        if (!tokenizer.tokenize(texts.get(k)).equals(expected.get(k))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) {
                assertTrue(r.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
