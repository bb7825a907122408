package org.seqlab.common.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class ClassificationMetricsTest {
    private static final double EPS = 1e-12;

    @Test
    void threeClassFiguresMatchHandCount() {
        // confusion [gold][pred] = [[3,1,0],[0,1,1],[1,0,3]]
        int[] gold = {0, 0, 0, 1, 1, 2, 2, 2, 2, 0};
        int[] pred = {0, 1, 0, 1, 2, 2, 2, 0, 2, 0};
        ClassificationMetrics m = ClassificationMetrics.of(List.of("a", "b", "c"), gold, pred, null);
        assertEquals(10, m.total());
        assertEquals(0.7, m.accuracy(), EPS);
        assertArrayEquals(new long[] {3, 1, 0}, m.confusion()[0]);
        assertArrayEquals(new long[] {0, 1, 1}, m.confusion()[1]);
        assertArrayEquals(new long[] {1, 0, 3}, m.confusion()[2]);
        assertEquals(0.75, m.perClass().get(0).precision(), EPS);
        assertEquals(0.5, m.perClass().get(1).recall(), EPS);
        assertEquals(0.75, m.perClass().get(2).f1(), EPS);
        assertEquals(4, m.perClass().get(2).support());
        assertEquals(2.0 / 3, m.macroF1(), EPS);
        assertTrue(m.rocAuc().isEmpty());

        Map<String, Double> flat = m.flat();
        assertEquals(0.7, flat.get("accuracy"), EPS);
        assertEquals(2.0 / 3, flat.get("macro_f1"), EPS);
        assertEquals(0.5, flat.get("precision_b"), EPS);
        assertFalse(flat.containsKey("roc_auc"));
    }

    @Test
    void unpredictedClassGetsZeroPrecisionAndF1() {
        ClassificationMetrics m = ClassificationMetrics.of(List.of("x", "y"), new int[] {0, 1, 1}, new int[] {0, 0, 0}, null);
        assertEquals(0, m.perClass().get(1).precision(), EPS);
        assertEquals(0, m.perClass().get(1).f1(), EPS);
        // x: precision 1/3, recall 1 -> F1 0.5; macro (0.5 + 0) / 2
        assertEquals(0.25, m.macroF1(), EPS);
    }

    @Test
    void rocAucCountsTiesAsHalf() {
        // positive/negative pairs: (.9,.8)=1 (.9,.3)=1 (.8,.8)=.5 (.8,.3)=1 (.1,.8)=0 (.1,.3)=0 -> 3.5/6
        double auc = RocAuc.binary(new double[] {0.9, 0.8, 0.8, 0.3, 0.1}, new boolean[] {true, true, false, false, true});
        assertEquals(3.5 / 6, auc, EPS);
        assertEquals(0.5, RocAuc.binary(new double[] {0.4, 0.4, 0.4}, new boolean[] {true, false, true}), EPS);
        assertEquals(1.0, RocAuc.binary(new double[] {0.1, 0.7}, new boolean[] {false, true}), EPS);
        assertThrows(IllegalArgumentException.class, () -> RocAuc.binary(new double[] {0.1, 0.7}, new boolean[] {true, true}));
    }

    @Test
    void rocAucAgreesWithPairCountingOnRandomTiedScores() {
        Random random = new Random(7);
        for (int trial = 0; trial < 20; trial++) {
            int n = 5 + random.nextInt(60);
            double[] scores = new double[n];
            boolean[] positive = new boolean[n];
            for (int i = 0; i < n; i++) {
                scores[i] = random.nextInt(6) / 5.0; // few distinct values -> many ties
                positive[i] = i < 2 ? i == 0 : random.nextBoolean();
            }
            double wins = 0;
            long pairs = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (positive[i] && !positive[j]) {
                        pairs++;
                        wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                    }
                }
            }
            assertEquals(wins / pairs, RocAuc.binary(scores, positive), 1e-12);
        }
    }

    @Test
    void evaluatorReadsMaskedTimeSeriesOutputs() {
        // [batch=1, classes=2, time=3]; the last step is padding and must be ignored
        var labels = Nd4j.create(new double[][][] {{{1, 0, 0}, {0, 1, 1}}});
        var output = Nd4j.create(new double[][][] {{{0.8, 0.6, 0.1}, {0.2, 0.4, 0.9}}});
        var mask = Nd4j.create(new double[][] {{1, 1, 0}});
        ClassificationEvaluator ev = new ClassificationEvaluator(List.of("neg", "pos"));
        ev.add(labels, output, mask);
        ClassificationMetrics m = ev.result();
        assertEquals(2, m.total());
        assertEquals(0.5, m.accuracy(), EPS);
        // positive scored 0.4 against negative 0.2
        assertEquals(1.0, m.rocAuc().orElseThrow(), EPS);
        assertEquals(1.0, m.flat().get("roc_auc"), EPS);
    }

    @Test
    void evaluatorDropsRocAucWhenAnItemHasNoScore() {
        ClassificationEvaluator ev = new ClassificationEvaluator(List.of("neg", "pos"));
        ev.add(0, new double[] {0.7, 0.3});
        ev.add(1, 1);
        assertTrue(ev.result().rocAuc().isEmpty());
        assertEquals(1.0, ev.result().accuracy(), EPS);
        assertThrows(IllegalArgumentException.class, () -> ev.add(2, 0));
    }
}
