package org.seqlab.common.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** One-hot, padded indices with masks, bags of words, n-grams, TF, IDF, TF-IDF and cosine, checked by hand. */
class EncodingTest {
    private static final double EPS = 1e-12;

    @Test
    void indicesArePaddedAtTheEndAndMasked() {
        SequenceBatch b = SequenceEncoder.indices(List.of(new int[] {5, 6, 7}, new int[] {8}), 0);
        assertArrayEquals(new long[] {2, 3}, b.features().shape());
        assertEquals(DataType.FLOAT, b.features().dataType());
        assertArrayEquals(new float[] {5, 6, 7, 8, 0, 0}, b.features().data().asFloat());
        assertArrayEquals(new float[] {1, 1, 1, 1, 0, 0}, b.mask().data().asFloat());
    }

    @Test
    void indicesAreTruncatedToMaxLength() {
        SequenceBatch b = SequenceEncoder.indices(List.of(new int[] {5, 6, 7}, new int[] {8}), 2);
        assertArrayEquals(new float[] {5, 6, 8, 0}, b.features().data().asFloat());
        assertArrayEquals(new float[] {1, 1, 1, 0}, b.mask().data().asFloat());
    }

    @Test
    void oneHotUsesTheRecurrentLayout() {
        SequenceBatch b = SequenceEncoder.oneHot(List.of(new int[] {2, 0}, new int[] {1}), 3, 0);
        INDArray f = b.features();
        assertArrayEquals(new long[] {2, 3, 2}, f.shape());
        assertEquals(1f, f.getFloat(0, 2, 0));
        assertEquals(1f, f.getFloat(0, 0, 1));
        assertEquals(1f, f.getFloat(1, 1, 0));
        assertEquals(0f, f.getFloat(1, 0, 1) + f.getFloat(1, 1, 1) + f.getFloat(1, 2, 1));
        assertEquals(3f, f.sumNumber().floatValue());
        assertArrayEquals(new float[] {1, 1, 1, 0}, b.mask().data().asFloat());
        assertArrayEquals(new float[] {0, 0, 1, 0}, SequenceEncoder.oneHot(2, 4).data().asFloat());
        assertThrows(IndexOutOfBoundsException.class, () -> SequenceEncoder.oneHot(4, 4));
    }

    @Test
    void ngramsUpToK() {
        List<String> t = List.of("new", "york", "new", "york", "times");
        assertEquals(List.of("new york", "york new", "new york", "york times"), NGrams.of(t, 2, 2));
        TermVector bag = NGrams.counts(t, 3);
        assertEquals(2.0, bag.get("new"));
        assertEquals(1.0, bag.get("times"));
        assertEquals(2.0, bag.get("new york"));
        assertEquals(1.0, bag.get("york new york"));
        // 5 unigrams + 4 bigrams + 3 trigrams
        assertEquals(12.0, bag.sum());
        assertEquals(t.size(), NGrams.of(t, 1, 1).size());
        assertEquals(List.of(), NGrams.of(List.of("a"), 2, 3));
    }

    @Test
    void termFrequencyRawAndNormalised() {
        List<String> doc = List.of("a", "b", "a", "c");
        assertEquals(Map.of("a", 2.0, "b", 1.0, "c", 1.0), TfIdf.tf(doc, TfIdf.Tf.RAW).entries());
        assertEquals(Map.of("a", 0.5, "b", 0.25, "c", 0.25), TfIdf.tf(doc, TfIdf.Tf.NORMALISED).entries());
    }

