package org.seqlab.common.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scores generated text against references (translation, captions): corpus BLEU as {@link Bleu} computes
 * it (sacreBLEU's rules, exponential smoothing) on tokens {@code \w+|[^\w\s]}, the same BLEU on lower-cased
 * text ({@code bleu_lowercase}, what sacreBLEU's {@code --lowercase} and the usual PyTorch tutorials report),
 * and corpus chrF on the untokenised text.
 */
public final class GenerationEvaluator implements Evaluator<String, String, GenerationEvaluator.Scores> {
    private static final Pattern TOKEN = Pattern.compile("\\w+|[^\\w\\s]", Pattern.UNICODE_CHARACTER_CLASS);

    private final List<String> references = new ArrayList<>();
    private final List<String> hypotheses = new ArrayList<>();

    /** The scores of a corpus. */
    public record Scores(Bleu.Score bleu, Bleu.Score bleuLowercase, double chrf, int sentences) implements MetricSet {
        /** {@code bleu}, {@code bleu1}..{@code bleu4}, {@code bleu_bp}, {@code bleu_lowercase}, {@code chrf}, {@code sentences}. */
        @Override
        public Map<String, Double> flat() {
            Map<String, Double> out = new LinkedHashMap<>(bleu.flat());
            out.put("bleu_lowercase", bleuLowercase.bleu());
            out.put("chrf", chrf);
            out.put("sentences", (double) sentences);
            return out;
        }
    }

    /** Tokens for BLEU: runs of word characters and single other non-space characters. */
    public static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    @Override
    public void add(String reference, String hypothesis) {
        references.add(reference);
        hypotheses.add(hypothesis);
    }

    @Override
    public Scores result() {
        if (references.isEmpty()) {
            throw new IllegalStateException("no sentences to score");
        }
        Bleu.Score cased = Bleu.corpus(hypotheses.stream().map(GenerationEvaluator::tokens).toList(),
                references.stream().map(GenerationEvaluator::tokens).toList(), Bleu.Smoothing.EXP);
        Bleu.Score lower = Bleu.corpus(hypotheses.stream().map(h -> tokens(h.toLowerCase(Locale.ROOT))).toList(),
                references.stream().map(r -> tokens(r.toLowerCase(Locale.ROOT))).toList(), Bleu.Smoothing.EXP);
        return new Scores(cased, lower, ChrF.corpus(hypotheses, references), references.size());
    }
}
