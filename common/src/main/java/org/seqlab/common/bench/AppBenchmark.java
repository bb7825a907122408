package org.seqlab.common.bench;

import java.util.List;

/**
 * An application's training shape in {@code seqlab bench}: the app's default network, trained for a few
 * steps in a bench worker JVM (which fixes the thread count), beside a PyTorch reference of the same network
 * written in the project. Each app registers one in
 * {@code META-INF/services/org.seqlab.common.bench.AppBenchmark}.
 */
public interface AppBenchmark {
    /** The app's name in bench rows and options, e.g. {@code translation}. */
    String app();

    /** The shape in words, e.g. "emb 256, BiGRU 256 encoder, GRU 256 Bahdanau decoder, batch 64, 20+20 tokens". */
    String shape();

    /**
     * Builds the default network (random weights, synthetic batches of the real shape) and times
     * {@code iters} training steps after {@code warmup} untimed ones, in this JVM.
     */
    Measurement measure(int warmup, int iters) throws Exception;

    /**
     * The PyTorch reference: a script on the class path (e.g. {@code /peers/torch_translation.py}) that trains the
     * same network on the same shape with {@code --threads N --warmup N --iters N} and prints one JSON line
     * with {@code tokens_per_second} and {@code ms_per_step_median}.
     */
    String torchScript();

    /** Extra arguments for the reference script (the shape), if any. */
    default List<String> torchArguments() {
        return List.of();
    }

    /**
     * One timed run: target tokens per second (what the app counts as tokens: target subwords, characters,
     * tagged words, caption words), the median step time and the spread of step times.
     */
    record Measurement(double tokensPerSecond, double msPerStepMedian, double msPerStepP90) {
        /**
         * Runs {@code step} (given the step's number, to cycle through batches) {@code warmup} times untimed, then
         * {@code iters} times timed; tokens per second come from the median step, as the cell rows count them.
         */
        public static Measurement time(java.util.function.IntConsumer step, int warmup, int iters, double tokensPerStep) {
            for (int i = 0; i < warmup; i++) {
                step.accept(i);
            }
            double[] millis = new double[iters];
            for (int i = 0; i < iters; i++) {
                long start = System.nanoTime();
                step.accept(warmup + i);
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
            java.util.Arrays.sort(millis);
            double median = millis[iters / 2];
            double p90 = millis[Math.min(iters - 1, (int) Math.ceil(0.9 * iters) - 1)];
            return new Measurement(tokensPerStep * 1000 / median, median, p90);
        }
    }
}
