package org.seqlab.common.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class StepThreadsTest {

    @Test
    void sharesCoverTheBatchOncePerThreadAndSmallBatchesStayWhole() {
        assertEquals(List.of(new StepThreads.Rows(0, 32)), StepThreads.shares(32), "off: one share");
        assertTrue(StepThreads.enable(2));
        try {
            assertEquals(List.of(new StepThreads.Rows(0, 16), new StepThreads.Rows(16, 16)), StepThreads.shares(32));
            assertEquals(List.of(new StepThreads.Rows(0, 8), new StepThreads.Rows(8, 9)), StepThreads.shares(17));
            assertEquals(List.of(new StepThreads.Rows(0, 15)), StepThreads.shares(15), "fewer than 8 rows a share");
            assertEquals(1, Nd4j.factory().blas().getMaxThreads(), "OpenBLAS at one thread while the split is on");
        } finally {
            StepThreads.disable();
        }
    }

    @Test
    void aVanillaRnnLeavesOpenBlasItsThreads() {
        assertTrue(!StepThreads.enableFor(CellType.RNN));
        assertTrue(!StepThreads.enabled());
    }

    @Test
    void runsEveryPartOnTwoThreadsAndRethrowsAFailure() {
        assertTrue(StepThreads.enable(2));
        try {
            Set<Thread> threads = ConcurrentHashMap.newKeySet();
            // the first part waits until the second has started elsewhere: both must run at once
            java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
            StepThreads.run(List.of(() -> {
                threads.add(Thread.currentThread());
                try {
                    assertTrue(started.await(10, java.util.concurrent.TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, () -> {
                threads.add(Thread.currentThread());
                started.countDown();
            }));
            assertEquals(2, threads.size());
            IllegalStateException failure = new IllegalStateException("part 2 failed");
            assertSame(failure, assertThrows(IllegalStateException.class,
                    () -> StepThreads.run(List.of(() -> { }, () -> {
                        throw failure;
                    }))));
        } finally {
            StepThreads.disable();
        }
    }
}
