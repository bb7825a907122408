package org.seqlab.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times training steps (forward, backward, Adam update) on one random one-hot batch, the way the
 * PyTorch reference does: the same batch every step, so data loading is not part of the number.
 */
public final class TrainingBench {
    private TrainingBench() {
    }

    /**
     * Wall-clock and process CPU milliseconds of the measured iterations, and the off-heap peak. CPU time
     * is the load-independent view: on a busy machine wall time includes waiting for a core.
     */
    public record Result(double[] stepMillis, double[] cpuMillis, long offHeapPeakBytes) {
    }

    public static Result run(MultiLayerNetwork net, BenchShape shape, int warmup, int iters, long seed) {
        DataSet batch = languageModelBatch(shape.batch(), shape.vocab(), shape.seq(), new Random(seed));
        Memory memory = Memory.track(net);
        for (int i = 0; i < warmup; i++) {
            net.fit(batch);
            memory.sample();
        }
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double[] millis = new double[iters];
        double[] cpuMillis = new double[iters];
        for (int i = 0; i < iters; i++) {
            long start = System.nanoTime();
            long cpuStart = os.getProcessCpuTime();
            net.fit(batch);
            millis[i] = (System.nanoTime() - start) / 1e6;
            cpuMillis[i] = (os.getProcessCpuTime() - cpuStart) / 1e6;
            memory.sample();
        }
        return new Result(millis, cpuMillis, memory.offHeapPeak());
    }

    /** Random token ids as one-hot NCW input {@code [batch, vocab, seq]}; the target is the next token. */
    static DataSet languageModelBatch(int batch, int vocab, int seq, Random random) {
        INDArray features = Nd4j.zeros(DataType.FLOAT, batch, vocab, seq);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, batch, vocab, seq);
        for (int b = 0; b < batch; b++) {
            int[] ids = new int[seq];
            for (int t = 0; t < seq; t++) {
                ids[t] = random.nextInt(vocab);
            }
            for (int t = 0; t < seq; t++) {
                features.putScalar(new long[] {b, ids[t], t}, 1f);
                labels.putScalar(new long[] {b, ids[(t + 1) % seq], t}, 1f);
            }
        }
        return new DataSet(features, labels);
    }
}
