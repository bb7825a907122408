package org.seqlab.translation;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.common.text.Vocabulary;

/**
 * Teacher-forced mini-batches: source ids, previous target ids (start token + target), and label ids (target +
 * end token) for the sparse cross-entropy, each padded to the batch's longest sequence with masks marking the real
 * steps. Ids, not one-hot rows: a batch of 64 pairs of 100 steps over 4,400 subwords would be 112 MB of labels.
 */
public final class Batches {
    private Batches() {
    }

    public static MultiDataSet of(List<Example> examples) {
        int n = examples.size();
        int ts = examples.stream().mapToInt(e -> e.source().length).max().orElseThrow();
        int tt = examples.stream().mapToInt(Example::targetSteps).max().orElseThrow();
        float[] src = new float[n * ts];
        float[] srcMask = new float[n * ts];
        float[] tgt = new float[n * tt];
        float[] tgtMask = new float[n * tt];
        float[] labels = new float[n * tt];
        for (int b = 0; b < n; b++) {
            Example e = examples.get(b);
            for (int t = 0; t < e.source().length; t++) {
                src[b * ts + t] = e.source()[t];
                srcMask[b * ts + t] = 1;
            }
            for (int t = 0; t < e.targetSteps(); t++) {
                tgt[b * tt + t] = t == 0 ? Vocabulary.BOS_ID : e.target()[t - 1];
                tgtMask[b * tt + t] = 1;
                int label = t < e.target().length ? e.target()[t] : Vocabulary.EOS_ID;
                labels[b * tt + t] = label;
            }
        }
        INDArray targetMask = Nd4j.create(tgtMask, new long[] {n, tt});
        return new MultiDataSet(
                new INDArray[] {Nd4j.create(src, new long[] {n, 1, ts}), Nd4j.create(tgt, new long[] {n, 1, tt})},
                new INDArray[] {Nd4j.create(labels, new long[] {n, 1, tt})},
                new INDArray[] {Nd4j.create(srcMask, new long[] {n, ts}), targetMask},
                new INDArray[] {targetMask});
    }
}
