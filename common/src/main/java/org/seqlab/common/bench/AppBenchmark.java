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
    }
}
