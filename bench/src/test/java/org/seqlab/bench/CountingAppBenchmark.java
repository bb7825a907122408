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
    public Measurement measure(int warmup, int iters) {
        return Measurement.time(i -> {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, warmup, iters, 100);
    }

    @Override
    public String torchScript() {
        return "/peers/torch_counting.py";
    }
}
