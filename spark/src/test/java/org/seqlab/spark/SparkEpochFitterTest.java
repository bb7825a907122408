package org.seqlab.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.seqlab.common.testing.TinyTask;

class SparkEpochFitterTest {
    @Test
    void aShortBatchEndsItsRoundSoThatNoWorkerMergesIt() {
        List<MultiDataSet> round = new ArrayList<>(List.of(batch(4), batch(3), batch(4), batch(4)));
        SparkEpochFitter.lastIfSmaller(round, 4);
        assertEquals(List.of(4L, 4L, 4L, 3L), round.stream().map(b -> b.getFeatures(0).size(0)).toList());
    }

    private static MultiDataSet batch(int size) {
        return TinyTask.batch(TinyTask.sequences(size, size));
    }
}
