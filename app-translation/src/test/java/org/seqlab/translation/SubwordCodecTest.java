package org.seqlab.translation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SubwordCodecTest {
    // the identifier occurs once on each side, inside words of its language, so neither side alone merges it whole
    private static final List<String> GERMAN = List.of("Anweisung STATUS fehlt", "die Anweisung ist falsch",
            "falsche Anweisung", "Anweisung fehlt", "die Datei fehlt", "keine Datei");
    private static final List<String> ENGLISH = List.of("statement STATUS missing", "the statement is wrong",
            "wrong statement", "statement missing", "the file is missing", "no file");

    @Test
    void jointMergesCutASharedIdentifierAlikeOnBothSides() {
        List<SubwordCodec> joint = SubwordCodec.learnJoint(GERMAN, ENGLISH, 60);
        assertEquals(joint.get(0).symbols("STATUS"), joint.get(1).symbols("STATUS"));
        assertEquals(joint.get(0).bpe().merges(), joint.get(1).bpe().merges(), "one set of merges");
        SubwordCodec german = SubwordCodec.learn(GERMAN, 60, false, 1);
        SubwordCodec english = SubwordCodec.learn(ENGLISH, 60, false, 1);
        assertNotEquals(german.bpe().merges(), english.bpe().merges(), "each side alone learns its own merges");
    }

    @Test
    void eachSideKeepsTheVocabularyOfItsOwnTextAndRoundTrips() {
        List<SubwordCodec> joint = SubwordCodec.learnJoint(GERMAN, ENGLISH, 60);
        for (int side = 0; side < 2; side++) {
            SubwordCodec codec = joint.get(side);
            for (String text : side == 0 ? GERMAN : ENGLISH) {
                int[] ids = codec.encode(text);
                assertEquals(text, codec.decode(java.util.Arrays.stream(ids).boxed().toList()));
            }
        }
    }
}
