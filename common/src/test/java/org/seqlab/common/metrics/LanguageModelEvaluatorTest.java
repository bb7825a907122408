package org.seqlab.common.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LanguageModelEvaluatorTest {
    @Test
    void natsBitsPerplexityAndPerClassLoss() {
        LanguageModelEvaluator evaluator = new LanguageModelEvaluator("char");
        evaluator.add("letter", 0.5);
        evaluator.add("letter", 0.25);
        evaluator.add("space", 1.0);
        evaluator.add(null, 0.125);
        LanguageModelEvaluator.Metrics m = evaluator.result();
        double nats = (Math.log(2) + Math.log(4) + 0 + Math.log(8)) / 4;
        assertEquals(nats, m.natsPerToken(), 1e-12);
        assertEquals(1.5, m.bitsPerToken(), 1e-12, "(1 + 2 + 0 + 3) bits over 4 characters");
        assertEquals(Math.pow(2, 1.5), m.perplexity(), 1e-9);
        Map<String, Double> flat = m.flat();
        assertEquals(1.5, flat.get("bits_per_char"), 1e-12);
        assertEquals(nats, flat.get("loss"), 1e-12);
        assertEquals(1.5 * Math.log(2), flat.get("loss_letter"), 1e-12);
        assertEquals(0.0, flat.get("loss_space"), 1e-12);
        assertEquals(2, m.byClass().get("letter").tokens());
        assertEquals(4.0, flat.get("tokens"));
    }

    @Test
    void rejectsImpossibleInputs() {
        LanguageModelEvaluator evaluator = new LanguageModelEvaluator("word");
        assertThrows(IllegalArgumentException.class, () -> evaluator.add("x", 1.5));
        assertThrows(IllegalArgumentException.class, () -> evaluator.addNats("x", Double.NaN));
        assertThrows(IllegalStateException.class, evaluator::result);
        assertThrows(IllegalArgumentException.class, () -> new LanguageModelEvaluator("Bits per char"));
    }
}
