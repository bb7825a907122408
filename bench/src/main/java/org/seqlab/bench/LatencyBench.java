package org.seqlab.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.ServiceLoader;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.common.bundle.LatencyProbe;
import org.seqlab.common.bundle.ModelBundle;
import org.seqlab.common.error.BadInputException;

/** Single-item prediction latency: the benchmark network's {@code output()}, or an app bundle's probe. */
final class LatencyBench {
    private LatencyBench() {
    }

    static double[] time(Runnable prediction, int warmup, int iters) {
        for (int i = 0; i < warmup; i++) {
            prediction.run();
        }
        double[] millis = new double[iters];
        for (int i = 0; i < iters; i++) {
            long start = System.nanoTime();
            prediction.run();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        return millis;
    }

    /** One whole sequence through the benchmark network, batch 1 (the path of issue 10168). */
    static Runnable networkOutput(MultiLayerNetwork net, BenchShape shape) {
        INDArray features = TrainingBench.languageModelBatch(1, shape.vocab(), shape.seq(), new Random(5)).getFeatures();
        return () -> net.output(features);
    }

    /** The prediction of the first registered probe that accepts the bundle at {@code path}. */
    static Prepared bundlePrediction(Path path) throws IOException {
        List<String> tasks = new ArrayList<>();
        String lastError = null;
        for (LatencyProbe probe : ServiceLoader.load(LatencyProbe.class)) {
            tasks.add(probe.task());
            ModelBundle bundle;
            try {
                bundle = ModelBundle.load(path, probe.task());
            } catch (BadInputException notThisTask) {
                lastError = notThisTask.getMessage();
                continue;
            }
            return new Prepared(probe.task() + ":" + path.getFileName(), probe.prepare(bundle));
        }
        throw new BadInputException("no latency probe accepts the model bundle at " + path
                + (tasks.isEmpty() ? " (no app has registered one in this build)"
                        : " (probes for: " + tasks + "; last error: " + lastError + ")"));
    }

    record Prepared(String name, Runnable prediction) {
    }
}
