package org.seqlab.captioning;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Captions without a decoder, on the same split: the caption of the nearest training image (by raw pixels or
 * by the trained CNN's image feature), and one fixed caption of the most frequent training words.
 */
final class Baselines {
    private Baselines() {
    }

    /** For every query row, the index of the nearest reference row by Euclidean distance. */
    static int[] nearest(INDArray references, INDArray queries) {
        // |q - r|^2 = |q|^2 - 2 q.r + |r|^2; |q|^2 is the same for every r of a query
        INDArray referenceNorms = references.mul(references).sum(1).reshape(1, references.size(0));
        INDArray scores = queries.mmul(references.transpose()).muli(-2).addiRowVector(referenceNorms);
        INDArray best = Nd4j.argMin(scores, 1);
        int[] out = new int[(int) queries.size(0)];
        for (int i = 0; i < out.length; i++) {
            out[i] = best.getInt(i);
        }
        return out;
    }

    static INDArray rows(List<float[]> vectors) {
        INDArray out = Nd4j.create(DataType.FLOAT, vectors.size(), vectors.get(0).length);
        for (int i = 0; i < vectors.size(); i++) {
            out.putRow(i, Nd4j.createFromArray(vectors.get(i)));
        }
        return out;
    }

    /** The first reference of the nearest training image of every query. */
    static List<List<String>> neighbourCaptions(List<CaptionExample> train, int[] nearest) {
        List<List<String>> out = new ArrayList<>(nearest.length);
        for (int index : nearest) {
            out.add(CaptionText.tokens(train.get(index).references().get(0)));
        }
        return out;
    }

    /**
     * The median caption length's worth of the most frequent training words, in the order they tend to
     * take in a caption (mean relative position): the best fixed caption by unigram counts.
     */
    static List<String> frequentWords(List<CaptionExample> train) {
        Map<String, Integer> counts = new HashMap<>();
        Map<String, Double> positions = new HashMap<>();
        List<Integer> lengths = new ArrayList<>();
        for (CaptionExample e : train) {
            for (List<String> tokens : e.referenceTokens()) {
                lengths.add(tokens.size());
                for (int i = 0; i < tokens.size(); i++) {
                    counts.merge(tokens.get(i), 1, Integer::sum);
                    positions.merge(tokens.get(i), i / (double) Math.max(1, tokens.size() - 1), Double::sum);
                }
            }
        }
        lengths.sort(Integer::compare);
        int length = Math.max(1, lengths.get(lengths.size() / 2));
        List<String> words = new ArrayList<>(counts.keySet());
        words.sort(Comparator.comparing((String w) -> -counts.get(w)).thenComparing(w -> w));
        List<String> top = new ArrayList<>(words.subList(0, Math.min(length, words.size())));
        top.sort(Comparator.comparingDouble(w -> positions.get(w) / counts.get(w)));
        return top;
    }
}
