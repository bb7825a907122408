package org.seqlab.common.app;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Answers a batch of inputs one at a time on several workers, each a copy of a stateful predictor on its own thread:
 * how a decoder that keeps recurrent state in its network (a translator's beam search over one source) uses more
 * than one core, since one small decoding step leaves ND4J's threads little to split. Workers take the next input
 * as they finish one, so long and short inputs balance out; the answers keep the inputs' order.
 */
public final class ParallelPredictions {
    private ParallelPredictions() {
    }

    /** Worker threads when the user does not say: one per core the JVM may use. */
    public static int defaultWorkers() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Applies {@code workers.get(k)} on thread k to inputs taken in turn; the calling thread is worker 0. The first
     * exception a worker throws stops the others from taking more inputs and is rethrown here as it was.
     */
    public static <I, O> List<O> map(List<I> inputs, List<? extends Function<I, O>> workers) {
        if (workers.isEmpty()) {
            throw new IllegalArgumentException("no workers");
        }
        int used = Math.min(workers.size(), inputs.size());
        if (used <= 1) {
            List<O> out = new ArrayList<>(inputs.size());
            inputs.forEach(input -> out.add(workers.get(0).apply(input)));
            return out;
        }
        try (OneBlasThread ignored = OneBlasThread.start()) {
            return mapOnThreads(inputs, workers, used);
        }
    }

    private static <I, O> List<O> mapOnThreads(List<I> inputs, List<? extends Function<I, O>> workers, int used) {
        Object[] answers = new Object[inputs.size()];
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>(used - 1);
        for (int k = 1; k < used; k++) {
            Function<I, O> worker = workers.get(k);
            Thread t = new Thread(() -> work(inputs, worker, answers, next, failure), "seqlab-predict-" + k);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        work(inputs, workers.get(0), answers, next, failure);
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the prediction workers", e);
            }
        }
        Throwable thrown = failure.get();
        if (thrown instanceof RuntimeException e) {
            throw e;
        }
        if (thrown instanceof Error e) {
            throw e;
        }
        @SuppressWarnings("unchecked")
        List<O> out = (List<O>) Arrays.asList(answers);
        return out;
    }

    private static <I, O> void work(List<I> inputs, Function<I, O> worker, Object[] answers, AtomicInteger next,
                                    AtomicReference<Throwable> failure) {
        try {
            for (int i = next.getAndIncrement(); i < inputs.size() && failure.get() == null; i = next.getAndIncrement()) {
                answers[i] = worker.apply(inputs.get(i));
            }
        } catch (RuntimeException | Error e) {
            failure.compareAndSet(null, e);
        }
    }
}
