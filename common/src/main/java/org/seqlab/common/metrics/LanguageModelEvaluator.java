package org.seqlab.common.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores a language model: each predicted token comes with the probability the model gave it and, optionally,
 * the class of that token (letters, spaces, punctuation... for a character model), so that the loss can be
 * split by what was predicted. The reference is the token's class (null for none), the prediction its
 * probability.
 */
public final class LanguageModelEvaluator implements Evaluator<String, Double, LanguageModelEvaluator.Metrics> {
    private final String unit;
    private double nats;
    private long tokens;
    private final Map<String, double[]> byClass = new TreeMap<>();

    /** @param unit what a token is, for metric names: {@code char} gives {@code bits_per_char} */
    public LanguageModelEvaluator(String unit) {
        if (!unit.matches("[a-z]+")) {
            throw new IllegalArgumentException("unit must be a lower-case word, got " + unit);
        }
        this.unit = unit;
    }

    @Override
    public void add(String tokenClass, Double probability) {
        addNats(tokenClass, -Math.log(checked(probability)));
    }

    /** One token scored by its negative natural-log probability (what a softmax cross-entropy gives). */
    public void addNats(String tokenClass, double tokenNats) {
        if (!(tokenNats >= 0)) {
            throw new IllegalArgumentException("a token's loss must not be negative or NaN, got " + tokenNats);
        }
        nats += tokenNats;
        tokens++;
        if (tokenClass != null) {
            double[] sum = byClass.computeIfAbsent(tokenClass, k -> new double[2]);
            sum[0] += tokenNats;
            sum[1]++;
        }
    }

    private static double checked(Double probability) {
        if (probability == null || !(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be in [0, 1], got " + probability);
        }
        return probability;
    }

    @Override
    public Metrics result() {
        if (tokens == 0) {
            throw new IllegalStateException("no tokens scored");
        }
        Map<String, ClassLoss> classes = new LinkedHashMap<>();
        byClass.forEach((name, sum) -> classes.put(name, new ClassLoss((long) sum[1], sum[0] / sum[1])));
        return new Metrics(unit, tokens, nats / tokens, classes);
    }

    /** The mean loss of the tokens of one class and how many there were. */
    public record ClassLoss(long tokens, double natsPerToken) {
    }

    /**
     * Mean negative log-likelihood in nats per token, and what follows from it.
     *
     * @param byClass the same per token class, in the order of class names
     */
    public record Metrics(String unit, long tokens, double natsPerToken, Map<String, ClassLoss> byClass)
            implements MetricSet {
        public Metrics {
            byClass = Map.copyOf(byClass);
        }

        public double bitsPerToken() {
            return natsPerToken / Math.log(2);
        }

        public double perplexity() {
            return Math.exp(natsPerToken);
        }

        /**
         * {@code loss} (nats per token, what training minimises), {@code nats_per_<unit>},
         * {@code bits_per_<unit>}, {@code perplexity}, {@code tokens}, and {@code loss_<class>} per class.
         */
        @Override
        public Map<String, Double> flat() {
            Map<String, Double> out = new LinkedHashMap<>();
            out.put("loss", natsPerToken);
            out.put("nats_per_" + unit, natsPerToken);
            out.put("bits_per_" + unit, bitsPerToken());
            out.put("perplexity", perplexity());
            out.put("tokens", (double) tokens);
            new TreeMap<>(byClass).forEach((name, loss) -> out.put("loss_" + name, loss.natsPerToken()));
            return out;
        }
    }
}
