package org.seqlab.common.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.common.error.BadInputException;

class ParallelPredictionsTest {
    /** A worker that is not thread-safe on purpose: it fails if two threads ever use it at once. */
    static final class Worker implements Function<Integer, String> {
        final int id;
        final Set<String> threads;
        volatile boolean busy;
        int answered;

        Worker(int id, Set<String> threads) {
            this.id = id;
            this.threads = threads;
        }

        @Override
        public String apply(Integer input) {
            if (busy) {
                throw new IllegalStateException("worker " + id + " used by two threads");
            }
            busy = true;
            threads.add(Thread.currentThread().getName() + "/" + id);
            try {
                Thread.sleep(Math.abs(input) % 3);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            if (input < 0) {
                throw new BadInputException("negative: " + input);
            }
            answered++;
            busy = false;
            return "#" + input;
        }
    }

    @Test
    void workersRunWithOneBlasThreadAndTheSettingIsRestoredAfterwards() {
        Nd4j.factory().blas().setMaxThreads(2);
        Function<Integer, Integer> blasThreads = input -> Nd4j.factory().blas().getMaxThreads();
        assertEquals(List.of(1, 1, 1, 1), ParallelPredictions.map(List.of(1, 2, 3, 4), List.of(blasThreads, blasThreads)));
        assertEquals(2, Nd4j.factory().blas().getMaxThreads());
        assertEquals(List.of(2), ParallelPredictions.map(List.of(1), List.of(blasThreads, blasThreads)),
                "one input on the calling thread keeps every BLAS thread for itself");
    }

    @Test
    void answersKeepTheInputOrderAndEveryWorkerKeepsToOneThread() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<Worker> workers = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            workers.add(new Worker(k, threads));
        }
        List<Integer> inputs = IntStream.range(0, 200).boxed().toList();
        List<String> out = ParallelPredictions.map(inputs, workers);
        assertEquals(inputs.stream().map(i -> "#" + i).toList(), out);
        assertEquals(200, workers.stream().mapToInt(w -> w.answered).sum());
        assertTrue(workers.stream().allMatch(w -> w.answered > 0), "every worker took inputs");
        // each worker ran on exactly one thread, each on a different one
        assertEquals(3, threads.size(), threads.toString());
        assertEquals(3, threads.stream().map(t -> t.substring(0, t.indexOf('/'))).distinct().count(), threads.toString());
    }

    @Test
    void fewInputsUseFewWorkersAndTheFirstFailureIsRethrownAsItWas() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<Worker> workers = List.of(new Worker(0, threads), new Worker(1, threads));
        assertEquals(List.of("#4"), ParallelPredictions.map(List.of(4), workers));
        assertEquals(Set.of(Thread.currentThread().getName() + "/0"), threads, "one input runs on the caller");
        assertEquals(List.of(), ParallelPredictions.map(List.<Integer>of(), workers));

        List<Integer> inputs = new ArrayList<>(IntStream.range(0, 50).boxed().toList());
        inputs.set(20, -1);
        BadInputException e = assertThrows(BadInputException.class, () -> ParallelPredictions.map(inputs,
                List.of(new Worker(0, threads), new Worker(1, threads))));
        assertEquals("negative: -1", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ParallelPredictions.map(inputs, List.<Worker>of()));
    }
}
