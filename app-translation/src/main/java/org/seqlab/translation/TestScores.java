package org.seqlab.translation;

import java.util.ArrayList;
import java.util.List;
import org.seqlab.common.metrics.GenerationEvaluator;
import org.seqlab.datasets.TextPair;

/**
 * A model's translations of held-out pairs with one way of decoding, their scores and the decoding speed.
 *
 * @param translations the model's output, in the order of the pairs
 */
public record TestScores(Decoding decoding, GenerationEvaluator.Scores scores, List<String> translations,
                         double seconds) {
    public TestScores {
        translations = List.copyOf(translations);
    }

    public static TestScores of(TranslationModel model, List<TextPair> pairs) {
        GenerationEvaluator evaluator = new GenerationEvaluator();
        List<String> out = new ArrayList<>(pairs.size());
        long start = System.nanoTime();
        for (TextPair p : pairs) {
            String translation = model.translate(p.source()).text();
            out.add(translation);
            evaluator.add(p.target(), translation);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new TestScores(model.decoding(), evaluator.result(), out, seconds);
    }

    public double sentencesPerSecond() {
        return translations.size() / Math.max(seconds, 1e-9);
    }
}
