package org.seqlab.textgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.common.train.BatchSource;

class TextStreamsTest {
    private static int[] tokens(int length) {
        Random random = new Random(3);
        int[] tokens = new int[length];
        for (int i = 0; i < length; i++) {
            tokens[i] = random.nextInt(5);
        }
        return tokens;
    }

    @Test
    void dataParallelBatchesAreTenConsecutiveWindowsEach() {
        // 4 streams of 250 steps: 25 windows of 10, so 3 data-parallel batches of 100, 100 and 50 steps
        TextStreams local = new TextStreams(tokens(1001), 4, 10, 5, true);
        BatchSource parallel = local.forDataParallel();
        assertEquals(25, local.batchesPerEpoch());
        assertEquals(3, parallel.batchesPerEpoch());
        assertEquals(local.tokensPerEpoch(), parallel.tokensPerEpoch());

        List<MultiDataSet> windows = new ArrayList<>();
        local.epoch(1).forEachRemaining(windows::add);
        Iterator<MultiDataSet> chunks = parallel.epoch(1);
        for (int chunk = 0; chunk < 3; chunk++) {
            List<MultiDataSet> inside = windows.subList(chunk * 10, Math.min(windows.size(), chunk * 10 + 10));
            MultiDataSet batch = chunks.next();
            assertEquals(concatenated(inside, true), batch.getFeatures(0), "features of chunk " + chunk);
            assertEquals(concatenated(inside, false), batch.getLabels(0), "labels of chunk " + chunk);
        }
        assertFalse(chunks.hasNext());
    }

    @Test
    void aStepLimitCountsWholeDataParallelBatches() {
        TextStreams local = new TextStreams(tokens(1001), 4, 10, 5, true, 12);
        int batches = 0;
        for (Iterator<MultiDataSet> it = local.forDataParallel().epoch(1); it.hasNext(); it.next()) {
            batches++;
        }
        assertEquals(2, batches, "12 windows round up to 2 batches of 10");
    }

    private static INDArray concatenated(List<MultiDataSet> windows, boolean features) {
        INDArray[] parts = windows.stream().map(w -> features ? w.getFeatures(0) : w.getLabels(0)).toArray(INDArray[]::new);
        return Nd4j.concat(2, parts);
    }
}
