package org.seqlab.common.text;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Term frequency × inverse document frequency, as the lecture defines it:
 * <ul>
 * <li>TF raw: the count of the term in the document; TF normalised: count / number of terms in the
 * document;</li>
 * <li>IDF(t) = 1 + ln(N / df(t)), N documents, df(t) of them containing t;</li>
 * <li>TF-IDF = TF × IDF.</li>
 * </ul>
 * Terms are whatever the caller passes: tokens, or n-grams from {@link NGrams}. A term never seen in the
 * fitted corpus has no IDF (df = 0) and is left out of the vectors: it cannot match any document.
 */
public final class TfIdf {
    /** Which TF variant to multiply by IDF. */
    public enum Tf { RAW, NORMALISED }

    private final Map<String, Integer> documentFrequency;
    private final int documents;
    private final Tf tf;

    private TfIdf(Map<String, Integer> documentFrequency, int documents, Tf tf) {
        this.documentFrequency = documentFrequency;
        this.documents = documents;
        this.tf = tf;
    }

    /** Counts document frequencies over {@code corpus}, one list of terms per document. */
    public static TfIdf fit(List<? extends List<String>> corpus, Tf tf) {
        Map<String, Integer> df = new HashMap<>();
        for (List<String> doc : corpus) {
            for (String term : new HashSet<>(doc)) {
                df.merge(term, 1, Integer::sum);
            }
        }
        return new TfIdf(df, corpus.size(), tf);
    }

    public int documents() {
        return documents;
    }

    public int documentFrequency(String term) {
        return documentFrequency.getOrDefault(term, 0);
    }

    /** 1 + ln(N / df); {@code NaN} for a term absent from the corpus. */
    public double idf(String term) {
        int df = documentFrequency(term);
        return df == 0 ? Double.NaN : 1 + Math.log((double) documents / df);
    }

    /** The term frequencies of one document, raw or normalised by its length. */
    public static TermVector tf(List<String> terms, Tf variant) {
        TermVector counts = TermVector.counts(terms);
        if (variant == Tf.RAW || terms.isEmpty()) {
            return counts;
        }
        Map<String, Double> normalised = new HashMap<>();
        counts.entries().forEach((t, c) -> normalised.put(t, c / terms.size()));
        return TermVector.of(normalised);
    }

    /** The TF-IDF vector of a document (or query); terms unknown to the corpus are dropped. */
    public TermVector vector(List<String> terms) {
        Map<String, Double> out = new HashMap<>();
        tf(terms, tf).entries().forEach((term, f) -> {
            double idf = idf(term);
            if (!Double.isNaN(idf)) {
                out.put(term, f * idf);
            }
        });
        return TermVector.of(out);
    }
}
