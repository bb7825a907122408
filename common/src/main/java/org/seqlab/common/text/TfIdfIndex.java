package org.seqlab.common.text;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/** Ranks documents by the cosine similarity of their TF-IDF vectors to a query's. */
public final class TfIdfIndex {
    /** A ranked document: its position in the indexed corpus and its cosine score. */
    public record Hit(int document, double score) {
    }

    private final TfIdf model;
    private final List<TermVector> vectors;

    private TfIdfIndex(TfIdf model, List<TermVector> vectors) {
        this.model = model;
        this.vectors = vectors;
    }

    /** Fits IDF on {@code corpus} and indexes every document of it. */
    public static TfIdfIndex build(List<? extends List<String>> corpus, TfIdf.Tf tf) {
        TfIdf model = TfIdf.fit(corpus, tf);
        List<TermVector> vectors = new ArrayList<>(corpus.size());
        for (List<String> doc : corpus) {
            vectors.add(model.vector(doc));
        }
        return new TfIdfIndex(model, vectors);
    }

    public TfIdf model() {
        return model;
    }

    /**
     * The {@code k} documents most similar to {@code query}, best first; equal scores rank the earlier
     * document first. Documents with score 0 (no shared term) are not returned.
     */
    public List<Hit> search(List<String> query, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        TermVector q = model.vector(query);
        Comparator<Hit> best = Comparator.comparingDouble(Hit::score).reversed().thenComparingInt(Hit::document);
        // a bounded heap whose head is the worst of the current top k
        PriorityQueue<Hit> top = new PriorityQueue<>(best.reversed());
        for (int d = 0; d < vectors.size(); d++) {
            double score = q.cosine(vectors.get(d));
            if (score <= 0) {
                continue;
            }
            top.add(new Hit(d, score));
            if (top.size() > k) {
                top.poll();
            }
        }
        List<Hit> out = new ArrayList<>(top);
        out.sort(best);
        return out;
    }
}
