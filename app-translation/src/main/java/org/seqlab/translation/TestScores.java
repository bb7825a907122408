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
        List<Translation> translations = model.predict(pairs.stream().map(TextPair::source).toList());
        double seconds = (System.nanoTime() - start) / 1e9;
        for (int i = 0; i < pairs.size(); i++) {
            out.add(translations.get(i).text());
            evaluator.add(pairs.get(i).target(), translations.get(i).text());
        }
        return new TestScores(model.decoding(), evaluator.result(), out, seconds);
    }

    public double sentencesPerSecond() {
        return translations.size() / Math.max(seconds, 1e-9);
    }
}