    @Test
    void idfAndTfIdfMatchTheLectureFormula() {
        List<List<String>> corpus = List.of(
                List.of("the", "cat", "sat"),
                List.of("the", "dog", "sat", "sat"),
                List.of("the", "bird"));
        TfIdf raw = TfIdf.fit(corpus, TfIdf.Tf.RAW);
        // N = 3; df(the) = 3, df(sat) = 2, df(cat) = 1
        assertEquals(1.0, raw.idf("the"), EPS);
        assertEquals(1 + Math.log(3.0 / 2), raw.idf("sat"), EPS);
        assertEquals(1 + Math.log(3.0), raw.idf("cat"), EPS);
        assertEquals(Double.NaN, raw.idf("fish"));

        TermVector doc2 = raw.vector(corpus.get(1));
        assertEquals(2 * (1 + Math.log(1.5)), doc2.get("sat"), EPS);
        assertEquals(1 + Math.log(3.0), doc2.get("dog"), EPS);
        assertEquals(1.0, doc2.get("the"), EPS);

        TermVector norm = TfIdf.fit(corpus, TfIdf.Tf.NORMALISED).vector(corpus.get(1));
        assertEquals(0.5 * (1 + Math.log(1.5)), norm.get("sat"), EPS);
        assertEquals(0.0, raw.vector(List.of("fish")).norm());
    }

    @Test
    void cosineOfSparseAndDenseVectors() {
        TermVector a = TermVector.of(Map.of("x", 1.0, "y", 2.0));
        TermVector b = TermVector.of(Map.of("y", 3.0, "z", 4.0));
        // a·b = 6, |a| = sqrt 5, |b| = 5
        assertEquals(6 / (Math.sqrt(5) * 5), a.cosine(b), EPS);
        assertEquals(a.cosine(b), b.cosine(a), EPS);
        assertEquals(1.0, a.cosine(a), EPS);
        assertEquals(0.0, a.cosine(TermVector.of(Map.of())));
        assertEquals(6 / (Math.sqrt(5) * 5), Similarity.cosine(new float[] {1, 2, 0}, new float[] {0, 3, 4}), 1e-6);
        assertEquals(0.0, Similarity.cosine(new float[] {0, 0}, new float[] {1, 1}));
    }

    @Test
    void tfIdfSearchRanksBySimilarityWithDeterministicTies() {
        List<List<String>> corpus = List.of(
                List.of("cats", "purr"),
                List.of("dogs", "bark", "loudly"),
                List.of("cats", "purr"),
                List.of("cats", "and", "dogs"));
        TfIdfIndex index = TfIdfIndex.build(corpus, TfIdf.Tf.RAW);
        List<TfIdfIndex.Hit> hits = index.search(List.of("cats", "purr"), 3);
        assertEquals(List.of(0, 2, 3), hits.stream().map(TfIdfIndex.Hit::document).toList());
        assertEquals(1.0, hits.get(0).score(), 1e-9);
        // doc 3 shares only "cats": cosine = idf(cats)^2 / (|q| |d3|), idf(cats) = 1 + ln(4/3)
        double cats = 1 + Math.log(4.0 / 3);
        double purr = 1 + Math.log(2.0);
        double d3 = Math.sqrt(cats * cats + Math.pow(1 + Math.log(4.0), 2) + Math.pow(1 + Math.log(2.0), 2));
        assertEquals(cats * cats / (Math.hypot(cats, purr) * d3), hits.get(2).score(), 1e-9);
        assertEquals(List.of(), index.search(List.of("fish"), 3));
    }

    @Test
    @Timeout(30)
    void fiftyThousandTermVocabularyStaysSparse() {
        // 3,000 documents of 40 words drawn from 50,000 distinct words; document d also holds "key<d>"
        java.util.Random random = new java.util.Random(5);
        List<List<String>> corpus = new java.util.ArrayList<>();
        for (int d = 0; d < 3000; d++) {
            List<String> doc = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                doc.add("w" + random.nextInt(50_000));
            }
            doc.add("key" + d);
            corpus.add(doc);
        }
        Vocabulary vocab = Vocabulary.build(corpus, 1, 0);
        assertTrue(vocab.size() > 40_000, "vocabulary of " + vocab.size());
        TfIdfIndex index = TfIdfIndex.build(corpus, TfIdf.Tf.NORMALISED);
        assertEquals(1234, index.search(List.of("key1234"), 1).get(0).document());
        // a document vector stores its own distinct terms only, not one entry per vocabulary word
        assertTrue(index.model().vector(corpus.get(7)).size() <= 41);
    }
}
