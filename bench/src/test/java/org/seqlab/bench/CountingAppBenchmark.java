package org.seqlab.bench;

import org.seqlab.common.bench.AppBenchmark;

/** A stand-in app for the bench tests: "trains" by sleeping a millisecond a step, 100 tokens a step. */
public final class CountingAppBenchmark implements AppBenchmark {
    @Override
    public String app() {
        return "counting";
    }

    @Override
    public String shape() {
        return "100 tokens a step, 1 ms";
    }

    @Override
    public Measurement measure(int warmup, int iters) throws Exception {
        double[] millis = new double[iters];
        for (int i = 0; i < warmup + iters; i++) {
            long start = System.nanoTime();
            Thread.sleep(1);
            if (i >= warmup) {
                millis[i - warmup] = (System.nanoTime() - start) / 1e6;
            }
        }
        Stats stats = Stats.of(millis);
        return new Measurement(100 * 1000.0 / stats.median(), stats.median(), stats.max());
    }

    @Override
    public String torchScript() {
        return "/peers/torch_counting.py";
    }
}
