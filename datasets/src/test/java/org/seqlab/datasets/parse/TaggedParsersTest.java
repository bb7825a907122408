package org.seqlab.datasets.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.seqlab.datasets.parse.Malformed.assertBad;
import static org.seqlab.datasets.parse.Malformed.write;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.datasets.TaggedSentence;

class TaggedParsersTest {
    @TempDir
    Path dir;

    @Test
    void brownTokensMapToUniversalTagsAndKeepBrownTags() throws IOException {
        Path f = write(dir, "ca01", "\n\n\tThe/at Fulton/np-tl jury/nn said/vbd ``/`` 1/2/cd it/pps didn't/dod* ./.\n\n"
                + "\tI'm/ppss+bem a/at bon/fw-jj vivant/fw-nn !/.\n");
        List<TaggedSentence> s = BrownParser.parse(f);
        assertEquals(2, s.size());
        assertEquals(List.of("The", "Fulton", "jury", "said", "``", "1/2", "it", "didn't", "."), s.get(0).words());
        assertEquals(List.of("DET", "NOUN", "NOUN", "VERB", ".", "NUM", "PRON", "VERB", "."), s.get(0).tags());
        assertEquals("np-tl", s.get(0).originalTags().get(1));
        assertEquals(List.of("PRT", "DET", "X", "X", "."), s.get(1).tags(), "I'm: a pronoun fused with a verb is PRT");
    }

    @Test
    void universalTagsetCoversTheTwelveClasses() {
        assertEquals("ADJ", UniversalTagset.fromBrown("JJT"));
        assertEquals("ADV", UniversalTagset.fromBrown("*"));
        assertEquals("ADP", UniversalTagset.fromBrown("in-hl"));
        assertEquals("CONJ", UniversalTagset.fromBrown("cc"));
        assertEquals("PRT", UniversalTagset.fromBrown("to"));
        assertEquals("DET", UniversalTagset.fromBrown("pp$"));
        assertEquals("PRON", UniversalTagset.fromBrown("pp$$"));
        assertEquals("NOUN", UniversalTagset.fromBrown("nn$-tl"));
        assertEquals("VERB", UniversalTagset.fromBrown("bedz*"));
        assertEquals("X", UniversalTagset.fromBrown("nonsense"));
        assertEquals("X", UniversalTagset.fromBrown("fw-nn-tl"));
    }

    @Test
    void universalTagsetFollowsPetrovsBrownMapping() {
        // the conventions of the published mapping (NLTK's tagset='universal'), not of UD
        assertEquals("ADP", UniversalTagset.fromBrown("cs"), "subordinating conjunctions are ADP, as PTB's IN");
        assertEquals("ADJ", UniversalTagset.fromBrown("ap"), "post-determiners: many, other, next");
        assertEquals("ADJ", UniversalTagset.fromBrown("ap+ap-nc"), "a hyphenated pair keeps its class");
        assertEquals("PRT", UniversalTagset.fromBrown("ap$"));
        assertEquals("PRT", UniversalTagset.fromBrown("abn"), "pre-quantifiers: all, half");
        assertEquals("PRT", UniversalTagset.fromBrown("abl"), "pre-qualifiers: quite, such");
        assertEquals("DET", UniversalTagset.fromBrown("abx"));
        assertEquals("PRT", UniversalTagset.fromBrown("ex"), "existential there");
        assertEquals("NOUN", UniversalTagset.fromBrown("pn"), "nominal pronouns: anybody, everything");
        assertEquals("DET", UniversalTagset.fromBrown("wp$"), "whose");
        assertEquals("PRT", UniversalTagset.fromBrown("pps+bez"), "it's");
        assertEquals("PRT", UniversalTagset.fromBrown("ppss+bez*-nc"));
        assertEquals("PRT", UniversalTagset.fromBrown("np+bez"), "John's for John is");
        assertEquals("VERB", UniversalTagset.fromBrown("vb+ppo"), "let's stays a verb");
        assertEquals("ADV", UniversalTagset.fromBrown("rb+cs"), "no verb fused: the first tag's class");
    }

    @Test
    void everySuffixOfABrownTagIsIgnored() {
        // a headline's title words carry two suffixes; these were X (17 in the news category alone)
        assertEquals("NOUN", UniversalTagset.fromBrown("nn-tl-hl"));
        assertEquals("VERB", UniversalTagset.fromBrown("vbn-hl-tl"));
        assertEquals("NOUN", UniversalTagset.fromBrown("nns$-tl-hl"));
        assertEquals("ADV", UniversalTagset.fromBrown("*-hl"));
        assertEquals(".", UniversalTagset.fromBrown("--"));
        assertEquals("PRT", UniversalTagset.fromBrown("ppss+ber-n"), "a suffix cut short");
    }

    @Test
    void brownMalformed() throws IOException {
        Path f = write(dir, "cb01", "\tok/jj\n\tnoslash here/rb\n");
        assertBad(() -> BrownParser.parse(f), f, ":2:", "word/tag");
        Path latin = Malformed.latin1(dir, "cb02", "\tok/jj", "\tcaf");
        assertBad(() -> BrownParser.parse(latin), latin, ":2:", "UTF-8");
        Path big = Malformed.hugeLine(dir, "cb03", "\tok/jj", "w/nn ");
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertBad(() -> BrownParser.parse(big), big, ":2:", "longer than"));
    }

    @Test
    void conlluSkipsCommentsRangesAndEmptyNodes() throws IOException {
        Path f = write(dir, "t.conllu", "# sent_id = 1\n1-2\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n"
                + "1\tdo\tdo\tAUX\tVBP\t_\t3\taux\t_\t_\n2\tn't\tnot\tPART\tRB\t_\t3\tadvmod\t_\t_\n"
                + "2.1\tx\t_\tX\t_\t_\t_\t_\t_\t_\n3\tgo\tgo\tVERB\t_\t_\t0\troot\t_\t_\n\n"
                + "1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\n");
        List<TaggedSentence> s = ConlluParser.parse(f);
        assertEquals(2, s.size());
        assertEquals(new TaggedSentence(List.of("do", "n't", "go"), List.of("AUX", "PART", "VERB"), List.of("VBP", "RB", "VERB")), s.get(0));
        assertEquals(new TaggedSentence(List.of("Hi"), List.of("INTJ"), List.of("UH")), s.get(1));
        assertEquals(List.of("INTJ"), new TaggedSentence(List.of("Hi"), List.of("INTJ")).originalTags(),
                "without corpus tags the original tags are the universal ones");
    }

    @Test
    void conlluMalformed() throws IOException {
        Path empty = write(dir, "e.conllu", "");
        assertBad(() -> ConlluParser.parse(empty), empty, "no sentences");
        Path columns = write(dir, "c.conllu", "1\tword\tNOUN\n");
        assertBad(() -> ConlluParser.parse(columns), columns, ":1:", "10 tab-separated");
        Path noTag = write(dir, "n.conllu", "1\tword\t_\t_\t_\t_\t_\t_\t_\t_\n");
        assertBad(() -> ConlluParser.parse(noTag), noTag, ":1:", "UPOS");
        Path latin = Malformed.latin1(dir, "l.conllu", "# ok", "1\tcaf");
        assertBad(() -> ConlluParser.parse(latin), latin, ":2:", "UTF-8");
        Path big = Malformed.hugeLine(dir, "b.conllu", "# ok", "xxxxx");
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertBad(() -> ConlluParser.parse(big), big, ":2:", "longer than"));
    }
}
