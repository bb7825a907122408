package org.seqlab.common.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SequenceLabellingEvaluatorTest {
    private static final double EPS = 1e-12;

    @Test
    void spansFollowConllevalIncludingSpansThatStartWithI() {
        assertEquals(List.of(new Spans.Span("PER", 0, 2), new Spans.Span("LOC", 3, 5), new Spans.Span("ORG", 6, 8)),
                Spans.of(List.of("B-PER", "I-PER", "O", "B-LOC", "I-LOC", "O", "I-ORG", "I-ORG")));
        assertEquals(List.of(new Spans.Span("PER", 0, 1), new Spans.Span("LOC", 1, 2)), Spans.of(List.of("B-PER", "I-LOC")),
                "an I- of another type opens a new span");
        assertEquals(List.of(new Spans.Span("LOC", 0, 1), new Spans.Span("LOC", 1, 2)), Spans.of(List.of("B-LOC", "B-LOC")));
        assertEquals(List.of(), Spans.of(List.of("O", "O")));
        assertTrue(Spans.isBio(List.of("O", "B-PER", "I-PER")));
        assertFalse(Spans.isBio(List.of("NOUN", "VERB")));
        assertFalse(Spans.isBio(List.of("O")), "all-O data has no spans to score");
    }

    @Test
    void handComputedTokenSpanAndUnseenFiguresWithPaddingLeftOut() {
        SequenceLabellingEvaluator e = new SequenceLabellingEvaluator(List.of("O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG"));
        // gold spans PER[0,2) LOC[3,5) ORG[6,8); predicted PER[0,2) LOC[3,4) LOC[4,5) ORG[6,8): 2 of 4 right
        e.add(List.of("B-PER", "I-PER", "O", "B-LOC", "I-LOC", "O", "I-ORG", "I-ORG"),
                List.of("B-PER", "I-PER", "O", "B-LOC", "B-LOC", "O", "B-ORG", "I-ORG"),
                null, new boolean[] {true, false, false, false, true, false, true, false});
        // the third position is padding: its wrong B-PER must count neither as a token nor as a span
        e.add(List.of("B-PER", "O", "O"), List.of("B-PER", "O", "B-PER"), new boolean[] {true, true, false}, null);
        SequenceLabellingMetrics m = e.result();
        assertEquals(10, m.tokens());
        assertEquals(0.8, m.tokenAccuracy(), EPS);
        assertEquals(3, m.unseenTokens());
        assertEquals(1.0 / 3, m.unseenAccuracy(), EPS);
        assertEquals(0.5, m.sentenceAccuracy(), EPS);
        assertEquals(4, m.spans().goldSpans());
        assertEquals(5, m.spans().predictedSpans());
        assertEquals(3, m.spans().correctSpans());
        assertEquals(0.6, m.spans().precision(), EPS);
        assertEquals(0.75, m.spans().recall(), EPS);
        assertEquals(2 * 0.6 * 0.75 / 1.35, m.spans().f1(), EPS);
        assertEquals(0.0, m.spans().perType().get("LOC").f1(), EPS);
        assertEquals(1.0, m.spans().perType().get("ORG").f1(), EPS, "B-ORG I-ORG matches the gold span I-ORG I-ORG");
        assertEquals(1.0, m.spans().perType().get("PER").precision(), EPS);
        assertEquals(List.of(new SequenceLabellingMetrics.TagError("I-LOC", "B-LOC", 1),
                new SequenceLabellingMetrics.TagError("I-ORG", "B-ORG", 1)), m.errors());
        ClassificationMetrics.PerClass bLoc = m.perTag().perClass().get(3);
        assertEquals("B-LOC", bLoc.label());
        assertEquals(0.5, bLoc.precision(), EPS);
        assertEquals(1.0, bLoc.recall(), EPS);
        assertEquals(0.8, m.flat().get("accuracy"), EPS);
        assertEquals(2 * 0.6 * 0.75 / 1.35, m.flat().get("span_f1"), EPS);
        assertEquals(0.0, m.flat().get("span_f1_LOC"), EPS);
    }

    @Test
    void partOfSpeechTagsHaveNoSpansAndUnknownGoldTagsJoinTheConfusionMatrix() {
        SequenceLabellingEvaluator e = new SequenceLabellingEvaluator(List.of("NOUN", "VERB"));
        e.add(List.of("NOUN", "VERB", "ADJ"), List.of("NOUN", "NOUN", "NOUN"));
        SequenceLabellingMetrics m = e.result();
        assertNull(m.spans());
        assertEquals(1.0 / 3, m.tokenAccuracy(), EPS);
        assertEquals(List.of("NOUN", "VERB", "ADJ"), m.perTag().labels());
        assertEquals(1, m.perTag().confusion()[2][0]);
        assertTrue(Double.isNaN(m.unseenAccuracy()));
        assertFalse(m.flat().containsKey("unseen_accuracy"));
        assertFalse(m.flat().containsKey("span_f1"));
    }

    @Test
    void lengthsMustAgree() {
        SequenceLabellingEvaluator e = new SequenceLabellingEvaluator(List.of("A"));
        assertThrows(IllegalArgumentException.class, () -> e.add(List.of("A"), List.of("A", "A")));
        assertThrows(IllegalArgumentException.class, () -> e.add(List.of("A"), List.of("A"), new boolean[2], null));
    }
}
