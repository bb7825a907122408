package org.seqlab.common.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.embed.Word2VecSettings.Architecture;

/** Word2Vec on a generated corpus where words of a group share their contexts and nothing else. */
class Word2VecTrainerTest {
    private static final List<String> ANIMALS = List.of("cat", "dog", "horse", "mouse");
    private static final List<String> DAYS = List.of("monday", "tuesday", "friday", "sunday");
    private static final List<String> FOODS = List.of("bread", "cheese", "apple", "soup");

    private static List<List<String>> corpus(long seed, int sentences) {
        Random random = new Random(seed);
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < sentences; i++) {
            String animal = ANIMALS.get(random.nextInt(4));
            String day = DAYS.get(random.nextInt(4));
            String food = FOODS.get(random.nextInt(4));
            out.add(switch (random.nextInt(3)) {
                case 0 -> List.of("the", animal, "runs", "and", "barks", "in", "the", "yard");
                case 1 -> List.of("we", "meet", "every", day, "morning", "at", "nine");
                default -> List.of("she", "eats", "fresh", food, "with", "a", "spoon");
            });
            // empty sentences must be skipped, not hang or crash training
            if (i % 100 == 0) {
                out.add(List.of());
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} hs={1} negative={2}")
    @CsvSource({"CBOW, true, 0", "CBOW, true, 5", "SKIPGRAM, false, 5", "SKIPGRAM, true, 0"})
    @Timeout(120)
    void wordsSharingContextsBecomeNeighbours(Architecture arch, boolean hs, int negative) {
        Word2VecSettings s = new Word2VecSettings(arch, 20, 3, 1, 3, negative, hs, 0.025, 0, 7, 1);
        WordVectors v = Word2VecTrainer.train(corpus(1, 3000), s);
        for (List<String> group : List.of(ANIMALS, DAYS, FOODS)) {
            for (String word : group) {
                Set<String> friends = Set.copyOf(group);
                List<Neighbour> top = v.nearest(word, 3);
                // the group's fixed context words ("barks" for animals) may legitimately come close too;
                // by chance alone 3 group members hide among ~25 words
                assertTrue(friends.contains(top.get(0).word())
                                && top.stream().filter(n -> friends.contains(n.word())).count() >= 2,
                        () -> arch + ": neighbours of " + word + " are " + top);
            }
        }
    }

    @Test
    @Timeout(120)
    void cbowWithNegativeSamplingOnlyTakesTheSentenceBySentencePath() {
        Word2VecSettings s = new Word2VecSettings(Architecture.CBOW, 20, 3, 1, 3, 5, false, 0.025, 0, 7, 1);
        assertEquals(1, Word2VecTrainer.batchSize(s));
        WordVectors v = Word2VecTrainer.train(corpus(1, 500), s);
        // this slower path learns less in the same budget: check that groups separate on average
        List<List<String>> groups = List.of(ANIMALS, DAYS, FOODS);
        for (List<String> group : groups) {
            double within = 0;
            double across = 0;
            int nWithin = 0;
            int nAcross = 0;
            for (String a : group) {
                for (List<String> other : groups) {
                    for (String b : other) {
                        if (a.equals(b)) {
                            continue;
                        }
                        if (other == group) {
                            within += v.similarity(a, b);
                            nWithin++;
                        } else {
                            across += v.similarity(a, b);
                            nAcross++;
                        }
                    }
                }
            }
            assertTrue(within / nWithin > across / nAcross, group + ": within " + within / nWithin
                    + " vs across " + across / nAcross);
        }
    }

    @Test
    @Timeout(120)
    void oneWorkerAndAFixedSeedReproduceTheVectors() {
        Word2VecSettings s = new Word2VecSettings(Architecture.SKIPGRAM, 10, 2, 1, 1, 3, false, 0.025, 0, 11, 1);
        List<List<String>> c = corpus(2, 500);
        assertArrayEquals(Word2VecTrainer.train(c, s).vector("cat"), Word2VecTrainer.train(c, s).vector("cat"));
    }

    @Test
    void emptyCorpusAndBadSettingsAreBadInput() {
        Word2VecSettings s = Word2VecSettings.defaults(Architecture.CBOW);
        assertThrows(BadInputException.class, () -> Word2VecTrainer.train(List.of(List.of(), List.of()), s));
        assertThrows(BadInputException.class,
                () -> new Word2VecSettings(Architecture.CBOW, 100, 5, 5, 1, 0, false, 0.025, 0, 1, 1));
        assertThrows(BadInputException.class,
                () -> new Word2VecSettings(Architecture.CBOW, 0, 5, 5, 1, 5, false, 0.025, 0, 1, 1));
        assertEquals(512, Word2VecTrainer.batchSize(s));
    }
}
