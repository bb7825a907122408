package org.seqlab.common.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Only as much of a text as its first maxLength tokens need goes through the tokenizer, with the same tokens. */
class BoundedTokenisingTest {
    static final String SENTENCE = "Great phone, really (the battery lasts 2 days) — can't complain! Ça va? ";

    @Test
    void aCutTextGivesTheFirstTokensOfTheWholeText() {
        String text = SENTENCE.repeat(600);
        for (TokenizerKind kind : TokenizerKind.values()) {
            for (boolean stopwords : new boolean[] {false, true}) {
                TextPipeline all = new TextPipeline(kind, true, true, Stemming.NONE, stopwords, 0);
                List<String> whole = all.apply(text);
                for (int limit : new int[] {1, 7, 200}) {
                    TextPipeline cut = new TextPipeline(kind, true, true, Stemming.NONE, stopwords, limit);
                    assertEquals(whole.subList(0, limit), cut.apply(text), kind + " stopwords " + stopwords + " " + limit);
                }
            }
        }
        // stopwords only for a long stretch: the prefix widens until enough tokens are found
        String stopwordsFirst = "the ".repeat(50_000) + "great phone";
        TextPipeline filtered = new TextPipeline(TokenizerKind.OPENNLP, true, true, Stemming.NONE, true, 2);
        assertEquals(List.of("great", "phone"), filtered.apply(stopwordsFirst));
        assertEquals(List.of("xxxx"), TextPipeline.words().apply("x".repeat(100_000), 1).stream()
                .map(t -> t.substring(0, 4)).toList(), "one huge word is cut, not tokenised whole");
    }

    @Test
    void aHugeRowCostsWhatItsFirstTokensCost() {
        String huge = SENTENCE.repeat(16 << 20 / SENTENCE.length());
        TextPipeline pipeline = TextPipeline.words().withMaxLength(100);
        pipeline.apply(SENTENCE);
        // whole, this is ~16 MB through OpenNLP: tens of seconds and gigabytes of tokens
        List<String> tokens = assertTimeoutPreemptively(Duration.ofSeconds(3), () -> pipeline.apply(huge));
        assertEquals(100, tokens.size());
    }
}
