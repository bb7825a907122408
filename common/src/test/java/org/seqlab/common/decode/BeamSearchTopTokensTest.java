package org.seqlab.common.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The beam's per-row preselection picks what a stable sort of the whole row would put first. */
class BeamSearchTopTokensTest {
    @Test
    void matchesAStableSortIncludingTiesAndSkipsImpossibleTokens() {
        Random random = new Random(3);
        for (int trial = 0; trial < 500; trial++) {
            float[] values = new float[1 + random.nextInt(40)];
            for (int i = 0; i < values.length; i++) {
                // few distinct values, so ties are common
                values[i] = random.nextInt(8) == 0 ? Float.NEGATIVE_INFINITY : -random.nextInt(6);
            }
            int k = 1 + random.nextInt(7);
            List<Integer> all = new ArrayList<>();
            for (int i = 0; i < values.length; i++) {
                if (values[i] != Float.NEGATIVE_INFINITY) {
                    all.add(i);
                }
            }
            all.sort(Comparator.comparingDouble((Integer i) -> values[i]).reversed());
            int[] expected = all.subList(0, Math.min(k, all.size())).stream().mapToInt(Integer::intValue).sorted().toArray();
            assertArrayEquals(expected, BeamSearch.topTokens(values, k), java.util.Arrays.toString(values) + " k " + k);
        }
    }
}
