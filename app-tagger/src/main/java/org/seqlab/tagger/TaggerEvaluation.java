package org.seqlab.tagger;

import java.util.List;
import java.util.function.Function;
import org.seqlab.common.metrics.SequenceLabellingEvaluator;
import org.seqlab.common.metrics.SequenceLabellingMetrics;
import org.seqlab.datasets.TaggedSentence;

/** Scores a tagger (the model, a baseline) on tagged sentences, with words unseen in training flagged. */
public final class TaggerEvaluation {
    private TaggerEvaluation() {
    }

    /** @param predictions one tag list per sentence, in the sentences' order */
    public static SequenceLabellingMetrics score(List<TaggedSentence> gold, List<List<String>> predictions,
                                                 List<String> tags, Function<String, Boolean> seenInTraining) {
        SequenceLabellingEvaluator evaluator = new SequenceLabellingEvaluator(tags);
        for (int i = 0; i < gold.size(); i++) {
            TaggedSentence s = gold.get(i);
            boolean[] unseen = new boolean[s.words().size()];
            for (int t = 0; t < unseen.length; t++) {
                unseen[t] = !seenInTraining.apply(s.words().get(t));
            }
            evaluator.add(s.tags(), predictions.get(i), null, unseen);
        }
        return evaluator.result();
    }

    /** The model's tags for every sentence, batched. */
    public static List<List<String>> tag(TaggerModel model, List<TaggedSentence> sentences, int batch) {
        return model.tagAll(sentences.stream().map(TaggedSentence::words).toList(), batch).stream()
                .map(Tagging::tags).toList();
    }

    public static SequenceLabellingMetrics score(TaggerModel model, List<TaggedSentence> sentences, int batch) {
        return score(sentences, tag(model, sentences, batch), model.encoder().tags(), model.encoder()::seenInTraining);
    }
}
