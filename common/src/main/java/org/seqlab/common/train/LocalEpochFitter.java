package org.seqlab.common.train;

import java.util.Iterator;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.seqlab.common.progress.Progress;

/** Fits an epoch in this JVM, one mini-batch at a time. */
public final class LocalEpochFitter implements EpochFitter {
    @Override
    public EpochStats fit(TrainableModel<?> model, BatchSource source, int epoch, Progress progress) {
        long start = System.nanoTime();
        double lossSum = 0;
        int batches = 0;
        long tokens = 0;
        double tokensPerBatch = source.tokensPerEpoch() / (double) Math.max(1, source.batchesPerEpoch());
        for (Iterator<MultiDataSet> it = source.epoch(epoch); it.hasNext(); ) {
            double loss = model.fit(it.next());
            if (!Double.isFinite(loss)) {
                throw new IllegalStateException("training diverged (loss " + loss + ") in epoch " + epoch
                        + "; lower --lr or set --clip-norm");
            }
            lossSum += loss;
            batches++;
            tokens = Math.round(batches * tokensPerBatch);
            double seconds = (System.nanoTime() - start) / 1e9;
            progress.step(1);
            progress.message(String.format("loss %.4f, %,.0f tok/s", lossSum / batches, tokens / Math.max(seconds, 1e-9)));
        }
        // tokens as counted: a time budget may end an epoch early
        return new EpochStats(lossSum / Math.max(1, batches), tokens, (System.nanoTime() - start) / 1e9);
    }
}
