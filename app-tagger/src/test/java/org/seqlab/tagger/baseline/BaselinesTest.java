package org.seqlab.tagger.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqlab.datasets.TaggedSentence;

class BaselinesTest {
    @Test
    void mostFrequentTagPerWordThenLowerCaseThenOverall() {
        MostFrequentTag baseline = new MostFrequentTag(List.of(
                new TaggedSentence(List.of("Time", "flies", "like", "an", "arrow"), List.of("NOUN", "VERB", "ADP", "DET", "NOUN")),
                new TaggedSentence(List.of("fruit", "flies", "like", "a", "banana"), List.of("NOUN", "NOUN", "VERB", "DET", "NOUN")),
                new TaggedSentence(List.of("they", "like", "it"), List.of("PRON", "VERB", "PRON"))));
        // "flies": NOUN 1, VERB 1, the tie broken by name; "time" only as "Time"; "zebra" unseen: NOUN, the commonest
        assertEquals(List.of("NOUN", "NOUN", "VERB", "NOUN"), baseline.tag(List.of("time", "flies", "like", "zebra")));
    }

    @Test
    void openNlpTagsAreMappedToTheUniversalTagset() throws Exception {
        // UD's AUX ("is") and PROPN ("Anna") fold into VERB and NOUN, PUNCT into "."
        List<String> tags = new OpenNlpPosTagger().tag(List.of("Anna", "is", "in", "the", "old", "garden", "."));
        assertEquals(List.of("NOUN", "VERB", "ADP", "DET", "ADJ", "NOUN", "."), tags);
        // SCONJ is ADP, as Brown's subordinating conjunctions are in the universal mapping
        assertEquals(List.of("PRON", "VERB", "ADP", "PRON", "VERB", "."),
                new OpenNlpPosTagger().tag(List.of("We", "left", "because", "it", "rained", ".")));
    }
}
