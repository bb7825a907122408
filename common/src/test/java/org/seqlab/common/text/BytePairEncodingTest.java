package org.seqlab.common.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.seqlab.common.text.BytePairEncoding.Pair;

class BytePairEncodingTest {
    private static final String S = BytePairEncoding.SPACE;

    @Test
    void learnsTheMergesWorkedOutByHand() {
        // words: hug x2, pug, pun, bun, hugs. Pairs: (u,g) 4, (_h,u) 3, (_p,u) 2, (u,n) 2 ...
        // 1. (u,g) 4 -> ug; then (_h,ug) 3 -> _hug; then (u,n) 2 -> un; every other pair occurs once
        BytePairEncoding bpe = BytePairEncoding.learn(List.of("hug hug pug", "pun bun hugs"), 10);
        assertEquals(List.of(new Pair("u", "g"), new Pair(S + "h", "ug"), new Pair("u", "n")), bpe.merges());
        assertEquals(List.of(S + "b", "ug", "s", S + "hug", "g", "i", "n", "g"), bpe.encode("bugs hugging"));
        // a budget of one merge stops after the first
        assertEquals(List.of(new Pair("u", "g")), BytePairEncoding.learn(List.of("hug hug pug", "pun bun hugs"), 1).merges());
    }

    @Test
    void breaksTiesByTheFirstPairInOrder() {
        BytePairEncoding bpe = BytePairEncoding.learn(List.of("cd ab cd ab"), 1);
        assertEquals(List.of(new Pair(S + "a", "b")), bpe.merges());
    }

    @Test
    void keepsPlaceholdersWholeAndNeverMergesThem() {
        List<String> corpus = List.of("Datei %s nicht gefunden: %qs", "%s und %s", "Option %<-fno-foo%> mit %1$s",
                "%lu Bytes %s%s");
        BytePairEncoding bpe = BytePairEncoding.learn(corpus, 200);
        for (Pair p : bpe.merges()) {
            assertFalse(p.merged().contains("%"), "merged a placeholder: " + p);
        }
        List<String> symbols = bpe.encode("Option %<-fno-foo%> mit %1$s und %qs: %lu%%");
        assertTrue(symbols.containsAll(List.of(S + "%<", "%>", S + "%1$s", S + "%qs", S + "%lu", "%%")), symbols.toString());
        assertTrue(BytePairEncoding.isPlaceholder(S + "%qs"));
        assertFalse(BytePairEncoding.isPlaceholder("%"));
        // a per-cent sign followed by a space is not a placeholder with the space flag
        assertEquals("100 % der Fälle", BytePairEncoding.decode(bpe.encode("100 % der Fälle")));
    }

    @Test
    void roundTripsAnyTextIncludingUnseenCharacters() {
        BytePairEncoding bpe = BytePairEncoding.learn(List.of("der Hund bellt", "die Katze schläft"), 50);
        for (String text : List.of("der Hund", "Ж日本 😀 schläft!", "a-b (c) «d» 3.14 %s%qs", "\t  spaced   out \n")) {
            assertEquals(text.strip().replaceAll("\\s+", " "), BytePairEncoding.decode(bpe.encode(text)), text);
        }
        Random random = new Random(5);
        for (int i = 0; i < 300; i++) {
            StringBuilder s = new StringBuilder();
            for (int k = random.nextInt(30); k > 0; k--) {
                int cp = random.nextInt(4) == 0 ? ' ' : random.nextInt(3) == 0 ? 0x20 + random.nextInt(0x5f)
                        : 0xa0 + random.nextInt(0x2000);
                if (Character.isDefined(cp) && !Character.isSurrogate((char) cp) && cp != 0x2581) {
                    s.appendCodePoint(cp);
                }
            }
            String text = s.toString();
            String expected = text.replaceAll("[\\s\\p{Z}]+", " ").strip();
            String decoded = BytePairEncoding.decode(bpe.encode(text));
            assertEquals(expected, decoded.replaceAll("[\\s\\p{Z}]+", " ").strip(), "round trip of '" + text + "'");
        }
    }

    @Test
    void savesAndLoadsItsMergesAndListsEverySymbolItCanProduce() {
        List<String> corpus = List.of("Haustür Haustür Hausmaus Maus", "Tür Haus");
        BytePairEncoding bpe = BytePairEncoding.learn(corpus, 20);
        BytePairEncoding loaded = BytePairEncoding.fromText(bpe.toText());
        assertEquals(bpe.merges(), loaded.merges());
        List<String> symbols = bpe.symbols(corpus);
        for (String text : List.of("Tür Maus Hausmaus", "Mausmaus Haus")) {
            assertTrue(symbols.containsAll(loaded.encode(text)), loaded.encode(text).toString());
        }
        List<String> words = new ArrayList<>(bpe.encode("Haustür"));
        assertEquals(List.of(S + "Haustür"), words);
    }
}
